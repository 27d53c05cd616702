import { asc, desc, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { z } from 'zod';
import { queryFlag } from '../zod';
import type { JsonText } from './respond';

/** The query parameters every list endpoint shares (pagination, search, ordering). */
export const listQuery = z.object({
  limit: z.string().optional(),
  offset: z.string().optional(),
  ordering: z.string().optional(),
  search: z.string().optional(),
  search_regex: queryFlag(),
  search_whole: queryFlag(),
});
export type ListQuery = Partial<z.infer<typeof listQuery>>;

/** A list answer's schema (for docs): a bare array without `limit`, a page with it. */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.union([
    z.array(item),
    z.object({
      count: z.number(),
      next: z.string().nullable(),
      previous: z.string().nullable(),
      results: z.array(item),
    }),
  ]);
}

/** DRF's LimitOffsetPagination reading: no/zero/garbage limit means "everything, as an array". */
export function pageParams(q: Pick<ListQuery, 'limit' | 'offset'>): { limit: number | null; offset: number } {
  const limit = q.limit && /^\d+$/.test(q.limit) ? Number(q.limit) : 0;
  const offset = q.offset && /^\d+$/.test(q.offset) ? Number(q.offset) : 0;
  return { limit: limit > 0 ? limit : null, offset: limit > 0 ? offset : 0 };
}

/** Splits a search string into terms; quoted phrases stay together. */
export function searchTerms(search: string | undefined): string[] {
  if (!search) return [];
  const terms: string[] = [];
  for (const m of search.matchAll(/"([^"]*)"|'([^']*)'|([^\s,]+)/g)) {
    const t = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (t) terms.push(t);
  }
  return terms;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * InvenTree's search: every term must match at least one field, case-insensitively
 * (`contains`, or a regular expression with `search_regex`, word-bounded with `search_whole`).
 */
export function searchCondition(
  q: Pick<ListQuery, 'search' | 'search_regex' | 'search_whole'>,
  fields: SQLWrapper[],
) {
  const terms = searchTerms(q.search);
  if (!terms.length || !fields.length) return undefined;
  const perTerm = terms.map((term) => {
    const ors = fields.map((f) => {
      if (q.search_regex) {
        const pattern = q.search_whole ? `\\y${term}\\y` : term;
        return sql`${f} ~* ${pattern}`;
      }
      return sql`${f} ilike ${`%${escapeLike(term)}%`}`;
    });
    return sql`(${sql.join(ors, sql` or `)})`;
  });
  return sql.join(perTerm, sql` and `);
}

/**
 * `ordering=a,-b` over a whitelist; unknown names are dropped, the default applies when none remain,
 * and the primary key is appended as tie-breaker (descending if any requested field is).
 */
export function orderBy(
  ordering: string | undefined,
  fields: Record<string, SQLWrapper>,
  pk: SQLWrapper,
  fallback: SQL[] = [],
): SQL[] {
  const out: SQL[] = [];
  let anyDesc = false;
  for (const raw of (ordering ?? '').split(',')) {
    const name = raw.trim();
    const isDesc = name.startsWith('-');
    const col = fields[isDesc ? name.slice(1) : name];
    if (!col) continue;
    anyDesc ||= isDesc;
    out.push(isDesc ? desc(col as never) : asc(col as never));
  }
  if (!out.length) out.push(...fallback);
  out.push(anyDesc ? desc(pk as never) : asc(pk as never));
  return out;
}

export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** DRF's absolute `next`/`previous` links of a page, built from the request's own URL. */
function pageLinks(url: URL, limit: number, offset: number, count: number) {
  const link = (o: number | null) => {
    const u = new URL(url);
    u.searchParams.set('limit', String(limit));
    if (o === null || o <= 0) u.searchParams.delete('offset');
    else u.searchParams.set('offset', String(o));
    return u.toString();
  };
  return {
    next: offset + limit < count ? link(offset + limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit)) : null,
  };
}

/**
 * Runs a list the way InvenTree answers it: without `limit` the whole (ordered) list as an array;
 * with `limit` a page plus `count` and absolute `next`/`previous` URLs built from the request's own URL.
 */
export async function paginate<T>(
  url: URL,
  q: Pick<ListQuery, 'limit' | 'offset'>,
  run: { rows: (limit: number | null, offset: number) => Promise<T[]>; count: () => Promise<number> },
): Promise<T[] | Page<T>>;
/** The same, for rows PostgreSQL answers as JSON text (`treeRows`): sent without parsing them. */
export async function paginate(
  url: URL,
  q: Pick<ListQuery, 'limit' | 'offset'>,
  run: { rows: (limit: number | null, offset: number) => Promise<JsonText>; count: () => Promise<number> },
): Promise<JsonText | (Omit<Page<never>, 'results'> & { results: JsonText })>;
export async function paginate(
  url: URL,
  q: Pick<ListQuery, 'limit' | 'offset'>,
  run: { rows: (limit: number | null, offset: number) => Promise<unknown>; count: () => Promise<number> },
): Promise<unknown> {
  const { limit, offset } = pageParams(q);
  if (limit === null) return run.rows(null, 0);
  const [count, results] = await Promise.all([run.count(), run.rows(limit, offset)]);
  return { count, ...pageLinks(url, limit, offset, count), results };
}
