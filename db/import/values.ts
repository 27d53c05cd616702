import type { SourceRecord } from './reader';
import type { MapContext } from './types';

// Value helpers: fixtures leave fields out, YAML gives numbers where Django stores text.
export const has = (f: Record<string, unknown>, k: string) => f[k] !== undefined;
export function str(v: unknown, fallback = ''): string {
  return v === null || v === undefined ? fallback : String(v);
}
export function strOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}
export function bool(v: unknown, fallback: boolean): boolean {
  if (v === null || v === undefined) return fallback;
  if (typeof v === 'string') return ['true', '1', 'yes', 't', 'y', 'on'].includes(v.toLowerCase());
  return Boolean(v);
}
export function int(v: unknown, fallback: number): number {
  const n = Number(v);
  return v === null || v === undefined || v === '' || !Number.isFinite(n) ? fallback : Math.trunc(n);
}
/**
 * A jsonb value as a JavaScript value: postgres.js serialises parameters the server describes as
 * jsonb with JSON.stringify, so JSON text here would be stored as one JSON string. Text that parses
 * as JSON (Django's TextField-era metadata) is read as what it encodes.
 */
export function json(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}
export const pgArray = (ids: number[]) => `{${ids.join(',')}}`;
export const now = () => new Date().toISOString();
export function timestamp(v: unknown): string {
  if (v === null || v === undefined || v === '') return now();
  return v instanceof Date ? v.toISOString() : String(v);
}
export function date(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}
/** The first field present among InvenTree's names for it across versions. */
export function pick(f: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (has(f, n)) return f[n];
  return undefined;
}
export const optionalRef = (
  ctx: MapContext,
  kind: Parameters<MapContext['ref']>[0],
  v: unknown,
  rec: SourceRecord,
  field: string,
) => (v === null || v === undefined || v === '' ? null : ctx.ref(kind, v, rec, field));

/** Parents before children: a depth-first order over `parentOf` (cycles are refused). */
export function parentsFirst(
  records: SourceRecord[],
  parentOf: (r: SourceRecord) => number[],
): SourceRecord[] {
  const byPk = new Map(records.map((r) => [r.pk, r]));
  const out: SourceRecord[] = [];
  const state = new Map<number, 1 | 2>();
  const visit = (r: SourceRecord, trail: number[]) => {
    const s = state.get(r.pk);
    if (s === 2) return;
    if (s === 1)
      throw new Error(`${r.model} pk=${r.pk}: circular parent chain ${[...trail, r.pk].join(' → ')}`);
    state.set(r.pk, 1);
    for (const p of parentOf(r)) {
      const parent = byPk.get(p);
      if (parent && parent !== r) visit(parent, [...trail, r.pk]);
    }
    state.set(r.pk, 2);
    out.push(r);
  };
  for (const r of records) visit(r, []);
  return out;
}

export function refPk(v: unknown): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) ? n : null;
}

export function timestampOrNull(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : timestamp(v);
}

/**
 * Each part's variant chain root → part (`parts.variant_tree_ids`), from the imported part records
 * and the parts already in the database; `variant_of` pointing outside both ends the chain.
 */
export function variantChains(
  records: SourceRecord[],
  existing: Map<number, number | null>,
): Map<number, number[]> {
  const variantOf = new Map(existing);
  for (const r of records) variantOf.set(r.pk, refPk(r.fields.variant_of));
  const chains = new Map<number, number[]>();
  const chain = (id: number, depth: number): number[] => {
    const done = chains.get(id);
    if (done) return done;
    if (depth > 1000) throw new Error(`part.part pk=${id}: circular variant_of chain`);
    const parent = variantOf.get(id);
    const up =
      parent === null || parent === undefined || !variantOf.has(parent) ? [] : chain(parent, depth + 1);
    const c = [...up, id];
    chains.set(id, c);
    return c;
  };
  for (const id of variantOf.keys()) chain(id, 0);
  return chains;
}
