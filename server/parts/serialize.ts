import { and, eq, type SQL, sql } from 'drizzle-orm';
import { partCategories, partStars, parts } from '@/db/schema';
import { anyOf, selectAs } from '@/db/sql';
import { formatDate } from '@/lib/http/respond';
import { parametersFor } from '@/server/parameters';
import { imageUrls } from '@/server/partdata/images';
import type { Ctx } from '../context';
import type { PartRow } from './lookup';

/** InvenTree's default PART_NAME_FORMAT: "IPN | name | revision", leaving out the empty ones. */
export function fullName(p: Pick<PartRow, 'ipn' | 'name' | 'revision'>): string {
  return [p.ipn, p.name, p.revision].filter((s) => s && s.length > 0).join(' | ');
}

const num = (v: string | null) => (v === null ? null : Number(v));

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

/** A brief part (the `part_detail` other endpoints embed). */
export function partBrief(p: PartRow) {
  const img = imageUrls(p.image);
  return {
    pk: p.id,
    IPN: p.ipn ?? '',
    barcode_hash: p.barcodeHash,
    category_default_location: null,
    default_location: p.defaultLocationId,
    default_expiry: p.defaultExpiry,
    name: p.name,
    revision: p.revision,
    full_name: fullName(p),
    description: p.description,
    image: img.image,
    thumbnail: img.thumbnail,
    active: p.active,
    locked: p.locked,
    assembly: p.assembly,
    component: p.component,
    is_template: p.isTemplate,
    purchaseable: p.purchaseable,
    salable: p.salable,
    testable: p.testable,
    trackable: p.trackable,
    virtual: p.virtual,
    units: p.units,
    pricing_min: null,
    pricing_max: null,
  };
}

/** The part columns an answer reads (`notes` only for a detail, `tags` only with `?tags=true`). */
export const PART_OUT_COLUMNS = {
  id: parts.id,
  name: parts.name,
  description: parts.description,
  keywords: parts.keywords,
  ipn: parts.ipn,
  revision: parts.revision,
  revisionOfId: parts.revisionOfId,
  variantOfId: parts.variantOfId,
  isTemplate: parts.isTemplate,
  categoryId: parts.categoryId,
  link: parts.link,
  image: parts.image,
  defaultLocationId: parts.defaultLocationId,
  defaultExpiry: parts.defaultExpiry,
  minimumStock: parts.minimumStock,
  maximumStock: parts.maximumStock,
  units: parts.units,
  assembly: parts.assembly,
  component: parts.component,
  trackable: parts.trackable,
  testable: parts.testable,
  purchaseable: parts.purchaseable,
  salable: parts.salable,
  virtual: parts.virtual,
  consumable: parts.consumable,
  active: parts.active,
  locked: parts.locked,
  creationDate: parts.creationDate,
  creationUserId: parts.creationUserId,
  responsibleId: parts.responsibleId,
  barcodeHash: parts.barcodeHash,
};

export type PartOutRow = Pick<PartRow, keyof typeof PART_OUT_COLUMNS> &
  Partial<Pick<PartRow, 'notes' | 'tags'>>;

const partOutLists = new Map<string, SQL>();

/**
 * The select list of `PART_OUT_COLUMNS` (with `tags`/`notes` when the flags show them), aliased to
 * their property names: a page of parts is read with `db.execute`, as postgres.js parses it
 * (numerics and dates stay strings, as Drizzle reads them here), skipping Drizzle's per-field mapping.
 */
export function partOutSelect(flags: Pick<PartFlags, 'tags' | 'notes'>): SQL {
  const key = `${Boolean(flags.tags)}/${Boolean(flags.notes)}`;
  let list = partOutLists.get(key);
  if (!list) {
    list = selectAs({
      ...PART_OUT_COLUMNS,
      ...(flags.tags ? { tags: parts.tags } : {}),
      ...(flags.notes ? { notes: parts.notes } : {}),
    });
    partOutLists.set(key, list);
  }
  return list;
}

/** A category as `category_detail` shows it (built once per category, shared by its parts). */
function categoryDetail(cat: {
  id: number;
  name: string;
  description: string;
  pathstring: string;
  parentId: number | null;
  level: number;
  icon: string;
  structural: boolean;
  defaultLocationId: number | null;
}) {
  return {
    pk: cat.id,
    name: cat.name,
    description: cat.description,
    pathstring: cat.pathstring,
    parent: cat.parentId,
    level: cat.level,
    icon: cat.icon,
    structural: cat.structural,
    default_location: cat.defaultLocationId,
  };
}

/**
 * Part answers for a page of rows, every related figure fetched set-based (one query each, never
 * one per row, each taking the page's ids as one array parameter), stock figures included.
 */
