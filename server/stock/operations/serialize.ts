import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { stockItems } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { parseSerials, SerialError, serialToInt } from '@/domain/stock';
import { fieldError, nonFieldError, validation } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { getStockItemRow } from '../lookup';
import { type TrackingEntry, track } from '../tracking';
import type { SerializeBody } from './schemas';
import {
  booleanSetting,
  deleteIfDepleted,
  getLocationOrError,
  itemOut,
  loadParts,
  num,
  subQuantity,
  units,
  updateItem,
} from './shared';

/**
 * `POST /api/stock/{id}/serialize/` (InvenTree's `serializeStock`): creates `quantity` children of
 * quantity 1 with the given serials at `destination` (SPLIT_FROM_PARENT 40 + ASSIGNED_SERIAL 6 on
 * each, test results copied) and reduces the locked item (STOCK_SERIALIZED 13). The part must be
 * trackable; serials must be new in the part's variant tree (or everywhere with
 * SERIAL_NUMBER_GLOBALLY_UNIQUE) — the unique index on (part_tree_id, serial) settles races (400).
 * Returns the created items.
 */
export async function serializeStockItem(ctx: Ctx, id: number, input: SerializeBody) {
  assertCan(ctx, 'stock', 'add');
  return withTransaction(ctx, async (ctx) => {
    const item = await getStockItemRow(ctx.db, id, { forUpdate: true });
    const destination = await getLocationOrError(ctx.db, input.destination, 'destination', {
      allowStructural: true,
    });
    const part = (await loadParts(ctx.db, [item.partId])).get(item.partId);
    if (!part?.trackable) throw nonFieldError('Serial numbers cannot be assigned to this part');
    if (item.serial) throw nonFieldError('Stock item is already serialized');
    if (input.quantity <= 0) throw fieldError('quantity', 'Quantity must be greater than zero');
    if (units(String(input.quantity)) > units(item.quantity))
      throw fieldError(
        'quantity',
        `Quantity must not exceed available stock quantity (${num(item.quantity)})`,
      );
    const [latest] = await ctx.db
      .select({ n: sql<number>`coalesce(max(${stockItems.serialInt}), 0)::int` })
      .from(stockItems)
      .where(eq(stockItems.partTreeId, item.partTreeId));
    let serials: string[];
    try {
      serials = parseSerials(input.serial_numbers, input.quantity, (latest?.n ?? 0) + 1);
    } catch (err) {
      if (err instanceof SerialError) throw fieldError('serial_numbers', err.message);
      throw err;
    }
    const globallyUnique = await booleanSetting('SERIAL_NUMBER_GLOBALLY_UNIQUE');
    const existing = await ctx.db
      .select({ serial: stockItems.serial })
      .from(stockItems)
      .where(
        and(
          anyOf(stockItems.serial, serials),
          isNotNull(stockItems.serial),
          ne(stockItems.serial, ''),
          globallyUnique ? undefined : eq(stockItems.partTreeId, item.partTreeId),
        ),
      );
    if (existing.length)
      throw fieldError(
        'serial_numbers',
        `Serial numbers already exist: ${existing.map((e) => e.serial).join(',')}`,
      );

    const {
      id: _id,
      created: _c,
      updated: _u,
      inStock: _s,
      barcodeData: _bd,
      barcodeHash: _bh,
      ...copy
    } = item;
    let created: (typeof stockItems.$inferSelect)[];
    try {
      created = await ctx.db
        .insert(stockItems)
        .values(
          serials.map((serial) => ({
            ...copy,
            quantity: '1',
            serial,
            serialInt: serialToInt(serial),
            locationId: destination.id,
            parentId: item.id,
          })),
        )
        .returning();
    } catch (err) {
      if ((err as { code?: string }).code === '23505')
        throw validation({ serial_numbers: ['Serial numbers already exist'] });
      throw err;
    }
    const childIds = sql.join(
      created.map((c) => sql`(${c.id}::int)`),
      sql`, `,
    );
    await ctx.db.execute(sql`
      insert into stock_item_test_results
        (stock_item_id, template_id, result, value, attachment, notes, test_station,
         started_datetime, finished_datetime, user_id, date, metadata)
      select c.id, t.template_id, t.result, t.value, t.attachment, t.notes, t.test_station,
         t.started_datetime, t.finished_datetime, t.user_id, t.date, t.metadata
      from stock_item_test_results t cross join (values ${childIds}) as c(id)
      where t.stock_item_id = ${item.id}`);
    const entries: TrackingEntry[] = created.flatMap((c): TrackingEntry[] => [
      {
        itemId: c.id,
        partId: c.partId,
        code: 'SPLIT_FROM_PARENT',
        notes: input.notes,
        deltas: { stockitem: item.id, quantity: 1, location: destination.id },
      },
      {
        itemId: c.id,
        partId: c.partId,
        code: 'ASSIGNED_SERIAL',
        notes: input.notes,
        deltas: { serial: c.serial },
      },
    ]);
    const parent = await updateItem(ctx.db, item.id, { quantity: subQuantity(String(input.quantity)) });
    if (!(await deleteIfDepleted(ctx.db, parent)))
      entries.push({
        itemId: item.id,
        partId: item.partId,
        code: 'STOCK_SERIALIZED',
        notes: input.notes,
        deltas: { removed: input.quantity, quantity: num(parent.quantity) },
      });
    await track(ctx, entries);
    return created.map(itemOut);
  });
}
