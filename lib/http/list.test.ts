import { describe, expect, it } from 'vitest';
import { pageParams, paginate, searchTerms } from './list';

describe('list helpers', () => {
  it('reads limit/offset like DRF: no, zero or garbage limit means the whole array', () => {
    expect(pageParams({})).toEqual({ limit: null, offset: 0 });
    expect(pageParams({ limit: '0' })).toEqual({ limit: null, offset: 0 });
    expect(pageParams({ limit: 'abc', offset: '5' })).toEqual({ limit: null, offset: 0 });
    expect(pageParams({ limit: '-3' })).toEqual({ limit: null, offset: 0 });
    expect(pageParams({ limit: '25', offset: '-1' })).toEqual({ limit: 25, offset: 0 });
    expect(pageParams({ limit: '25', offset: '50' })).toEqual({ limit: 25, offset: 50 });
  });

  it('splits search terms on spaces and commas, keeping quoted phrases', () => {
    expect(searchTerms('M3  bolt,steel')).toEqual(['M3', 'bolt', 'steel']);
    expect(searchTerms('"hex nut" M4')).toEqual(['hex nut', 'M4']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('builds absolute next/previous links that keep the other parameters', async () => {
    const url = new URL('http://host/api/part/?category=3&limit=25&offset=25');
    const page = await paginate(
      url,
      { limit: '25', offset: '25' },
      { count: async () => 57, rows: async () => [1, 2] },
    );
    expect(page).toEqual({
      count: 57,
      next: 'http://host/api/part/?category=3&limit=25&offset=50',
      previous: 'http://host/api/part/?category=3&limit=25',
      results: [1, 2],
    });
    const last = await paginate(
      url,
      { limit: '25', offset: '50' },
      { count: async () => 57, rows: async () => [] },
    );
    expect((last as { next: string | null }).next).toBeNull();
    const all = await paginate(
      url,
      {},
      { count: async () => 0, rows: async (l) => (l === null ? ['all'] : []) },
    );
    expect(all).toEqual(['all']);
  });
});