export async function partsOut(ctx: Ctx, rows: PartOutRow[], flags: PartFlags = {}) {
  const ids = rows.map((r) => r.id);
  const catIds = [...new Set(rows.map((r) => r.categoryId).filter((c): c is number => c !== null))];
  const idArray = sql`${sql.param(ids)}::int[]`;
  const [cats, stars, revisions, params, breaks, stock] = await Promise.all([
    catIds.length
      ? ctx.db
          .select({
            id: partCategories.id,
            name: partCategories.name,
            description: partCategories.description,
            pathstring: partCategories.pathstring,
            parentId: partCategories.parentId,
            level: partCategories.level,
            icon: partCategories.icon,
            structural: partCategories.structural,
            defaultLocationId: partCategories.defaultLocationId,
            treeIds: partCategories.treeIds,
          })
          .from(partCategories)
          .where(sql`${partCategories.id} = any(${sql.param(catIds)}::int[])`)
      : Promise.resolve([]),
    ids.length && ctx.actor.userId
      ? ctx.db
          .select({ id: partStars.partId })
          .from(partStars)
          .where(and(eq(partStars.userId, ctx.actor.userId), sql`${partStars.partId} = any(${idArray})`))
      : Promise.resolve([]),
    ids.length
      ? ctx.db
          .select({ id: parts.revisionOfId, n: sql<number>`count(*)::int` })
          .from(parts)
          .where(sql`${parts.revisionOfId} = any(${idArray})`)
          .groupBy(parts.revisionOfId)
      : Promise.resolve([]),
    flags.parameters && ids.length ? loadParameters(ctx, ids) : Promise.resolve(null),
    flags.price_breaks && ids.length ? loadPriceBreaks(ctx, ids) : Promise.resolve(null),
    stockFigures(ctx, rows),
  ]);
  const catById = new Map(cats.map((c) => [c.id, c]));
  const catDetail = new Map(flags.category_detail ? cats.map((c) => [c.id, categoryDetail(c)]) : []);
  let pathNodes = new Map<number, { pk: number; name: string; icon: string }>();
  if (flags.path_detail) {
    const nodeIds = [...new Set(cats.flatMap((c) => c.treeIds))];
    if (nodeIds.length) {
      const nodes = await ctx.db
        .select({ id: partCategories.id, name: partCategories.name, icon: partCategories.icon })
        .from(partCategories)
        .where(anyOf(partCategories.id, nodeIds));
      pathNodes = new Map(nodes.map((n) => [n.id, { pk: n.id, name: n.name, icon: n.icon }]));
    }
  }
  const starred = new Set(stars.map((s) => s.id));
  const revCount = new Map(revisions.map((r) => [r.id!, r.n]));
  // Built by assignment in InvenTree's field order (optional fields in their place), so every
  // answer shares one object shape.
  return rows.map((p) => {
    const cat = p.categoryId ? catById.get(p.categoryId) : undefined;
    const img = imageUrls(p.image);
    const st = stock.get(p.id);
    const total = st?.total ?? 0;
    const out: Record<string, unknown> = {};
    out.active = p.active;
    out.assembly = p.assembly;
    out.barcode_hash = p.barcodeHash;
    out.category = p.categoryId;
    if (flags.category_detail) out.category_detail = (cat && catDetail.get(cat.id)) ?? null;
    if (flags.path_detail)
      out.category_path = cat ? cat.treeIds.map((id) => pathNodes.get(id)).filter(Boolean) : [];
    out.category_name = cat?.name ?? '';
    out.component = p.component;
    out.creation_date = formatDate(p.creationDate);
    out.creation_user = p.creationUserId;
    out.default_expiry = p.defaultExpiry;
    out.default_location = p.defaultLocationId;
    if (flags.location_detail) out.default_location_detail = null;
    out.description = p.description;
    out.full_name = fullName(p);
    out.image = img.image;
    out.IPN = p.ipn ?? '';
    out.is_template = p.isTemplate;
    out.keywords = p.keywords;
    out.link = p.link;
    out.locked = p.locked;
    out.minimum_stock = num(p.minimumStock);
    out.maximum_stock = num(p.maximumStock);
    out.name = p.name;
    if (flags.notes) out.notes = p.notes ?? null;
    if (params) out.parameters = params.get(p.id) ?? [];
    out.pk = p.id;
    out.purchaseable = p.purchaseable;
    out.revision = p.revision;
    out.revision_of = p.revisionOfId;
    out.revision_count = revCount.get(p.id) ?? 0;
    out.salable = p.salable;
    out.starred = starred.has(p.id);
    out.thumbnail = img.thumbnail;
    out.testable = p.testable;
    out.trackable = p.trackable;
    out.units = p.units;
    out.variant_of = p.variantOfId;
    out.virtual = p.virtual;
    out.consumable = p.consumable;
    out.pricing_min = null;
    out.pricing_max = null;
    out.pricing_updated = null;
    out.responsible = p.responsibleId;
    if (breaks) out.price_breaks = breaks.get(p.id) ?? [];
    out.allocated_to_build_orders = 0;
    out.allocated_to_sales_orders = 0;
    out.building = 0;
    out.scheduled_to_build = 0;
    out.category_default_location = cat?.defaultLocationId ?? null;
    out.in_stock = st?.own ?? 0;
    out.ordering = 0;
    out.required_for_build_orders = 0;
    out.required_for_sales_orders = 0;
    out.stock_item_count = st?.items ?? 0;
    out.total_in_stock = total;
    out.external_stock = st?.external ?? 0;
    // Nothing is allocated until orders and builds exist.
    out.unallocated_stock = Math.max(total, 0);
    out.variant_stock = total - (st?.own ?? 0);
    if (flags.tags) out.tags = p.tags ?? [];
    return out;
  });
}

