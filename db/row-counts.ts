import { getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Tx } from './client';
import { rowCountDeltas } from './schema';

/** The tables whose row count triggers keep (migration 0008): where an unfiltered count scans most. */
export const COUNTED_TABLES = new Set(['parts', 'stock_items']);

/**
 * `select count(*) from table [where …]`: without a filter, for a counted table, the sum of its
 * deltas (100,000 parts: 22 ms of index-only scan → a few rows); with one, PostgreSQL counts.
 */
export async function countRows(db: Tx, table: PgTable, where: SQL | undefined): Promise<number> {
  const name = getTableName(table);
  if (where || !COUNTED_TABLES.has(name)) return db.$count(table, where);
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${rowCountDeltas.delta}), 0)::int` })
    .from(rowCountDeltas)
    .where(sql`${rowCountDeltas.tableName} = ${name}`);
  return row!.n;
}

/**
 * Folds each table's deltas into one row, in one statement: deltas of transactions still open are
 * not seen by the delete and stay; so does anything committed after it started.
 */
export async function compactRowCounts(db: Tx): Promise<void> {
  await db.execute(sql`
    with gone as (delete from ${rowCountDeltas} returning table_name, delta)
    insert into ${rowCountDeltas} (table_name, delta)
    select table_name, sum(delta) from gone group by table_name`);
}
