import { eq } from 'drizzle-orm';
import { stockItems } from '@/db/schema';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import type { StockReturnBody } from './schemas';
import {
  addQuantity,
  adjustmentErrors,
  getLocationOrError,
  ItemErrors,
  invalidPk,
  isPlaced,
  isSerialized,
  lockRequestItems,
  num,
  optionalFields,
  peekColumn,
  requireItems,
  units,
  updateItem,
} from './shared';
import { splitItem } from './split';

/**
 * `POST /api/stock/return/` (InvenTree's `return_to_stock`): items not in stock come back to
 * `location` (a partial quantity is split off first); customer, sales order, assembly and build
 * consumption are cleared; RETURNED_FROM_CUSTOMER (105) `{location, customer}` when it was with a
 * customer, else RETURNED_TO_STOCK (15) `{location}`. With `merge`, a returned unserialized item
 * goes back into its parent item when that sits in stock at the same location (MERGED_STOCK_ITEMS).
 */
export async function returnStock(ctx: Ctx, input: StockReturnBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    requireItems(input.items);
    const location = await getLocationOrError(ctx.db, input.location, 'location');
    const ids = input.items.map((i) => i.pk);
    const parents = input.merge ? await peekColumn(ctx.db, ids, 'parentId') : [];
    const { rows, parts } = await lockRequestItems(ctx.db, ids, parents);
    const errors = new ItemErrors(input.items.length);
    const entries: TrackingEntry[] = [];
    const deleted = new Set<number>();
    for (const [i, item] of input.items.entries()) {
      const row = rows.get(item.pk);
      if (!row || deleted.has(item.pk)) {
        errors.add(i, 'pk', invalidPk(item.pk));
        continue;
      }
      const problems = adjustmentErrors(row, parts.get(row.partId), item.quantity, {
        allowOutOfStock: true,
        requireNonZero: true,
      });
      if (row.inStock) problems.unshift(['pk', 'Stock item is already in stock']);
      if (!isSerialized(row) && units(item.quantity) > units(row.quantity))
        problems.push([
          'quantity',
          `Quantity must not exceed available stock quantity (${num(row.quantity)})`,
        ]);
      for (const [f, m] of problems) errors.add(i, f, m);
      if (problems.length) continue;
      let target = row;
      if (!isSerialized(row) && units(item.quantity) < units(row.quantity)) {
        const split = await splitItem(ctx.db, row, item.quantity, { notes: input.notes });
        rows.set(row.id, split.source);
        entries.push(...split.entries);
        target = split.child;
      }
      const returned = await updateItem(ctx.db, target.id, {
        customerId: null,
        salesOrderId: null,
        belongsToId: null,
        consumedById: null,
        locationId: location.id,
        ...optionalFields(item),
      });
      if (target.id === row.id) rows.set(row.id, returned);
      const fromCustomer = row.customerId !== null;
      entries.push({
        itemId: target.id,
        partId: target.partId,
        code: fromCustomer ? 'RETURNED_FROM_CUSTOMER' : 'RETURNED_TO_STOCK',
        notes: input.notes,
        deltas: { location: location.id, ...(fromCustomer ? { customer: row.customerId } : {}) },
      });
      const parent = returned.parentId === null ? undefined : rows.get(returned.parentId);
      if (
        input.merge &&
        parent &&
        !isSerialized(returned) &&
        !isSerialized(parent) &&
        isPlaced(parent) &&
        parent.partId === returned.partId &&
        parent.locationId === location.id &&
        parent.status === returned.status
      ) {
        const merged = await updateItem(ctx.db, parent.id, { quantity: addQuantity(returned.quantity) });
        rows.set(parent.id, merged);
        await ctx.db.delete(stockItems).where(eq(stockItems.id, returned.id));
        deleted.add(returned.id);
        rows.delete(returned.id);
        entries.push({
          itemId: parent.id,
          partId: parent.partId,
          code: 'MERGED_STOCK_ITEMS',
          notes: input.notes,
          deltas: { location: location.id, added: num(returned.quantity), quantity: num(merged.quantity) },
        });
      }
    }
    errors.throwIfAny();
    await track(
      ctx,
      entries.filter((e) => !deleted.has(e.itemId)),
    );
    return input;
  });
}
