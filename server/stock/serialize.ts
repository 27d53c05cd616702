import { desc, sql } from 'drizzle-orm';
import { parts, stockItems, stockLocations, stockTestResults, stockTracking, users } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { STOCK_STATUS } from '@/domain/stock';
import { formatDate, formatDateTime } from '@/lib/http/respond';
import { getGlobalSetting } from '@/server/settings';
import { userBrief } from '@/server/users/serialize';
import type { Ctx } from '../context';
import { partBrief } from '../parts/serialize';
import { locationPaths } from './locations';
import type { StockItemRow } from './lookup';

export interface StockFlags {
  part_detail?: boolean;
  location_detail?: boolean;
  path_detail?: boolean;
  supplier_part_detail?: boolean;
  tests?: boolean;
}

const STATUS_BY_KEY = new Map<number, { key: number; label: string }>(
  Object.values(STOCK_STATUS).map((s) => [s.key, s]),
);
export const statusText = (status: number) => STATUS_BY_KEY.get(status)?.label ?? null;
const today = () => new Date().toISOString().slice(0, 10);
const addDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** `expired` and `stale` as InvenTree computes them (in stock, expiry before today / today + STOCK_STALE_DAYS). */
export async function expiryRules() {
  const staleDays = Number((await getGlobalSetting('STOCK_STALE_DAYS')) ?? 0);
  return { today: today(), staleDate: addDays(Math.max(staleDays, 0)) };
}

type UserRowLike = { id: number; username: string; firstName: string; lastName: string; email: string };

/** Brief users by id, in one query. */
export async function usersById(ctx: Ctx, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (!wanted.length) return new Map<number, ReturnType<typeof userBrief>>();
  const rows: UserRowLike[] = await ctx.db
    .select({
      id: users.id,
      username: users.username,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
    })
    .from(users)
    .where(anyOf(users.id, wanted));
  return new Map(rows.map((u) => [u.id, userBrief(u)]));
}

type TestRow = typeof stockTestResults.$inferSelect;

/** StockItemTestResultSerializer's answer. */
export function testResultOut(r: TestRow, extra: { user_detail?: unknown; template_detail?: unknown } = {}) {
  return {
    pk: r.id,
    stock_item: r.stockItemId,
    result: r.result,
    value: r.value,
    attachment: r.attachment,
    notes: r.notes,
    test_station: r.testStation,
    started_datetime: r.startedDatetime ? r.startedDatetime.toISOString() : null,
    finished_datetime: r.finishedDatetime ? r.finishedDatetime.toISOString() : null,
    user: r.userId,
    ...extra,
    date: r.date.toISOString(),
    template: r.templateId,
  };
}

/** Grouped counts over a child table keyed by `col`, for a page of item ids. */
/** Ledger rows, installed items and split children of each item: one statement for the page. */
async function itemCounts(ctx: Ctx, ids: number[]) {
  const out = new Map<number, { tracking: number; installed: number; children: number }>();
  if (!ids.length) return out;
  const rows = await ctx.db.execute<{
    id: number;
    tracking: number;
    installed: number;
    children: number;
  }>(sql`
    select i.id,
      (select count(*)::int from ${stockTracking} t where t.item_id = i.id) as tracking,
      (select count(*)::int from ${stockItems} c where c.belongs_to_id = i.id) as installed,
      (select count(*)::int from ${stockItems} c where c.parent_id = i.id) as children
    from unnest(${sql.param(ids)}::int[]) as i(id)`);
  for (const r of rows) out.set(r.id, r);
  return out;
}

/**
 * Stock item answers for a page of rows: every related figure (part, location, path, test
 * results, ledger/installed/child counts) is one query per page, never one per row.
 */
