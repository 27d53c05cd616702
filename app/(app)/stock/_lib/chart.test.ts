import { describe, expect, it } from 'vitest';
import { niceMax, quantitySeries } from './chart';

const entry = (pk: number, date: string, tracking_type: number, deltas: Record<string, unknown>) => ({
  pk,
  item: 1,
  date,
  tracking_type,
  notes: null,
  deltas,
  user: null,
});

describe('quantitySeries', () => {
  it('takes the entries that carry a quantity, oldest first', () => {
    const points = quantitySeries(
      [
        entry(3, '2026-03-01T10:00:00Z', 10, { quantity: 5 }),
        entry(1, '2026-01-01T10:00:00Z', 1, { quantity: 10, status: 10 }),
        entry(2, '2026-02-01T10:00:00Z', 20, { location: 4 }),
        entry(4, '2026-02-15T10:00:00Z', 42, { quantity: '6', removed: 4 }),
      ],
      (code) => `code ${code}`,
    );
    expect(points.map((p) => [p.q, p.label])).toEqual([
      [10, 'code 1'],
      [6, 'code 42'],
      [5, 'code 10'],
    ]);
  });

  it('rounds the axis up to 1, 2 or 5 × 10ⁿ', () => {
    expect([niceMax(0), niceMax(3), niceMax(10), niceMax(11), niceMax(260)]).toEqual([1, 5, 10, 20, 500]);
  });
});
