import { type SQLWrapper, sql } from 'drizzle-orm';
import { partCategories, partPriceBreaks, partStars, parts, stockItems, stockLocations } from '@/db/schema';
import { decimalNumber, jsonArrayText, jsonObject, literal, selectAs } from '@/db/sql';
import { JsonText } from '@/lib/http/respond';
import { parametersFor } from '@/server/parameters';
import { BLANK_THUMBNAIL } from '@/server/partdata/images';
import type { Ctx } from '../context';

export interface PartFlags {
  category_detail?: boolean;
  path_detail?: boolean;
  location_detail?: boolean;
  parameters?: boolean;
  price_breaks?: boolean;
  tags?: boolean;
  /** Detail answers carry `notes`; lists do not (InvenTree). */
  notes?: boolean;
}

/** `image` and `thumbnail` as `imageUrls` answers them, in SQL over `parts.image` (migration 0009). */
export const PART_IMAGE = {
  image: sql`case when ${parts.image} <> '' then media_url(${parts.image}) end`,
  thumbnail: sql`case when ${parts.image} <> '' then media_url(media_rendition(${parts.image}, 'thumbnail'))
    else ${sql.raw(literal(BLANK_THUMBNAIL))} end`,
};

/** InvenTree's default PART_NAME_FORMAT over `parts`: "IPN | name | revision", leaving out the empty ones. */
export const FULL_NAME = sql`concat_ws(' | ', nullif(${parts.ipn}, ''), nullif(${parts.name}, ''), nullif(${parts.revision}, ''))`;

/** A brief part (the `part_detail` other endpoints embed), as PostgreSQL builds it over `parts`. */
const PART_BRIEF = {
  pk: parts.id,
  IPN: sql`coalesce(${parts.ipn}, '')`,
  barcode_hash: parts.barcodeHash,
  category_default_location: sql`null::int`,
  default_location: parts.defaultLocationId,
  default_expiry: parts.defaultExpiry,
  name: parts.name,
  revision: parts.revision,
  full_name: FULL_NAME,
  description: parts.description,
  image: PART_IMAGE.image,
  thumbnail: PART_IMAGE.thumbnail,
  active: parts.active,
  locked: parts.locked,
  assembly: parts.assembly,
  component: parts.component,
  is_template: parts.isTemplate,
  purchaseable: parts.purchaseable,
  salable: parts.salable,
  testable: parts.testable,
  trackable: parts.trackable,
  virtual: parts.virtual,
  units: parts.units,
  pricing_min: sql`null::text`,
  pricing_max: sql`null::text`,
};

/** The brief part JSON object over `parts` (with `extra` fields after its own). */
export const partBriefJson = (extra: Record<string, SQLWrapper> = {}) =>
  jsonObject({ ...PART_BRIEF, ...extra });

/** The answer `partBriefJson` builds, as server code reads it. */
export interface PartBrief {
  pk: number;
  IPN: string;
  name: string;
  full_name: string;
  description: string;
  image: string | null;
  thumbnail: string;
  active: boolean;
  [field: string]: unknown;
}

const NULL = sql`null::int`;
const ZERO = sql`0`;

/**
 * PartSerializer's fields in its order, as SQL over `parts` joined with its `part_categories` row
 * and its stock figures (`own`, `tree`, see `partsJson`): the one implementation of a part answer.
 * `parameters` are added by `partsJson` (their serializer is shared with other models).
 */