export async function stockItemsOut(ctx: Ctx, rows: StockItemRow[], flags: StockFlags = {}) {
  const ids = rows.map((r) => r.id);
  const partDetail = flags.part_detail !== false;
  const partIds = [...new Set(rows.map((r) => r.partId))];
  const locIds = [...new Set(rows.map((r) => r.locationId).filter((l): l is number => l !== null))];
  const [partRows, locRows, counts, tests, rules] = await Promise.all([
    partDetail && partIds.length
      ? ctx.db.select().from(parts).where(anyOf(parts.id, partIds))
      : Promise.resolve([]),
    (flags.location_detail || flags.path_detail) && locIds.length
      ? ctx.db.select().from(stockLocations).where(anyOf(stockLocations.id, locIds))
      : Promise.resolve([]),
    itemCounts(ctx, ids),
    flags.tests && ids.length
      ? ctx.db
          .select()
          .from(stockTestResults)
          .where(anyOf(stockTestResults.stockItemId, ids))
          .orderBy(desc(stockTestResults.date))
      : Promise.resolve([]),
    expiryRules(),
  ]);
  const partById = new Map(partRows.map((p) => [p.id, p]));
  const locById = new Map(locRows.map((l) => [l.id, l]));
  const paths = flags.path_detail
    ? await locationPaths(
        ctx,
        locRows.map((l) => l.treeIds),
      )
    : null;
  const testsByItem = new Map<number, unknown[]>();
  for (const t of tests)
    testsByItem.set(t.stockItemId, [...(testsByItem.get(t.stockItemId) ?? []), testResultOut(t)]);
  return rows.map((r) => {
    const part = partById.get(r.partId);
    const loc = r.locationId ? locById.get(r.locationId) : undefined;
    const expiring = r.inStock && r.expiryDate !== null;
    return {
      pk: r.id,
      part: r.partId,
      quantity: Number(r.quantity),
      serial: r.serial,
      batch: r.batch,
      location: r.locationId,
      belongs_to: r.belongsToId,
      build: r.buildId,
      consumed_by: r.consumedById,
      customer: r.customerId,
      delete_on_deplete: r.deleteOnDeplete,
      expiry_date: formatDate(r.expiryDate),
      in_stock: r.inStock,
      is_building: r.isBuilding,
      link: r.link,
      notes: r.notes,
      owner: r.ownerId,
      packaging: r.packaging,
      parent: r.parentId,
      purchase_order: r.purchaseOrderId,
      purchase_order_reference: null,
      sales_order: r.salesOrderId,
      sales_order_reference: null,
      status: r.status,
      status_text: statusText(r.status),
      status_custom_key: r.statusCustomKey,
      supplier_part: r.supplierPartId,
      SKU: null,
      MPN: null,
      barcode_hash: r.barcodeHash,
      creation_date: formatDateTime(r.created),
      stocktake_date: formatDate(r.stocktakeDate),
      updated: formatDateTime(r.updated),
      purchase_price: r.purchasePrice,
      purchase_price_currency: r.purchasePriceCurrency ?? '',
      // Nothing can be allocated until sales orders and builds exist.
      allocated: 0,
      expired: expiring && r.expiryDate! < rules.today,
      installed_items: counts.get(r.id)?.installed ?? 0,
      child_items: counts.get(r.id)?.children ?? 0,
      stale: expiring && r.expiryDate! < rules.staleDate,
      ...(flags.location_detail
        ? { location_detail: loc ? { pk: loc.id, name: loc.name, pathstring: loc.pathstring } : null }
        : {}),
      ...(paths ? { location_path: loc ? loc.treeIds.map((id) => paths.get(id)).filter(Boolean) : [] } : {}),
      ...(partDetail
        ? {
            part_detail: part
              ? { ...partBrief(part), minimum_stock: Number(part.minimumStock), consumable: part.consumable }
              : null,
          }
        : {}),
      ...(flags.supplier_part_detail ? { supplier_part_detail: null } : {}),
      tags: r.tags,
      ...(flags.tests ? { tests: testsByItem.get(r.id) ?? [] } : {}),
      tracking_items: counts.get(r.id)?.tracking ?? 0,
    };
  });
}
