import { AppError, validation } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import type { StockItemRow } from '../lookup';
import { type TrackingEntry, track } from '../tracking';
import type { StockChangeStatusBody } from './schemas';
import { invalidPk, lockWithExtras, updateItem } from './shared';

/**
 * `POST /api/stock/change_status/`: sets `status` (default OK) on every listed item not already
 * in it, writing EDITED (5) `{status}` for each changed item. Items locked in id order.
 */
export async function changeStockStatus(ctx: Ctx, input: StockChangeStatusBody) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    if (!input.items.length) throw validation({ items: ['No stock items selected'] });
    const status = input.status ?? 10;
    let rows: Map<number, StockItemRow>;
    try {
      rows = await lockWithExtras(ctx.db, input.items, []);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // A list of ids reports its first bad pk, as DRF's many=True PrimaryKeyRelatedField.
      const missing = input.items.find((id, i) => {
        const e = (err.body as { items?: Record<string, unknown>[] }).items?.[i];
        return e && Object.keys(e).length > 0 && id;
      });
      throw validation({ items: [invalidPk(missing ?? input.items[0]!)] });
    }
    const entries: TrackingEntry[] = [];
    for (const row of rows.values()) {
      if (row.status === status && row.statusCustomKey === null) continue;
      await updateItem(ctx.db, row.id, { status, statusCustomKey: null });
      entries.push({
        itemId: row.id,
        partId: row.partId,
        code: 'EDITED',
        notes: input.note,
        deltas: { status },
      });
    }
    await track(ctx, entries);
    return { items: input.items, status, note: input.note ?? '' };
  });
}
