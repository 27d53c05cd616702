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
 * ORM; an allowlist keeps arbitrary lookups out). `id` takes an integer or null, `bool` a boolean,
 * `int` an integer.
 */
export interface BulkFilter {
  column: PgColumn;
  kind: 'id' | 'bool' | 'int';
}

const validValue = (kind: BulkFilter['kind'], v: unknown) => {
  if (kind === 'bool') return typeof v === 'boolean';
  const isInt = typeof v === 'number' && Number.isInteger(v);
  return kind === 'id' ? isInt || v === null : isInt;
};

/**
 * Resolves a bulk selection to ids (ascending) in `table`, with InvenTree's error wording
 * (`{"non_field_errors": "..."}`), an empty match being an error too.
 */
export async function bulkSelection(
  db: Tx,
  table: PgTable,
  idColumn: PgColumn,
  filters: Record<string, BulkFilter>,
  sel: BulkSelection,
): Promise<number[]> {
  if (sel.items === undefined && sel.filters === undefined && !sel.all)
    throw validation({ non_field_errors: 'List of items or filters must be provided for bulk operation' });
  const conds: SQL[] = [];
  if (sel.items !== undefined) {
    if (!Array.isArray(sel.items)) throw validation({ non_field_errors: 'Items must be provided as a list' });
    const ids = sel.items.map(Number);
    if (ids.some((n) => !Number.isInteger(n)))
      throw validation({ non_field_errors: 'Invalid items list provided' });
    conds.push(anyOf(idColumn, ids));
  }
  if (sel.filters !== undefined) {
    if (typeof sel.filters !== 'object' || sel.filters === null || Array.isArray(sel.filters))
      throw validation({ non_field_errors: 'Filters must be provided as a dict' });
    for (const [k, v] of Object.entries(sel.filters)) {
      const f = filters[k];
      if (!f || !validValue(f.kind, v)) throw validation({ non_field_errors: 'Invalid filters provided' });
      conds.push(v === null ? isNull(f.column) : eq(f.column, v as never));
    }
  }
  const rows = await db
    .select({ id: idColumn })
    .from(table)
    .where(and(...conds))
    .orderBy(asc(idColumn));
  if (!rows.length) throw validation({ non_field_errors: 'No items match the provided criteria' });
  return rows.map((r) => r.id as number);
}
