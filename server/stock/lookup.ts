import { asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { stockItems, stockLocations } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { type FieldErrors, notFound, validation } from '@/lib/errors';

export type StockItemRow = typeof stockItems.$inferSelect;
export type StockLocationRow = typeof stockLocations.$inferSelect;

/** Fetch-or-throw for one stock item; `forUpdate` takes its row lock (a write follows). */
export async function getStockItemRow(
  db: Tx,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<StockItemRow> {
  const q = db.select().from(stockItems).where(eq(stockItems.id, id));
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('StockItem');
  return row;
}

/**
 * Locks several stock items for a multi-item operation, always in ascending id order so two
 * operations on overlapping sets can never deadlock. Missing ids are a 400 naming the item's index
 * in the request, the way InvenTree reports list inputs (`{"items": [{}, {"pk": ["..."]}]}`).
 */
export async function lockStockItems(
  db: Tx,
  ids: number[],
  opts: { reported?: number } = {},
): Promise<Map<number, StockItemRow>> {
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  const rows = unique.length
    ? await db
        .select()
        .from(stockItems)
        .where(anyOf(stockItems.id, unique))
        .orderBy(asc(stockItems.id))
        .for('update')
    : [];
  const found = new Map(rows.map((r) => [r.id, r]));
  assertAllFound(ids, found, opts.reported);
  return found;
}

/**
 * InvenTree's list error for ids that do not exist: `{"items": [{}, {"pk": ["..."]}]}`, one entry
 * for each of the first `reported` ids (the request's; ids after them are the operation's own).
 */
export function assertAllFound(ids: number[], found: Map<number, unknown>, reported = ids.length): void {
  if (ids.every((id) => found.has(id))) return;
  const missing = ids
    .slice(0, reported)
    .map((id): FieldErrors => (found.has(id) ? {} : { pk: [`Invalid pk "${id}" - object does not exist.`] }));
  throw validation({ items: missing });
}

export async function getLocationRow(
  db: Tx,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<StockLocationRow> {
  const q = db.select().from(stockLocations).where(eq(stockLocations.id, id));
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('StockLocation');
  return row;
}
