import { sql } from 'drizzle-orm';
import { stockItems } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { type FieldErrors, nonFieldError, validation } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import type { StockItemRow } from '../lookup';
import { track } from '../tracking';
import type { StockMergeBody } from './schemas';
import {
  fromUnits,
  getLocationOrError,
  ItemErrors,
  isSerialized,
  lockWithExtras,
  num,
  units,
  updateItem,
} from './shared';

/** Missing ids in the `{"items": [{"item": [...]}]}` shape of item-keyed lists. */
export async function lockItemKeyed(ctx: Ctx, ids: number[]): Promise<Map<number, StockItemRow>> {
  try {
    return await lockWithExtras(ctx.db, ids, []);
  } catch (err) {
    const items = (err as { body?: { items?: FieldErrors[] } }).body?.items;
    if (!items) throw err;
    throw validation({ items: items.map((e): FieldErrors => (e.pk ? { item: e.pk } : {})) });
  }
}

/**
 * `POST /api/stock/merge/`: sums the other items into the first (SQL arithmetic), moves it to
 * `location`, sets a quantity-weighted purchase price, deletes the others and writes
 * MERGED_STOCK_ITEMS (45) `{location, added, quantity}` on the first. InvenTree's `can_merge`
 * rules apply; all items are locked in id order first.
 */
export async function mergeStock(ctx: Ctx, input: StockMergeBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    const ids = input.items.map((i) => i.item);
    const location = await getLocationOrError(ctx.db, input.location, 'location', { allowStructural: true });
    const rows = await lockItemKeyed(ctx, ids);
    const installedIn = new Set(
      (
        await ctx.db
          .select({ id: stockItems.belongsToId })
          .from(stockItems)
          .where(anyOf(stockItems.belongsToId, ids))
      ).map((r) => r.id),
    );
    const errors = new ItemErrors(ids.length);
    for (const [i, id] of ids.entries()) {
      const row = rows.get(id)!;
      const problem =
        row.salesOrderId !== null
          ? 'Stock item has been assigned to a sales order'
          : row.belongsToId !== null
            ? 'Stock item is installed in another item'
            : installedIn.has(row.id)
              ? 'Stock item contains other items'
              : row.customerId !== null
                ? 'Stock item has been assigned to a customer'
                : row.isBuilding
                  ? 'Stock item is currently in production'
                  : isSerialized(row)
                    ? 'Serialized stock cannot be merged'
                    : null;
      if (problem) errors.add(i, 'item', problem);
    }
    errors.throwIfAny();
    if (ids.length < 2) throw nonFieldError('At least two stock items must be provided');
    if (new Set(ids).size !== ids.length) throw nonFieldError('Duplicate stock items');
    const base = rows.get(ids[0]!)!;
    const others = ids.slice(1).map((id) => rows.get(id)!);
    for (const other of others) {
      if (other.partId !== base.partId) throw nonFieldError('Stock items must refer to the same part');
      if (other.supplierPartId !== base.supplierPartId && !input.allow_mismatched_suppliers)
        throw nonFieldError('Stock items must refer to the same supplier part');
      if (other.status !== base.status && !input.allow_mismatched_status)
        throw nonFieldError('Stock status codes must match');
    }
    const otherIds = others.map((o) => o.id);
    const list = sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    );
    const added = fromUnits(others.reduce((s, o) => s + units(o.quantity), 0n));
    const updated = await updateItem(ctx.db, base.id, {
      quantity: sql`(select sum(quantity) from stock_items where id in (${list}))`,
      purchasePrice: sql`(select sum(purchase_price * quantity) filter (where purchase_price is not null)
        / nullif(sum(quantity) filter (where purchase_price is not null), 0)
        from stock_items where id in (${list}))`,
      purchasePriceCurrency: sql`coalesce(${stockItems.purchasePriceCurrency}, (select purchase_price_currency
        from stock_items where id in (${list}) and purchase_price_currency is not null order by id limit 1))`,
      locationId: location.id,
    });
    await ctx.db.delete(stockItems).where(anyOf(stockItems.id, otherIds));
    await track(ctx, [
      {
        itemId: base.id,
        partId: base.partId,
        code: 'MERGED_STOCK_ITEMS',
        notes: input.notes,
        deltas: { location: location.id, added: num(added), quantity: num(updated.quantity) },
      },
    ]);
    return input;
  });
}
