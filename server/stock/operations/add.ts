import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import type { StockAdjustBody } from './schemas';
import {
  addQuantity,
  adjustmentErrors,
  allowOutOfStockTransfer,
  ItemErrors,
  invalidPk,
  isSerialized,
  lockRequestItems,
  MAX_UNITS,
  num,
  optionalFields,
  requireItems,
  units,
  updateItem,
} from './shared';

/**
 * `POST /api/stock/add/`: adds each quantity in SQL (`quantity + $q`) and writes STOCK_ADD (11)
 * `{added, quantity}`. Serialized items are refused; a zero quantity is a no-op (as InvenTree).
 * Items are locked in id order first; any bad item fails the whole request.
 */
export async function addStock(ctx: Ctx, input: StockAdjustBody) {
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
      if (isSerialized(row)) problems.push(['pk', 'Cannot add stock to a serialized stock item']);
      if (units(row.quantity) + units(item.quantity) > MAX_UNITS)
        problems.push(['quantity', 'Ensure that there are no more than 15 digits in total.']);
      for (const [f, m] of problems) errors.add(i, f, m);
      if (problems.length || units(item.quantity) === 0n) continue;
      const updated = await updateItem(ctx.db, row.id, {
        quantity: addQuantity(item.quantity),
        ...optionalFields(item),
      });
      rows.set(row.id, updated);
      entries.push({
        itemId: row.id,
        partId: row.partId,
        code: 'STOCK_ADD',
        notes: input.notes,
        deltas: { added: num(item.quantity), quantity: num(updated.quantity) },
      });
    }
    errors.throwIfAny();
    await track(ctx, entries);
    return input;
  });
}
