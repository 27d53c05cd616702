import type { TrackingView } from './types';

export interface ChartPoint {
  t: number;
  q: number;
  label: string;
}

/**
 * Quantity over time from the ledger: every entry whose deltas carry the item's new `quantity`
 * (created, counted, added, removed, split, merged ...) is a point, oldest first.
 */
export function quantitySeries(entries: TrackingView[], labelOf: (code: number) => string): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const e of entries) {
    const raw = e.deltas?.quantity;
    const q = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
    const t = Date.parse(e.date);
    if (Number.isFinite(q) && Number.isFinite(t)) out.push({ t, q, label: labelOf(e.tracking_type) });
  }
  return out.sort((a, b) => a.t - b.t);
}

/** Round axis maximum: 1, 2, 5 × 10ⁿ above the largest value. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
