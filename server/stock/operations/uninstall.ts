import { eq } from 'drizzle-orm';
import { stockItems } from '@/db/schema';
import { AppError, nonFieldError, notFound } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { track } from '../tracking';
import { lockPair } from './install';
import type { UninstallBody } from './schemas';
import { getLocationOrError, updateItem } from './shared';

/**
 * `POST /api/stock/{id}/uninstall/` (InvenTree's `uninstall_into_location`): clears `belongs_to`
 * and `consumed_by`, places the item at `location`; REMOVED_FROM_ASSEMBLY (31) on it and
 * REMOVED_CHILD_ITEM (36) on the assembly. Both rows are locked in id order.
 */
export async function uninstallStockItem(ctx: Ctx, id: number, input: UninstallBody) {
  assertCan(ctx, 'stock', 'add');
  return withTransaction(ctx, async (ctx) => {
    const [peek] = await ctx.db
      .select({ belongsTo: stockItems.belongsToId })
      .from(stockItems)
      .where(eq(stockItems.id, id));
    if (!peek) throw notFound('StockItem');
    const location = await getLocationOrError(ctx.db, input.location, 'location', { allowStructural: true });
    if (peek.belongsTo === null) throw nonFieldError('Stock item is not installed in another item');
    const rows = await lockPair(ctx.db, id, peek.belongsTo);
    const item = rows.get(id);
    if (!item) throw notFound('StockItem');
    if (item.belongsToId !== peek.belongsTo)
      throw new AppError('conflict', 'The item was changed meanwhile; please retry.');
    const assembly = rows.get(peek.belongsTo)!;
    await updateItem(ctx.db, id, { belongsToId: null, consumedById: null, locationId: location.id });
    await track(ctx, [
      {
        itemId: id,
        partId: item.partId,
        code: 'REMOVED_FROM_ASSEMBLY',
        notes: input.note,
        deltas: { stockitem: assembly.id, location: location.id },
      },
      {
        itemId: assembly.id,
        partId: assembly.partId,
        code: 'REMOVED_CHILD_ITEM',
        notes: input.note,
        deltas: { stockitem: id },
      },
    ]);
    return { location: location.id, note: input.note ?? '' };
  });
}
