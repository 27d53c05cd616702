import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from '@/db/client';
import { anyOf } from '@/db/sql';
import { validation } from '@/lib/errors';

/** InvenTree's bulk selection as the request carries it: `items` and/or `filters`, or `?all=true`. */
export interface BulkSelection {
  items?: unknown;
  filters?: unknown;
  all?: boolean;
}

/**
 * A field the bulk `filters` dict may name: plain equality only (InvenTree hands the dict to the
 * ORM; an allowlist keeps arbitrary lookups out). `id` takes an integer or null, `int` an integer,
 * `bool` a boolean, `string` a string or null (integers may come as digit strings); `value`, when
 * given, maps the raw value to the one compared (undefined: invalid).
 */
export interface BulkFilter {
  column: PgColumn;
  kind: 'id' | 'int' | 'bool' | 'string';
  value?: (raw: unknown) => unknown;
}

const bulkError = (message: string) => validation({ non_field_errors: message });
const asInt = (v: unknown) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);

/** A filter's value as compared (null: `is null`), or undefined when the kind refuses it. */
function filterValue(f: BulkFilter, raw: unknown): unknown {
  if (f.value) return f.value(raw);
  if (raw === null) return f.kind === 'id' || f.kind === 'string' ? null : undefined;
  if (f.kind === 'bool') return typeof raw === 'boolean' ? raw : undefined;
  if (f.kind === 'string') return typeof raw === 'string' ? raw : undefined;
  const v = asInt(raw);
  return Number.isInteger(v) ? v : undefined;
}

/** `?all=` of a bulk operation as InvenTree reads it (str2bool): absent is false, a false word a 400. */
export function allFlag(raw: string | null | undefined): boolean {
  if (raw === null || raw === undefined) return false;
  if (!/^(1|true|yes|on|y|t)$/i.test(raw)) throw bulkError('All filter must only be used with true');
  return true;
}

/**
 * A bulk selection as a condition on `idColumn`'s table, with InvenTree's error wording
 * (`{"non_field_errors": "..."}`); undefined for `?all=true` alone.
 */
export function bulkCondition(
  idColumn: PgColumn,
  filters: Record<string, BulkFilter>,
  sel: BulkSelection,
): SQL | undefined {
  if (sel.items === undefined && sel.filters === undefined && !sel.all)
    throw bulkError('List of items or filters must be provided for bulk operation');
  const conds: SQL[] = [];
  if (sel.items !== undefined) {
    if (!Array.isArray(sel.items)) throw bulkError('Items must be provided as a list');
    const ids = sel.items.map(asInt);
    if (!ids.every((n) => Number.isInteger(n))) throw bulkError('Invalid items list provided');
    conds.push(anyOf(idColumn, ids));
  }
  if (sel.filters !== undefined) {
    if (typeof sel.filters !== 'object' || sel.filters === null || Array.isArray(sel.filters))
      throw bulkError('Filters must be provided as a dict');
    for (const [k, raw] of Object.entries(sel.filters)) {
      const f = Object.hasOwn(filters, k) ? filters[k] : undefined;
      const v = f ? filterValue(f, raw) : undefined;
      if (!f || v === undefined) throw bulkError('Invalid filters provided');
      conds.push(v === null ? isNull(f.column) : eq(f.column, v as never));
    }
  }
  return conds.length ? and(...conds) : undefined;
}

/** "No items match the provided criteria": a bulk selection that matched nothing. */
export const noBulkMatch = () => bulkError('No items match the provided criteria');

/** Resolves a bulk selection to ids (ascending) in `table`; an empty match is an error too. */
export async function bulkSelection(
  db: Tx,
  table: PgTable,
  idColumn: PgColumn,
  filters: Record<string, BulkFilter>,
  sel: BulkSelection,
): Promise<number[]> {
  const rows = await db
    .select({ id: idColumn })
    .from(table)
    .where(bulkCondition(idColumn, filters, sel))
    .orderBy(asc(idColumn));
  if (!rows.length) throw noBulkMatch();
  return rows.map((r) => r.id as number);
}