function partFields(ctx: Ctx, flags: PartFlags): Record<string, SQLWrapper> {
  const p = parts;
  const c = partCategories;
  const total = sql`(case when ${p.isTemplate} then tree.stock else own.stock end)`;
  return {
    active: p.active,
    assembly: p.assembly,
    barcode_hash: p.barcodeHash,
    category: p.categoryId,
    ...(flags.category_detail
      ? {
          category_detail: sql`case when ${c.id} is not null then ${jsonObject({
            pk: c.id,
            name: c.name,
            description: c.description,
            pathstring: c.pathstring,
            parent: c.parentId,
            level: c.level,
            icon: c.icon,
            structural: c.structural,
            default_location: c.defaultLocationId,
          })} end`,
        }
      : {}),
    ...(flags.path_detail
      ? {
          category_path: sql`(select coalesce(json_agg(json_build_object('pk', n.id, 'name', n.name, 'icon', n.icon) order by path.ord), '[]')
            from unnest(${c.treeIds}) with ordinality as path(id, ord) join ${partCategories} n on n.id = path.id)`,
        }
      : {}),
    category_name: sql`coalesce(${c.name}, '')`,
    component: p.component,
    creation_date: p.creationDate,
    creation_user: p.creationUserId,
    default_expiry: p.defaultExpiry,
    default_location: p.defaultLocationId,
    ...(flags.location_detail ? { default_location_detail: NULL } : {}),
    description: p.description,
    full_name: FULL_NAME,
    image: PART_IMAGE.image,
    IPN: sql`coalesce(${p.ipn}, '')`,
    is_template: p.isTemplate,
    keywords: p.keywords,
    link: p.link,
    locked: p.locked,
    minimum_stock: decimalNumber(p.minimumStock),
    maximum_stock: decimalNumber(p.maximumStock),
    name: p.name,
    ...(flags.notes ? { notes: p.notes } : {}),
    pk: p.id,
    purchaseable: p.purchaseable,
    revision: p.revision,
    revision_of: p.revisionOfId,
    revision_count: sql`(select count(*)::int from ${parts} r where r.revision_of_id = ${p.id})`,
    salable: p.salable,
    starred: ctx.actor.userId
      ? sql`exists(select 1 from ${partStars} s where s.user_id = ${ctx.actor.userId} and s.part_id = ${p.id})`
      : sql`false`,
    thumbnail: PART_IMAGE.thumbnail,
    testable: p.testable,
    trackable: p.trackable,
    units: p.units,
    variant_of: p.variantOfId,
    virtual: p.virtual,
    consumable: p.consumable,
    pricing_min: NULL,
    pricing_max: NULL,
    pricing_updated: NULL,
    responsible: p.responsibleId,
    ...(flags.price_breaks
      ? {
          price_breaks: sql`(select coalesce(json_agg(json_build_object('pk', b.id, 'part', b.part_id,
              'quantity', trim_scale(b.quantity), 'price', trim_scale(b.price), 'price_currency', b.price_currency)
              order by b.quantity), '[]')
            from ${partPriceBreaks} b where b.kind = 'sale' and b.part_id = ${p.id})`,
        }
      : {}),
    // Nothing is allocated, built or ordered until orders and builds exist.
    allocated_to_build_orders: ZERO,
    allocated_to_sales_orders: ZERO,
    building: ZERO,
    scheduled_to_build: ZERO,
    category_default_location: c.defaultLocationId,
    in_stock: decimalNumber(sql`own.stock`),
    ordering: ZERO,
    required_for_build_orders: ZERO,
    required_for_sales_orders: ZERO,
    stock_item_count: sql`own.items`,
    total_in_stock: decimalNumber(total),
    external_stock: decimalNumber(sql`(case when ${p.isTemplate} then tree.external else own.external end)`),
    unallocated_stock: decimalNumber(sql`greatest(${total}, 0)`),
    variant_stock: decimalNumber(sql`${total} - own.stock`),
    ...(flags.tags ? { tags: p.tags } : {}),
  };
}

/** In-stock quantity, and the part of it in external locations, of the stock items `si`. */
const STOCK_SUMS = sql`coalesce(sum(si.quantity) filter (where si.in_stock), 0) as stock,
  coalesce(sum(si.quantity) filter (where si.in_stock
    and si.location_id in (select l.id from ${stockLocations} l where l.external)), 0) as external`;

/**
 * Part answers for these ids, in their order, as JSON text PostgreSQL builds in one statement.
 * Stock figures are summed per part (`own`: one range of the covering index `stock_items (part_id,
 * in_stock)`, in-stock items for the sums, all items for `stock_item_count`); a template's totals
 * cover its variant subtree (`tree`: `variant_tree_ids` GIN-indexed, only run for templates), summed
 * in SQL so decimals stay exact.
 */
export async function partsJson(ctx: Ctx, ids: number[], flags: PartFlags = {}): Promise<JsonText> {
  if (!ids.length) return new JsonText('[]');
  const [[row], params] = await Promise.all([
    ctx.db.execute<{ json: string }>(sql`
      select ${jsonArrayText(sql`row_to_json(answer)`, sql`page.ord`)} as json
      from unnest(${sql.param(ids)}::int[]) with ordinality as page(id, ord)
      join ${parts} on ${parts.id} = page.id
      left join ${partCategories} on ${partCategories.id} = ${parts.categoryId}
      cross join lateral (select ${STOCK_SUMS}, count(*)::int as items
        from ${stockItems} si where si.part_id = ${parts.id}) own
      cross join lateral (select ${STOCK_SUMS}
        from ${parts} v join ${stockItems} si on si.part_id = v.id
        where ${parts.isTemplate} and v.variant_tree_ids @> array[${parts.id}]) tree
      cross join lateral (select ${selectAs(partFields(ctx, flags))}) as answer`),
    flags.parameters ? parametersFor(ctx, 'part', ids) : null,
  ]);
  if (!params) return new JsonText(row!.json);
  const answers = JSON.parse(row!.json) as PartOut[];
  for (const a of answers) a.parameters = params.get(a.pk) ?? [];
  return new JsonText(JSON.stringify(answers));
}

/** A part answer, as server code reads it. */
export interface PartOut {
  pk: number;
  name: string;
  full_name: string;
  [field: string]: unknown;
}

/** `partsJson`, parsed: for answers server code returns or reads. */
export async function partsOut(ctx: Ctx, ids: number[], flags: PartFlags = {}): Promise<PartOut[]> {
  return JSON.parse((await partsJson(ctx, ids, flags)).text) as PartOut[];
}
