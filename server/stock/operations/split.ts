import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { stockItems } from '@/db/schema';
import type { StockItemRow } from '../lookup';
import type { TrackingEntry } from '../tracking';
import { fromUnits, num, subQuantity, units, updateItem } from './shared';

export interface SplitResult {
  child: StockItemRow;
  source: StockItemRow;
  entries: TrackingEntry[];
}

/**
 * InvenTree's `splitStock`: a new child item (parent = source) takes `quantity` out of the locked
 * source item; test results are copied. The caller has checked 0 < quantity < source quantity and
 * that the source is not serialized. Returns the tracking entries (SPLIT_FROM_PARENT on the child,
 * SPLIT_CHILD_ITEM on the source) for the caller's one multi-row `track`.
 */
export async function splitItem(
  db: Tx,
  source: StockItemRow,
  quantity: string,
  opts: {
    set?: Partial<typeof stockItems.$inferInsert>;
    notes?: string | null;
    location?: number | null;
  } = {},
): Promise<SplitResult> {
  const {
    id: _id,
    created: _c,
    updated: _u,
    inStock: _s,
    barcodeData: _bd,
    barcodeHash: _bh,
    ...copy
  } = source;
  const location = opts.location === undefined ? source.locationId : opts.location;
  const [child] = await db
    .insert(stockItems)
    .values({ ...copy, ...opts.set, locationId: location, quantity, parentId: source.id })
    .returning();
  await db.execute(sql`
    insert into stock_item_test_results
      (stock_item_id, template_id, result, value, attachment, notes, test_station,
       started_datetime, finished_datetime, user_id, date, metadata)
    select ${child!.id}, template_id, result, value, attachment, notes, test_station,
       started_datetime, finished_datetime, user_id, date, metadata
    from stock_item_test_results where stock_item_id = ${source.id}`);
  const updated = await updateItem(db, source.id, { quantity: subQuantity(quantity) });
  const loc = location === null ? {} : { location };
  return {
    child: child!,
    source: updated,
    entries: [
      {
        itemId: child!.id,
        partId: child!.partId,
        code: 'SPLIT_FROM_PARENT',
        notes: opts.notes,
        deltas: { stockitem: source.id, quantity: num(quantity), ...loc },
      },
      {
        itemId: source.id,
        partId: source.partId,
        code: 'SPLIT_CHILD_ITEM',
        notes: opts.notes,
        deltas: {
          stockitem: child!.id,
          removed: num(quantity),
          quantity: num(fromUnits(units(updated.quantity))),
          ...loc,
        },
      },
    ],
  };
}