async function loadParameters(ctx: Ctx, ids: number[]) {
  return parametersFor(ctx, 'part', ids);
}

async function loadPriceBreaks(ctx: Ctx, ids: number[]) {
  const { partPriceBreaks } = await import('@/db/schema');
  const rows = await ctx.db
    .select()
    .from(partPriceBreaks)
    .where(and(eq(partPriceBreaks.kind, 'sale'), anyOf(partPriceBreaks.partId, ids)))
    .orderBy(partPriceBreaks.quantity);
  const out = new Map<number, unknown[]>();
  for (const r of rows) {
    const list = out.get(r.partId) ?? [];
    list.push({
      pk: r.id,
      part: r.partId,
      quantity: Number(r.quantity),
      price: num(r.price),
      price_currency: r.priceCurrency,
    });
    out.set(r.partId, list);
  }
  return out;
}

interface StockFigures {
  own: number;
  total: number;
  external: number;
  items: number;
}

/**
 * Stock figures for a page of parts, summed per part over its stock items (one index range per
 * part: `stock_items (part_id, in_stock)`), in-stock items only for the sums. A template's
 * `total`/`external` add its variants' (its whole variant subtree, `variant_tree_ids` GIN-indexed),
 * summed in SQL so decimals stay exact; the second branch only runs when the page has templates.
 * `own` is the part itself, `external` is stock in external locations, `items` counts the part's
 * own stock items (any state, as InvenTree's `stock_item_count`).
 */
async function stockFigures(ctx: Ctx, rows: PartOutRow[]): Promise<Map<number, StockFigures>> {
  if (!rows.length) return new Map();
  const ids = sql`${sql.param(rows.map((r) => r.id))}::int[]`;
  const templates = rows.filter((r) => r.isTemplate).map((r) => r.id);
  const perPart = (where: SQL) => sql`
    select si.part_id as id,
      coalesce(sum(si.quantity) filter (where si.in_stock), 0) as stock,
      coalesce(sum(si.quantity) filter (where si.in_stock
        and si.location_id in (select l.id from stock_locations l where l.external)), 0) as external,
      count(*)::int as items
    from stock_items si where ${where}
    group by si.part_id`;
  type Row = { id: number; stock: string; external: string; items: number | null };
  const result = templates.length
    ? await ctx.db.execute<Row>(sql`
        with own as (${perPart(sql`si.part_id = any(${ids} || array(
          select v.id from ${parts} v where v.variant_tree_ids && ${sql.param(templates)}::int[]))`)})
        select o.id, o.stock, o.external, o.items from own o where o.id = any(${ids})
        union all
        select t.id, sum(o.stock), sum(o.external), null from unnest(${sql.param(templates)}::int[]) as t(id)
        join ${parts} v on v.variant_tree_ids @> array[t.id]
        join own o on o.id = v.id
        group by t.id`)
    : await ctx.db.execute<Row>(perPart(sql`si.part_id = any(${ids})`));
  const out = new Map<number, StockFigures>();
  const subtree: Row[] = [];
  for (const r of result) {
    if (r.items === null) subtree.push(r);
    else {
      const stock = Number(r.stock);
      out.set(r.id, { own: stock, total: stock, external: Number(r.external), items: r.items });
    }
  }
  // A template's totals cover its variant subtree (its own row, if any, keeps `own` and `items`).
  for (const r of subtree) {
    const f = out.get(r.id) ?? { own: 0, total: 0, external: 0, items: 0 };
    f.total = Number(r.stock);
    f.external = Number(r.external);
    out.set(r.id, f);
  }
  return out;
}
