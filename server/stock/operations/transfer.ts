import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import type { StockTransferBody } from './schemas';
import {
  adjustmentErrors,
  allowOutOfStockTransfer,
  getLocationOrError,
  ItemErrors,
  invalidPk,
  isSerialized,
  lockRequestItems,
  optionalFields,
  requireItems,
  units,
  updateItem,
} from './shared';
import { splitItem } from './split';

/**
 * `POST /api/stock/transfer/`: a partial quantity splits a child item into the destination
 * (SPLIT_FROM_PARENT 40 on it, SPLIT_CHILD_ITEM 42 on the source); the full quantity (or more,
 * as InvenTree's `move`) moves the item: STOCK_MOVE (20), or STOCK_UPDATE (25) for the same
 * location. Structural destinations are refused; items not in stock too, unless
 * STOCK_ALLOW_OUT_OF_STOCK_TRANSFER. Items locked in id order; any bad item fails all.
 */
export async function transferStock(ctx: Ctx, input: StockTransferBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    requireItems(input.items);
    const allowOutOfStock = await allowOutOfStockTransfer();
    const location = await getLocationOrError(ctx.db, input.location, 'location');
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
      const problems = adjustmentErrors(row, parts.get(row.partId), item.quantity, {
        allowOutOfStock,
        requireNonZero: true,
      });
      for (const [f, m] of problems) errors.add(i, f, m);
      if (problems.length) continue;
      if (!isSerialized(row) && units(item.quantity) < units(row.quantity)) {
        const split = await splitItem(ctx.db, row, item.quantity, {
          location: location.id,
          notes: input.notes,
          set: optionalFields(item),
        });
        rows.set(row.id, split.source);
        entries.push(...split.entries);
        continue;
      }
      const same = row.locationId === location.id;
      const updated = await updateItem(ctx.db, row.id, { locationId: location.id, ...optionalFields(item) });
      rows.set(row.id, updated);
      entries.push({
        itemId: row.id,
        partId: row.partId,
        code: same ? 'STOCK_UPDATE' : 'STOCK_MOVE',
        notes: input.notes,
        deltas: { location: location.id },
      });
    }
    errors.throwIfAny();
    await track(ctx, entries);
    return input;
  });
}
