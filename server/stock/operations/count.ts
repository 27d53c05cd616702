import { sql } from 'drizzle-orm';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import type { StockCountBody } from './schemas';
import {
  adjustmentErrors,
  allowOutOfStockTransfer,
  deleteIfDepleted,
  getLocationOrError,
  ItemErrors,
  invalidPk,
  isSerialized,
  lockRequestItems,
  num,
  optionalFields,
  requireItems,
  units,
  updateItem,
} from './shared';

/**
 * Stocktake (`POST /api/stock/count/`): sets each item's quantity, stocktake date and user, and
 * writes STOCK_COUNT (10) `{quantity}`. A count of 0 deletes an item marked delete_on_deplete.
 * All items are locked in id order first; any bad item fails the whole request, changing nothing.
 */
export async function countStock(ctx: Ctx, input: StockCountBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    requireItems(input.items);
    const allowOutOfStock = await allowOutOfStockTransfer();
    const location =
      input.location == null ? null : await getLocationOrError(ctx.db, input.location, 'location');
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
      if (isSerialized(row) && units(item.quantity) > units('1'))
        problems.push(['quantity', 'Quantity must be 1 for item with a serial number']);
      for (const [f, m] of problems) errors.add(i, f, m);
      if (problems.length) continue;
      const updated = await updateItem(ctx.db, row.id, {
        quantity: sql`${item.quantity}::numeric`,
        stocktakeDate: sql`current_date`,
        stocktakeUserId: ctx.actor.userId || null,
        ...(location ? { locationId: location.id } : {}),
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
        code: 'STOCK_COUNT',
        notes: input.notes,
        deltas: { quantity: num(updated.quantity), ...(location ? { location: location.id } : {}) },
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
