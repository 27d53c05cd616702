import { stockTracking } from '@/db/schema';
import { STOCK_HISTORY, type StockHistoryName } from '@/domain/stock';
import type { Ctx } from '../context';

export interface TrackingEntry {
  itemId: number;
  partId: number;
  code: StockHistoryName;
  deltas?: Record<string, unknown>;
  notes?: string | null;
}

/**
 * Writes StockItemTracking rows (InvenTree's history codes and `deltas`) in the caller's
 * transaction, in one multi-row insert. Every stock change calls this; if it fails, the change fails.
 */
export async function track(ctx: Ctx, entries: TrackingEntry[]): Promise<void> {
  if (!entries.length) return;
  await ctx.db.insert(stockTracking).values(
    entries.map((e) => ({
      itemId: e.itemId,
      partId: e.partId,
      trackingType: STOCK_HISTORY[e.code].key,
      userId: ctx.actor.userId || null,
      notes: e.notes ? e.notes.slice(0, 512) : null,
      deltas: e.deltas ?? {},
    })),
  );
}
