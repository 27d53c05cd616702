import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import type { StockAdjustBody } from './schemas';
import {
  adjustmentErrors,
  allowOutOfStockTransfer,
  deleteIfDepleted,
  ItemErrors,
  invalidPk,
  isSerialized,
  lockRequestItems,
  num,
  optionalFields,
  requireItems,
  subQuantity,
  units,
  updateItem,
} from './shared';

/**
 * `POST /api/stock/remove/`: subtracts each quantity in SQL and writes STOCK_REMOVE (12)
 * `{removed, quantity}`. Never below zero (a per-item error, checked against the locked row);
 * serialized items refused; a depleted delete_on_deplete item is deleted. Any bad item fails all.
 */
export async function removeStock(ctx: Ctx, input: StockAdjustBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    requireItems(input.items);
    const allowOutOfStock = await allowOutOfStockTransfer();
    const { rows, parts } = await lockRequestItems(
      ctx.db,
      input.items.map((i) => i.pk),
    );
    const errors = new ItemErrors(input.items.length);
    const entries: TrackingEntry[] = [];
    for (const [i, item] of input.items.entries()) {
      const row = rows.get(item.pk);
      if (!row) {
        errors.add(i, 'pk', invalidPk(item.pk));
        continue;
      }
      const problems = adjustmentErrors(row, parts.get(row.partId), item.quantity, { allowOutOfStock });
      if (isSerialized(row)) problems.push(['pk', 'Cannot remove stock from a serialized stock item']);
      if (units(item.quantity) > units(row.quantity))
        problems.push([
          'quantity',
          `Quantity must not exceed available stock quantity (${num(row.quantity)})`,
        ]);
      for (const [f, m] of problems) errors.add(i, f, m);
      if (problems.length || units(item.quantity) === 0n) continue;
      const updated = await updateItem(ctx.db, row.id, {
        quantity: subQuantity(item.quantity),
        ...optionalFields(item),
      });
      rows.set(row.id, updated);
      if (await deleteIfDepleted(ctx.db, updated)) {
        rows.delete(row.id);
        continue;
      }
      entries.push({
        itemId: row.id,
        partId: row.partId,
        code: 'STOCK_REMOVE',
        notes: input.notes,
        deltas: { removed: num(item.quantity), quantity: num(updated.quantity) },
      });
    }
    errors.throwIfAny();
    await track(
      ctx,
      entries.filter((e) => rows.has(e.itemId)),
    );
    return input;
  });
}
