import { and, eq, inArray, sql } from 'drizzle-orm';
import { partCategories, partStars, parts } from '@/db/schema';
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

/**
 * Part answers for a page of rows, every related figure fetched set-based (one query each, never
 * one per row), stock figures included.
 */
export async function partsOut(ctx: Ctx, rows: PartRow[], flags: PartFlags = {}) {
  const ids = rows.map((r) => r.id);
  const catIds = [...new Set(rows.map((r) => r.categoryId).filter((c): c is number => c !== null))];
  const [cats, stars, revisions, params, breaks, stock] = await Promise.all([
    catIds.length
      ? ctx.db.select().from(partCategories).where(inArray(partCategories.id, catIds))
      : Promise.resolve([]),
    ids.length && ctx.actor.userId
      ? ctx.db
          .select({ id: partStars.partId })
          .from(partStars)
          .where(and(eq(partStars.userId, ctx.actor.userId), inArray(partStars.partId, ids)))
      : Promise.resolve([]),
    ids.length
      ? ctx.db
          .select({ id: parts.revisionOfId, n: sql<number>`count(*)::int` })
          .from(parts)
          .where(inArray(parts.revisionOfId, ids))
          .groupBy(parts.revisionOfId)
      : Promise.resolve([]),
    flags.parameters && ids.length ? loadParameters(ctx, ids) : Promise.resolve(null),
    flags.price_breaks && ids.length ? loadPriceBreaks(ctx, ids) : Promise.resolve(null),
    stockFigures(ctx, rows),
  ]);
  const catById = new Map(cats.map((c) => [c.id, c]));
  let pathNodes = new Map<number, { pk: number; name: string; icon: string }>();
  if (flags.path_detail) {
    const nodeIds = [...new Set(cats.flatMap((c) => c.treeIds))];
    if (nodeIds.length) {
      const nodes = await ctx.db
        .select({ id: partCategories.id, name: partCategories.name, icon: partCategories.icon })
        .from(partCategories)
        .where(inArray(partCategories.id, nodeIds));
      pathNodes = new Map(nodes.map((n) => [n.id, { pk: n.id, name: n.name, icon: n.icon }]));
    }
  }
  const starred = new Set(stars.map((s) => s.id));
  const revCount = new Map(revisions.map((r) => [r.id!, r.n]));
  return rows.map((p) => {
    const cat = p.categoryId ? catById.get(p.categoryId) : undefined;
    const img = imageUrls(p.image);
    const st = stock.get(p.id);
    const out: Record<string, unknown> = {
      active: p.active,
      assembly: p.assembly,
      barcode_hash: p.barcodeHash,
      category: p.categoryId,
      ...(flags.category_detail
        ? {
            category_detail: cat
              ? {
                  pk: cat.id,
                  name: cat.name,
                  description: cat.description,
                  pathstring: cat.pathstring,
                  parent: cat.parentId,
                  level: cat.level,
                  icon: cat.icon,
                  structural: cat.structural,
                  default_location: cat.defaultLocationId,
                }
              : null,
          }
        : {}),
      ...(flags.path_detail
        ? { category_path: cat ? cat.treeIds.map((id) => pathNodes.get(id)).filter(Boolean) : [] }
        : {}),
      category_name: cat?.name ?? '',
      component: p.component,
      creation_date: formatDate(p.creationDate),
      creation_user: p.creationUserId,
      default_expiry: p.defaultExpiry,
      default_location: p.defaultLocationId,
      ...(flags.location_detail ? { default_location_detail: null } : {}),
      description: p.description,
      full_name: fullName(p),
      image: img.image,
      IPN: p.ipn ?? '',
      is_template: p.isTemplate,
      keywords: p.keywords,
      link: p.link,
      locked: p.locked,
      minimum_stock: num(p.minimumStock),
      maximum_stock: num(p.maximumStock),
      name: p.name,
      ...(flags.notes ? { notes: p.notes } : {}),
      ...(params ? { parameters: params.get(p.id) ?? [] } : {}),
      pk: p.id,
      purchaseable: p.purchaseable,
      revision: p.revision,
      revision_of: p.revisionOfId,
      revision_count: revCount.get(p.id) ?? 0,
      salable: p.salable,
      starred: starred.has(p.id),
      thumbnail: img.thumbnail,
      testable: p.testable,
      trackable: p.trackable,
      units: p.units,
      variant_of: p.variantOfId,
      virtual: p.virtual,
      consumable: p.consumable,
      pricing_min: null,
      pricing_max: null,
      pricing_updated: null,
      responsible: p.responsibleId,
      ...(breaks ? { price_breaks: breaks.get(p.id) ?? [] } : {}),
      allocated_to_build_orders: 0,
      allocated_to_sales_orders: 0,
      building: 0,
      scheduled_to_build: 0,
      category_default_location: cat?.defaultLocationId ?? null,
      in_stock: st?.own ?? 0,
      ordering: 0,
      required_for_build_orders: 0,
      required_for_sales_orders: 0,
      stock_item_count: st?.items ?? 0,
      total_in_stock: st?.total ?? 0,
      external_stock: st?.external ?? 0,
      // Nothing is allocated until orders and builds exist.
      unallocated_stock: Math.max(st?.total ?? 0, 0),
      variant_stock: (st?.total ?? 0) - (st?.own ?? 0),
      ...(flags.tags ? { tags: p.tags } : {}),
    };
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
    .where(and(eq(partPriceBreaks.kind, 'sale'), inArray(partPriceBreaks.partId, ids)))
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
 * Stock figures for a page of parts in one grouped query: each part with its variant subtree (a
 * template's variants carry it in `variant_tree_ids`, GIN-indexed), summed over in-stock items.
 * `own` is the part itself, `total` includes variants, `external` is stock in external locations,
 * `items` counts the part's own stock items (any state, as InvenTree's `stock_item_count`).
 */
async function stockFigures(ctx: Ctx, rows: PartRow[]): Promise<Map<number, StockFigures>> {
  if (!rows.length) return new Map();
  const templates = rows.filter((r) => r.isTemplate).map((r) => r.id);
  const ids = rows.map((r) => r.id);
  const result = await ctx.db.execute<{
    id: number;
    own: string;
    total: string;
    external: string;
    items: number;
  }>(sql`
    with members as (
      select id, id as member from unnest(${sql.param(ids)}::int[]) as t(id)
      union
      select t.id, v.id from unnest(${sql.param(templates)}::int[]) as t(id)
      join ${parts} v on v.variant_tree_ids @> array[t.id] and v.id <> t.id)
    select m.id,
      coalesce(sum(si.quantity) filter (where si.in_stock and si.part_id = m.id), 0) as own,
      coalesce(sum(si.quantity) filter (where si.in_stock), 0) as total,
      coalesce(sum(si.quantity) filter (where si.in_stock and l.external), 0) as external,
      (count(si.id) filter (where si.part_id = m.id))::int as items
    from members m
    join stock_items si on si.part_id = m.member
    left join stock_locations l on l.id = si.location_id
    group by m.id`);
  return new Map(
    Array.from(result).map((r) => [
      r.id,
      { own: Number(r.own), total: Number(r.total), external: Number(r.external), items: r.items },
    ]),
  );
}
