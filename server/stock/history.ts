import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { parts, stockItems, stockTracking } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { STOCK_HISTORY, STOCK_STATUS } from '@/domain/stock';
import { fieldError, notFound } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import type { Ctx } from '../context';
import { getPartRow, partBrief } from '../parts';
import { assertCan } from '../permissions';
import { stockItemsOut, usersById } from './serialize';

export interface TrackingQuery extends ListQuery {
  item?: number;
  part?: number;
  include_variants?: boolean;
  user?: number;
  min_date?: string;
  max_date?: string;
  item_detail?: boolean;
  user_detail?: boolean;
  part_detail?: boolean;
}
type TrackingFlags = Pick<TrackingQuery, 'item_detail' | 'user_detail' | 'part_detail'>;
type TrackingRow = typeof stockTracking.$inferSelect;

const LABELS = new Map<number, string>(Object.values(STOCK_HISTORY).map((h) => [h.key, h.label]));

/** StockTrackingSerializer answers for a page; item, user and part details one query each. */
async function trackingOut(ctx: Ctx, rows: TrackingRow[], flags: TrackingFlags) {
  const [itemRows, userMap, partRows] = await Promise.all([
    flags.item_detail && rows.length
      ? ctx.db
          .select()
          .from(stockItems)
          .where(anyOf(stockItems.id, [...new Set(rows.map((r) => r.itemId))]))
      : Promise.resolve([]),
    flags.user_detail
      ? usersById(
          ctx,
          rows.map((r) => r.userId),
        )
      : Promise.resolve(null),
    flags.part_detail && rows.length
      ? ctx.db
          .select()
          .from(parts)
          .where(
            anyOf(parts.id, [...new Set(rows.map((r) => r.partId).filter((p): p is number => p !== null))]),
          )
      : Promise.resolve([]),
  ]);
  const items = new Map(
    (await stockItemsOut(ctx, itemRows, { part_detail: false })).map((i) => [i.pk, i] as const),
  );
  const partById = new Map(partRows.map((p) => [p.id, partBrief(p)]));
  return rows.map((r) => ({
    pk: r.id,
    item: r.itemId,
    ...(flags.item_detail ? { item_detail: items.get(r.itemId) ?? null } : {}),
    part: r.partId,
    ...(flags.part_detail ? { part_detail: r.partId ? (partById.get(r.partId) ?? null) : null } : {}),
    date: formatDateTime(r.date),
    deltas: r.deltas,
    label: LABELS.get(r.trackingType) ?? '',
    notes: r.notes,
    tracking_type: r.trackingType,
    user: r.userId,
    ...(userMap ? { user_detail: r.userId ? (userMap.get(r.userId) ?? null) : null } : {}),
  }));
}

/** The ledger (`/api/stock/track/`), newest first by default. */
export async function listTracking(ctx: Ctx, q: TrackingQuery, url: URL) {
  assertCan(ctx, 'stock', 'view');
  const c: (SQL | undefined)[] = [searchCondition(q, [stockTracking.notes])];
  if (q.item !== undefined) c.push(eq(stockTracking.itemId, q.item));
  if (q.part !== undefined) {
    const part = await getPartRow(ctx.db, q.part).catch(() => {
      throw fieldError('part', 'Select a valid choice. That choice is not one of the available choices.');
    });
    c.push(
      q.include_variants
        ? sql`${stockTracking.partId} in (select id from ${parts} where variant_tree_ids @> array[${part.id}]::int[])`
        : eq(stockTracking.partId, part.id),
    );
  }
  if (q.user !== undefined) c.push(eq(stockTracking.userId, q.user));
  if (q.min_date) c.push(sql`${stockTracking.date}::date >= ${q.min_date}::date`);
  if (q.max_date) c.push(sql`${stockTracking.date}::date <= ${q.max_date}::date`);
  const where = and(...c);
  const order = orderBy(q.ordering, { date: stockTracking.date }, stockTracking.id, [
    desc(stockTracking.date),
  ]);
  return paginate(url, q, {
    count: () => ctx.db.$count(stockTracking, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(stockTracking)
        .where(where)
        .orderBy(...order);
      return trackingOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)), q);
    },
  });
}

export async function getTracking(ctx: Ctx, id: number, flags: TrackingFlags = {}) {
  assertCan(ctx, 'stock', 'view');
  const [row] = await ctx.db.select().from(stockTracking).where(eq(stockTracking.id, id));
  if (!row) throw notFound('StockItemTracking');
  return (await trackingOut(ctx, [row], flags))[0]!;
}

/** InvenTree's status-class answer (`class`, and `status_class` as the schema names it). */
function statusClass(name: string, values: Record<string, { key: number; label: string; color?: string }>) {
  return {
    class: name,
    status_class: name,
    values: Object.fromEntries(
      Object.entries(values).map(([k, v]) => [
        k,
        { key: v.key, name: k, label: v.label, color: v.color ?? 'secondary' },
      ]),
    ),
  };
}

export const stockStatusClass = () => statusClass('StockStatus', STOCK_STATUS);
export const stockHistoryClass = () => statusClass('StockHistoryCode', STOCK_HISTORY);
