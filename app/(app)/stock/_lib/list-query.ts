/** The stock list's state, read from its URL (`/stock?location=3&status=10&ordering=-quantity`). */
export type SearchParams = Record<string, string | string[] | undefined>;

export const PAGE_SIZES = [25, 50, 100];
export const SORTABLE = ['part', 'quantity', 'location', 'status', 'updated'] as const;

export interface StockListState {
  /** undefined: every location; else this location (and below it unless `cascade` is off). */
  location: number | undefined;
  cascade: boolean;
  /** Only this part's stock (`?part=N`, e.g. from the part page). */
  part: number | undefined;
  search: string;
  status: number | undefined;
  inStock: boolean | undefined;
  serialized: boolean | undefined;
  batch: string;
  ordering: string;
  limit: number;
  offset: number;
}

const first = (sp: SearchParams, key: string) => {
  const v = sp[key];
  return (Array.isArray(v) ? v[0] : v)?.trim();
};

const flagValue = (v: string | undefined) =>
  v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;

const id = (v: string | undefined) => (v && /^\d{1,9}$/.test(v) ? Number(v) : undefined);

export function parseStockList(sp: SearchParams): StockListState {
  const orderingRaw = first(sp, 'ordering') ?? '';
  const limit = Number(first(sp, 'limit'));
  return {
    location: id(first(sp, 'location')),
    cascade: flagValue(first(sp, 'cascade')) !== false,
    part: id(first(sp, 'part')),
    search: first(sp, 'search') ?? '',
    status: id(first(sp, 'status')),
    // Like InvenTree's stock table, only what is in stock unless asked otherwise.
    inStock: first(sp, 'in_stock') === '' ? undefined : (flagValue(first(sp, 'in_stock')) ?? true),
    serialized: flagValue(first(sp, 'serialized')),
    batch: first(sp, 'batch') ?? '',
    ordering: (SORTABLE as readonly string[]).includes(orderingRaw.replace(/^-/, '')) ? orderingRaw : '',
    limit: PAGE_SIZES.includes(limit) ? limit : PAGE_SIZES[0]!,
    offset: id(first(sp, 'offset')) ?? 0,
  };
}

/** The state as query parameters, leaving defaults out (so links stay short). */
export function stockListParams(s: StockListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.location !== undefined) p.set('location', String(s.location));
  if (!s.cascade) p.set('cascade', 'false');
  if (s.part !== undefined) p.set('part', String(s.part));
  if (s.search) p.set('search', s.search);
  if (s.status !== undefined) p.set('status', String(s.status));
  if (s.inStock === undefined) p.set('in_stock', '');
  else if (!s.inStock) p.set('in_stock', 'false');
  if (s.serialized !== undefined) p.set('serialized', String(s.serialized));
  if (s.batch) p.set('batch', s.batch);
  if (s.ordering) p.set('ordering', s.ordering);
  if (s.limit !== PAGE_SIZES[0]) p.set('limit', String(s.limit));
  if (s.offset) p.set('offset', String(s.offset));
  return p;
}

/** `/stock?…` for this state with some fields changed (changing what is listed resets the offset). */
export function stockListHref(s: StockListState, patch: Partial<StockListState> = {}): string {
  const next = { ...s, ...patch };
  if (!('offset' in patch)) next.offset = 0;
  const q = stockListParams(next).toString();
  return q ? `/stock?${q}` : '/stock';
}

/** The verb's query (the API's own strings, parsed by its schema) for this state. */
export function stockQueryParams(s: StockListState): Record<string, string> {
  const q: Record<string, string> = {
    part_detail: 'true',
    location_detail: 'true',
    ordering: s.ordering || 'part',
    limit: String(s.limit),
    offset: String(s.offset),
  };
  if (s.location !== undefined) {
    q.location = String(s.location);
    q.cascade = String(s.cascade);
  }
  if (s.part !== undefined) q.part = String(s.part);
  if (s.search) q.search = s.search;
  if (s.status !== undefined) q.status = String(s.status);
  if (s.inStock !== undefined) q.in_stock = String(s.inStock);
  if (s.serialized !== undefined) q.serialized = String(s.serialized);
  if (s.batch) q.batch = s.batch;
  return q;
}
