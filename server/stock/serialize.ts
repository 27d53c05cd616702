import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  parts,
  stockItems,
  stockLocations,
  stockLocationTypes,
  stockTestResults,
  stockTracking,
  users,
} from '@/db/schema';
import {
  anyOf,
  dateTimeText,
  decimalNumber,
  isoDateTime,
  jsonArrayText,
  jsonObject,
  literal,
  selectAs,
} from '@/db/sql';
import { STOCK_STATUS } from '@/domain/stock';
import { JsonText } from '@/lib/http/respond';
import { getGlobalSetting } from '@/server/settings';
import { userBrief } from '@/server/users/serialize';
import type { Ctx } from '../context';
import { partBriefJson } from '../parts/serialize';
import { defaultLocationIcon, locationIcon } from './locations';

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

/** A test result's own fields (StockItemTestResultSerializer), as PostgreSQL builds them over `stock_test_results`. */
export const TEST_RESULT_JSON = jsonObject({
  pk: stockTestResults.id,
  stock_item: stockTestResults.stockItemId,
  result: stockTestResults.result,
  value: stockTestResults.value,
  attachment: stockTestResults.attachment,
  notes: stockTestResults.notes,
  test_station: stockTestResults.testStation,
  started_datetime: isoDateTime(stockTestResults.startedDatetime),
  finished_datetime: isoDateTime(stockTestResults.finishedDatetime),
  user: stockTestResults.userId,
  date: isoDateTime(stockTestResults.date),
  template: stockTestResults.templateId,
});

/** `status_text`: the status label, from the same table the status values come from. */
const STATUS_TEXT = sql.raw(
  `case "stock_items"."status" ${Object.values(STOCK_STATUS)
    .map((st) => `when ${st.key} then ${literal(st.label)}`)
    .join(' ')} end`,
);

const NULL = sql`null::int`;
const count = (from: SQL) => sql`(select count(*)::int from ${from})`;

/**
 * StockItemSerializer's fields in its order, as SQL over `stock_items` joined with its `parts` and
 * `stock_locations` rows: the one implementation of a stock item answer.
 */
function stockItemFields(
  flags: StockFlags,
  rules: { today: string; staleDate: string },
  iconFallback: string,
): Record<string, SQLWrapper> {
  const s = stockItems;
  const expiresBefore = (date: string) =>
    sql`coalesce(${s.inStock} and ${s.expiryDate} < ${date}::date, false)`;
  const l = stockLocations;
  return {
    pk: s.id,
    part: s.partId,
    quantity: decimalNumber(s.quantity),
    serial: s.serial,
    batch: s.batch,
    location: s.locationId,
    belongs_to: s.belongsToId,
    build: s.buildId,
    consumed_by: s.consumedById,
    customer: s.customerId,
    delete_on_deplete: s.deleteOnDeplete,
    expiry_date: s.expiryDate,
    in_stock: s.inStock,
    is_building: s.isBuilding,
    link: s.link,
    notes: s.notes,
    owner: s.ownerId,
    packaging: s.packaging,
    parent: s.parentId,
    purchase_order: s.purchaseOrderId,
    purchase_order_reference: NULL,
    sales_order: s.salesOrderId,
    sales_order_reference: NULL,
    status: s.status,
    status_text: STATUS_TEXT,
    status_custom_key: s.statusCustomKey,
    supplier_part: s.supplierPartId,
    SKU: NULL,
    MPN: NULL,
    barcode_hash: s.barcodeHash,
    creation_date: dateTimeText(s.created),
    stocktake_date: s.stocktakeDate,
    updated: dateTimeText(s.updated),
    purchase_price: sql`${s.purchasePrice}::text`,
    purchase_price_currency: sql`coalesce(${s.purchasePriceCurrency}, '')`,
    // Nothing can be allocated until sales orders and builds exist.
    allocated: sql`0`,
    expired: expiresBefore(rules.today),
    installed_items: count(sql`${stockItems} c where c.belongs_to_id = ${s.id}`),
    child_items: count(sql`${stockItems} c where c.parent_id = ${s.id}`),
    stale: expiresBefore(rules.staleDate),
    ...(flags.location_detail
      ? {
          location_detail: sql`case when ${l.id} is not null then ${jsonObject({
            pk: l.id,
            name: l.name,
            pathstring: l.pathstring,
          })} end`,
        }
      : {}),
    ...(flags.path_detail
      ? {
          location_path: sql`(select coalesce(json_agg(json_build_object('pk', n.id, 'name', n.name, 'icon', ${locationIcon(
            sql`n`,
            sql`t`,
            iconFallback,
          )}) order by path.ord), '[]')
            from unnest(${l.treeIds}) with ordinality as path(id, ord)
            join ${stockLocations} n on n.id = path.id
            left join ${stockLocationTypes} t on t.id = n.location_type_id)`,
        }
      : {}),
    ...(flags.part_detail !== false
      ? {
          part_detail: partBriefJson({
            minimum_stock: decimalNumber(parts.minimumStock),
            consumable: parts.consumable,
          }),
        }
      : {}),
    ...(flags.supplier_part_detail ? { supplier_part_detail: NULL } : {}),
    tags: s.tags,
    ...(flags.tests
      ? {
          tests: sql`(select coalesce(json_agg(${TEST_RESULT_JSON} order by ${stockTestResults.date} desc), '[]')
            from ${stockTestResults} where ${stockTestResults.stockItemId} = ${s.id})`,
        }
      : {}),
    tracking_items: count(sql`${stockTracking} t where t.item_id = ${s.id}`),
  };
}

/**
 * Stock item answers for these ids, in their order, as JSON text PostgreSQL builds in one statement
 * (part, location, path, test results and ledger/installed/child counts included): sent as it is.
 */
export async function stockItemsJson(ctx: Ctx, ids: number[], flags: StockFlags = {}): Promise<JsonText> {
  if (!ids.length) return new JsonText('[]');
  const [rules, iconFallback] = await Promise.all([
    expiryRules(),
    flags.path_detail ? defaultLocationIcon() : '',
  ]);
  const [row] = await ctx.db.execute<{ json: string }>(sql`
    select ${jsonArrayText(sql`row_to_json(answer)`, sql`page.ord`)} as json
    from unnest(${sql.param(ids)}::int[]) with ordinality as page(id, ord)
    join ${stockItems} on ${stockItems.id} = page.id
    join ${parts} on ${parts.id} = ${stockItems.partId}
    left join ${stockLocations} on ${stockLocations.id} = ${stockItems.locationId}
    cross join lateral (select ${selectAs(stockItemFields(flags, rules, iconFallback))}) as answer`);
  return new JsonText(row!.json);
}

/** A stock item answer, as server code reads it. */
export interface StockItemOut {
  pk: number;
  part: number;
  quantity: number;
  serial: string | null;
  location: number | null;
  status: number;
  [field: string]: unknown;
}

/** `stockItemsJson`, parsed: for answers server code embeds or returns one of. */
export async function stockItemsOut(
  ctx: Ctx,
  ids: number[],
  flags: StockFlags = {},
): Promise<StockItemOut[]> {
  return JSON.parse((await stockItemsJson(ctx, ids, flags)).text) as StockItemOut[];
}
