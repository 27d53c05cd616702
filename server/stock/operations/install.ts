import { asc, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { stockItems } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { fieldError, notFound } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import type { StockItemRow } from '../lookup';
import { type TrackingEntry, track } from '../tracking';
import type { InstallBody } from './schemas';
import { invalidPk, isSerialized, units, updateItem } from './shared';
import { splitItem } from './split';

/** Locks two items in ascending id order (never a deadlock against the list operations). */
export async function lockPair(db: Tx, a: number, b: number): Promise<Map<number, StockItemRow>> {
  const rows = await db
    .select()
    .from(stockItems)
    .where(anyOf(stockItems.id, [a, b]))
    .orderBy(asc(stockItems.id))
    .for('update');
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * `POST /api/stock/{id}/install/` (InvenTree's `installStockItem`): installs `quantity` (default 1)
 * of an in-stock item into the assembly item `id`, splitting it first when partial; the installed
 * item's location is cleared. INSTALLED_INTO_ASSEMBLY (30) on it, INSTALLED_CHILD_ITEM (35) on the
 * assembly. Refused: the same part as the assembly, the assembly itself or one of its containers.
 */
export async function installStockItem(ctx: Ctx, assemblyId: number, input: InstallBody) {
  assertCan(ctx, 'stock', 'add');
  return withTransaction(ctx, async (ctx) => {
    const rows = await lockPair(ctx.db, assemblyId, input.stock_item);
    const assembly = rows.get(assemblyId);
    if (!assembly) throw notFound('StockItem');
    const item = rows.get(input.stock_item);
    if (!item) throw fieldError('stock_item', invalidPk(input.stock_item));
    const quantity = input.quantity ?? 1;
    if (!item.inStock) throw fieldError('stock_item', 'Stock item is unavailable');
    if (item.id === assembly.id) throw fieldError('stock_item', 'Stock item cannot be installed into itself');
    if (item.partId === assembly.partId)
      throw fieldError('stock_item', 'Stock item cannot be installed into an item of the same part');
    // The assembly must not itself sit (at any depth) inside the item being installed.
    const [cycle] = await ctx.db.execute<{ id: number }>(sql`
      with recursive up(id, belongs_to_id) as (
        select id, belongs_to_id from stock_items where id = ${assembly.id}
        union all
        select s.id, s.belongs_to_id from stock_items s join up on s.id = up.belongs_to_id
      ) select id from up where id = ${item.id} limit 1`);
    if (cycle)
      throw fieldError('stock_item', 'Stock item cannot be installed into one of its own components');
    if (units(String(quantity)) > units(item.quantity))
      throw fieldError('quantity', 'Quantity to install must not exceed available quantity');
    const entries: TrackingEntry[] = [];
    let target = item;
    if (!isSerialized(item) && units(String(quantity)) < units(item.quantity)) {
      const split = await splitItem(ctx.db, item, String(quantity), { location: null, notes: input.note });
      entries.push(...split.entries);
      target = split.child;
    }
    await updateItem(ctx.db, target.id, { belongsToId: assembly.id, locationId: null });
    entries.push(
      {
        itemId: target.id,
        partId: target.partId,
        code: 'INSTALLED_INTO_ASSEMBLY',
        notes: input.note,
        deltas: { stockitem: assembly.id },
      },
      {
        itemId: assembly.id,
        partId: assembly.partId,
        code: 'INSTALLED_CHILD_ITEM',
        notes: input.note,
        deltas: { stockitem: target.id },
      },
    );
    await track(ctx, entries);
    return { stock_item: input.stock_item, quantity, note: input.note ?? '' };
  });
}
