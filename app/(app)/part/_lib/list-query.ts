import type { PartQuery } from '@/server/parts';

/** The part list's state, read from its URL (`/part?category=3&active=true&ordering=-IPN&limit=50`). */
export type SearchParams = Record<string, string | string[] | undefined>;

export const FLAG_FILTERS = [
  ['active', 'Active'],
  ['assembly', 'Assembly'],
  ['component', 'Component'],
  ['purchaseable', 'Purchaseable'],
  ['salable', 'Salable'],
  ['trackable', 'Trackable'],
  ['virtual', 'Virtual'],
  ['is_template', 'Template'],
] as const;
export type FlagFilter = (typeof FLAG_FILTERS)[number][0];

export const PAGE_SIZES = [25, 50, 100];
export const SORTABLE = ['name', 'IPN', 'category', 'units', 'creation_date'] as const;
const MAX_PARAM_COLUMNS = 10;

export interface PartListState {
  /** undefined: every part; null: parts without a category; else the category (and below it). */
  category: number | null | undefined;
  cascade: boolean;
  search: string;
  flags: Partial<Record<FlagFilter, boolean>>;
  ordering: string;
  limit: number;
  offset: number;
  /** Parameter template ids shown as extra columns. */
  params: number[];
  /** `parameter_<template>=<value>` filters. */
  parameterFilters: { templateId: number; value: string }[];
}

const first = (sp: SearchParams, key: string) => {
  const v = sp[key];
  return (Array.isArray(v) ? v[0] : v)?.trim();
};

const flagValue = (v: string | undefined) =>
  v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;

export function parsePartList(sp: SearchParams): PartListState {
  const cat = first(sp, 'category');
  const orderingRaw = first(sp, 'ordering') ?? '';
  const orderField = orderingRaw.replace(/^-/, '');
  const limit = Number(first(sp, 'limit'));
  const offset = first(sp, 'offset') ?? '';
  const flags: PartListState['flags'] = {};
  for (const [key] of FLAG_FILTERS) {
    const v = flagValue(first(sp, key));
    if (v !== undefined) flags[key] = v;
  }
  const parameterFilters: PartListState['parameterFilters'] = [];
  for (const [key, raw] of Object.entries(sp)) {
    const m = /^parameter_(\d{1,9})$/.exec(key);
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (m && value?.trim()) parameterFilters.push({ templateId: Number(m[1]), value: value.trim() });
  }
  return {
    category: cat && /^\d{1,9}$/.test(cat) ? Number(cat) : cat === 'null' ? null : undefined,
    cascade: flagValue(first(sp, 'cascade')) !== false,
    search: first(sp, 'search') ?? '',
    flags,
    ordering: (SORTABLE as readonly string[]).includes(orderField) ? orderingRaw : '',
    limit: PAGE_SIZES.includes(limit) ? limit : PAGE_SIZES[0]!,
    offset: /^\d{1,9}$/.test(offset) ? Number(offset) : 0,
    params: [
      ...new Set(
        [sp.params ?? []]
          .flat()
          .join(',')
          .split(',')
          .filter((s) => /^\d{1,9}$/.test(s.trim()))
          .map(Number),
      ),
    ].slice(0, MAX_PARAM_COLUMNS),
    parameterFilters,
  };
}

/** The verb's query for this state; `paged: false` for the CSV export (every row). */
export function toPartQuery(s: PartListState, opts: { paged: boolean }): PartQuery {
  return {
    ...s.flags,
    category: s.category,
    cascade: s.category === undefined ? undefined : s.cascade,
    search: s.search || undefined,
    search_regex: false,
    search_whole: false,
    ordering: s.ordering || 'name',
    category_detail: true,
    parameterFilters: s.parameterFilters.length ? s.parameterFilters : undefined,
    ...(opts.paged ? { limit: String(s.limit), offset: String(s.offset) } : {}),
  };
}

/** The state as query parameters, leaving defaults out (so links stay short). */
export function partListParams(s: PartListState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.category !== undefined) p.set('category', s.category === null ? 'null' : String(s.category));
  if (!s.cascade) p.set('cascade', 'false');
  if (s.search) p.set('search', s.search);
  for (const [key] of FLAG_FILTERS) if (s.flags[key] !== undefined) p.set(key, String(s.flags[key]));
  for (const f of s.parameterFilters) p.set(`parameter_${f.templateId}`, f.value);
  if (s.params.length) p.set('params', s.params.join(','));
  if (s.ordering) p.set('ordering', s.ordering);
  if (s.limit !== PAGE_SIZES[0]) p.set('limit', String(s.limit));
  if (s.offset) p.set('offset', String(s.offset));
  return p;
}

/** `/part?…` for this state with some fields changed (changing what is listed resets the offset). */
export function partListHref(s: PartListState, patch: Partial<PartListState> = {}): string {
  const next = { ...s, ...patch };
  if (!('offset' in patch)) next.offset = 0;
  const q = partListParams(next).toString();
  return q ? `/part?${q}` : '/part';
}

/** The CSV export of the same view (without pagination). */
export function exportHref(s: PartListState): string {
  const p = partListParams({ ...s, offset: 0, limit: PAGE_SIZES[0]! });
  const q = p.toString();
  return q ? `/part/export.csv?${q}` : '/part/export.csv';
}
