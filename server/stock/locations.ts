import { and, asc, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { locationStars, owners, stockItems, stockLocations, stockLocationTypes } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { fieldError, nonFieldError, notFound, validation } from '@/lib/errors';
import { type BulkFilter, type BulkSelection, bulkSelection } from '@/lib/http/bulk';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { getGlobalSetting } from '@/server/settings';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import {
  descendantCounts,
  rewriteSubtree,
  subtreeRowCounts,
  type TreeNode,
  type TreeQuery,
  treeList,
} from '../trees';
import { getLocationRow, type StockLocationRow } from './lookup';

export interface LocationQuery extends ListQuery {
  parent?: number | null;
  cascade?: boolean;
  depth?: number;
  top_level?: boolean;
  structural?: boolean;
  external?: boolean;
  starred?: boolean;
  location_type?: number;
  has_location_type?: boolean;
  name?: string;
  tag_name?: string;
  exclude_tree?: number;
  path_detail?: boolean;
}

export interface LocationInput {
  name?: string;
  description?: string;
  parent?: number | null;
  owner?: number | null;
  structural?: boolean;
  external?: boolean;
  location_type?: number | null;
  custom_icon?: string | null;
  tags?: string[];
  starred?: boolean;
}

type PathNode = { pk: number; name: string; icon: string };

/** STOCK_LOCATION_DEFAULT_ICON: the icon of a location with none of its own or of its type. */
async function defaultLocationIcon(): Promise<string> {
  return String((await getGlobalSetting('STOCK_LOCATION_DEFAULT_ICON')) ?? '');
}

/** Location icons: the custom icon, else the location type's, else STOCK_LOCATION_DEFAULT_ICON. */
async function iconResolver(ctx: Ctx, rows: Pick<StockLocationRow, 'customIcon' | 'locationTypeId'>[]) {
  const typeIds = [...new Set(rows.map((r) => r.locationTypeId).filter((t): t is number => t !== null))];
  const types = typeIds.length
    ? await ctx.db.select().from(stockLocationTypes).where(anyOf(stockLocationTypes.id, typeIds))
    : [];
  const byId = new Map(types.map((t) => [t.id, t]));
  const fallback = await defaultLocationIcon();
  return {
    types: byId,
    icon: (r: Pick<StockLocationRow, 'customIcon' | 'locationTypeId'>) =>
      r.customIcon || (r.locationTypeId ? byId.get(r.locationTypeId)?.icon : '') || fallback,
  };
}

/** `path` / `location_path` entries (root → node) for a set of locations, in one query. */
export async function locationPaths(ctx: Ctx, treeIds: number[][]): Promise<Map<number, PathNode>> {
  const ids = [...new Set(treeIds.flat())];
  if (!ids.length) return new Map();
  const nodes = await ctx.db.select().from(stockLocations).where(anyOf(stockLocations.id, ids));
  const { icon } = await iconResolver(ctx, nodes);
  return new Map(nodes.map((n) => [n.id, { pk: n.id, name: n.name, icon: icon(n) }]));
}

/** Stock items in each location and below (with `items`), and its sublocations (all levels). */
async function countsFor(ctx: Ctx, ids: number[], opts: { items: boolean }) {
  const [items, children] = await Promise.all([
    opts.items
      ? subtreeRowCounts(ctx.db, stockLocations, ids, { table: stockItems, column: 'location_id' })
      : new Map<number, number>(),
    descendantCounts(ctx.db, stockLocations, ids),
  ]);
  return { items, children };
}

async function starredSet(ctx: Ctx, ids: number[]) {
  if (!ids.length || !ctx.actor.userId) return new Set<number>();
  const rows = await ctx.db
    .select({ id: locationStars.locationId })
    .from(locationStars)
    .where(and(eq(locationStars.userId, ctx.actor.userId), anyOf(locationStars.locationId, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Location answers for a page (counts, stars, icons, types and paths fetched set-based). */
export async function locationsOut(
  ctx: Ctx,
  rows: StockLocationRow[],
  flags: { path_detail?: boolean } = {},
) {
  const ids = rows.map((r) => r.id);
  const [counts, stars, icons, paths] = await Promise.all([
    countsFor(ctx, ids, { items: true }),
    starredSet(ctx, ids),
    iconResolver(ctx, rows),
    flags.path_detail
      ? locationPaths(
          ctx,
          rows.map((r) => r.treeIds),
        )
      : Promise.resolve(null),
  ]);
  return rows.map((r) => {
    const type = r.locationTypeId ? icons.types.get(r.locationTypeId) : undefined;
    return {
      pk: r.id,
      barcode_hash: r.barcodeHash,
      name: r.name,
      level: r.level,
      description: r.description,
      parent: r.parentId,
      pathstring: r.pathstring,
      ...(paths ? { path: r.treeIds.map((id) => paths.get(id)).filter(Boolean) } : {}),
      items: counts.items.get(r.id) ?? 0,
      sublocations: counts.children.get(r.id) ?? 0,
      owner: r.ownerId,
      icon: icons.icon(r),
      custom_icon: r.customIcon,
      structural: r.structural,
      external: r.external,
      location_type: r.locationTypeId,
      location_type_detail: type
        ? { pk: type.id, name: type.name, description: type.description, icon: type.icon }
        : null,
      tags: r.tags,
      starred: stars.has(r.id),
    };
  });
}

function locationWhere(ctx: Ctx, q: LocationQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [
    searchCondition(q, [
      stockLocations.name,
      stockLocations.description,
      stockLocations.pathstring,
      sql`${stockLocations.tags}::text`,
    ]),
  ];
  if (q.name !== undefined) conds.push(eq(stockLocations.name, q.name));
  if (q.structural !== undefined) conds.push(eq(stockLocations.structural, q.structural));
  if (q.external !== undefined) conds.push(eq(stockLocations.external, q.external));
  if (q.top_level !== undefined)
    conds.push(q.top_level ? isNull(stockLocations.parentId) : isNotNull(stockLocations.parentId));
  if (q.location_type !== undefined) conds.push(eq(stockLocations.locationTypeId, q.location_type));
  if (q.has_location_type !== undefined)
    conds.push(
      q.has_location_type ? isNotNull(stockLocations.locationTypeId) : isNull(stockLocations.locationTypeId),
    );
  if (q.tag_name) conds.push(sql`${stockLocations.tags} ? ${q.tag_name}`);
  if (q.parent === null) {
    if (!q.cascade) conds.push(isNull(stockLocations.parentId));
  } else if (q.parent !== undefined) {
    conds.push(
      q.cascade
        ? sql`${stockLocations.treeIds} @> array[${q.parent}]::int[] and ${stockLocations.id} <> ${q.parent}`
        : eq(stockLocations.parentId, q.parent),
    );
  }
  if (q.depth !== undefined) conds.push(sql`${stockLocations.level} <= ${q.depth}`);
  if (q.exclude_tree !== undefined)
    conds.push(sql`not (${stockLocations.treeIds} @> array[${q.exclude_tree}]::int[])`);
  if (q.starred !== undefined) {
    const sub = sql`exists (select 1 from ${locationStars} s where s.location_id = ${stockLocations.id} and s.user_id = ${ctx.actor.userId})`;
    conds.push(q.starred ? sub : sql`not ${sub}`);
  }
  return and(...conds);
}

export async function listLocations(ctx: Ctx, q: LocationQuery, url: URL) {
  assertCan(ctx, 'stock_location', 'view');
  if (q.parent !== undefined && q.parent !== null)
    await getLocationRow(ctx.db, q.parent).catch(() => {
      throw fieldError('parent', 'Select a valid choice. That choice is not one of the available choices.');
    });
  const where = locationWhere(ctx, q);
  const order = orderBy(
    q.ordering,
    {
      name: stockLocations.name,
      pathstring: stockLocations.pathstring,
      level: stockLocations.level,
      tree_id: sql`${stockLocations.treeIds}[1]`,
      lft: stockLocations.pathstring,
      items: sql`(select count(*) from ${stockItems} i join ${stockLocations} d on d.id = i.location_id where d.tree_ids @> array[${stockLocations.id}])`,
    },
    stockLocations.id,
    [asc(stockLocations.pathstring)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(stockLocations, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(stockLocations)
        .where(where)
        .orderBy(...order);
      return locationsOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)), q);
    },
  });
}

async function locationOut(ctx: Ctx, id: number, flags: { path_detail?: boolean } = {}) {
  return (await locationsOut(ctx, [await getLocationRow(ctx.db, id)], flags))[0]!;
}

export async function getLocation(ctx: Ctx, id: number, flags: { path_detail?: boolean } = {}) {
  assertCan(ctx, 'stock_location', 'view');
  return locationOut(ctx, id, flags);
}

/**
 * `/api/stock/location/tree/`: every location, light, in tree order (see `treeRows`).
 */
export async function locationTree(ctx: Ctx, q: TreeQuery & { tree_id?: number }, url: URL) {
  assertCan(ctx, 'stock_location', 'view');
  const l = stockLocations;
  const fallback = await defaultLocationIcon();
  return treeList(ctx, l, q, url, {
    countKey: 'sublocations',
    tree_id: sql`coalesce(${l.treeIds}[1], ${l.id})`,
    // As `iconResolver`: the custom icon, else the location type's, else the default.
    icon: sql`coalesce(nullif(${l.customIcon}, ''), nullif(location_type.icon, ''), ${fallback}::text)`,
    joins: sql`left join ${stockLocationTypes} location_type on location_type.id = ${l.locationTypeId}`,
    where: q.tree_id !== undefined ? sql`${l.treeIds}[1] = ${q.tree_id}` : undefined,
  });
}

/** A row of `locationTree`. */
export interface LocationTreeNode extends TreeNode {
  sublocations: number;
}

async function assertNameFree(ctx: Ctx, name: string, parentId: number | null, exceptId?: number) {
  const [clash] = await ctx.db
    .select({ id: stockLocations.id })
    .from(stockLocations)
    .where(
      and(
        sql`coalesce(${stockLocations.parentId}, 0) = ${parentId ?? 0}`,
        sql`lower(${stockLocations.name}) = lower(${name})`,
      ),
    );
  if (clash && clash.id !== exceptId)
    throw validation({ name: ['A location with this name already exists under this parent'] });
}

async function assertRefs(ctx: Ctx, input: LocationInput) {
  if (input.owner) {
    const [o] = await ctx.db.select({ id: owners.id }).from(owners).where(eq(owners.id, input.owner));
    if (!o) throw fieldError('owner', `Invalid pk "${input.owner}" - object does not exist.`);
  }
  if (input.location_type) {
    const [t] = await ctx.db
      .select({ id: stockLocationTypes.id })
      .from(stockLocationTypes)
      .where(eq(stockLocationTypes.id, input.location_type));
    if (!t) throw fieldError('location_type', `Invalid pk "${input.location_type}" - object does not exist.`);
  }
}

async function setStar(ctx: Ctx, locationId: number, starred: boolean) {
  if (starred)
    await ctx.db.insert(locationStars).values({ locationId, userId: ctx.actor.userId }).onConflictDoNothing();
  else
    await ctx.db
      .delete(locationStars)
      .where(and(eq(locationStars.locationId, locationId), eq(locationStars.userId, ctx.actor.userId)));
}

/** Creates a location under its parent, computing its stored path, level and ancestor ids. */
export async function createLocation(ctx: Ctx, input: LocationInput & { name: string }) {
  assertCan(ctx, 'stock_location', 'add');
  return withTransaction(ctx, async (tx) => {
    const parent = input.parent
      ? await getLocationRow(tx.db, input.parent).catch(() => {
          throw fieldError('parent', `Invalid pk "${input.parent}" - object does not exist.`);
        })
      : null;
    await assertRefs(tx, input);
    await assertNameFree(tx, input.name, parent?.id ?? null);
    const [row] = await tx.db
      .insert(stockLocations)
      .values({
        name: input.name,
        description: input.description ?? '',
        parentId: parent?.id ?? null,
        ownerId: input.owner ?? null,
        structural: input.structural ?? false,
        external: input.external ?? false,
        locationTypeId: input.location_type ?? null,
        customIcon: input.custom_icon ?? '',
        tags: input.tags ?? [],
        level: parent ? parent.level + 1 : 0,
        pathstring: (parent ? `${parent.pathstring}/${input.name}` : input.name).slice(0, 250),
      })
      .returning();
    await tx.db
      .update(stockLocations)
      .set({ treeIds: [...(parent?.treeIds ?? []), row!.id] })
      .where(eq(stockLocations.id, row!.id));
    if (input.starred) await setStar(tx, row!.id, true);
    return locationOut(tx, row!.id);
  });
}

/**
 * Updates a location. Moving or renaming rewrites the stored path, level and ancestor ids of the
 * whole subtree in one statement; a location cannot move below itself nor become structural while
 * stock items sit directly in it.
 */
export async function updateLocation(ctx: Ctx, id: number, input: LocationInput) {
  assertCan(ctx, 'stock_location', 'change');
  return withTransaction(ctx, async (tx) => {
    const loc = await getLocationRow(tx.db, id, { forUpdate: true });
    if (input.starred !== undefined) await setStar(tx, id, input.starred);
    let parent: StockLocationRow | null | undefined;
    if (input.parent !== undefined) {
      parent =
        input.parent === null
          ? null
          : await getLocationRow(tx.db, input.parent).catch(() => {
              throw fieldError('parent', `Invalid pk "${input.parent}" - object does not exist.`);
            });
      if (parent?.treeIds.includes(id)) throw fieldError('parent', 'Cannot move a location below itself');
    }
    await assertRefs(tx, input);
    if (input.structural === true && !loc.structural) {
      const n = await tx.db.$count(stockItems, eq(stockItems.locationId, id));
      if (n)
        throw nonFieldError(
          'You cannot make this stock location structural because some stock items are already located into it!',
        );
    }
    const name = input.name ?? loc.name;
    const parentId = parent === undefined ? loc.parentId : (parent?.id ?? null);
    if (input.name !== undefined || input.parent !== undefined) await assertNameFree(tx, name, parentId, id);
    await tx.db
      .update(stockLocations)
      .set({
        name,
        description: input.description ?? loc.description,
        parentId,
        ownerId: input.owner === undefined ? loc.ownerId : input.owner,
        structural: input.structural ?? loc.structural,
        external: input.external ?? loc.external,
        locationTypeId: input.location_type === undefined ? loc.locationTypeId : input.location_type,
        customIcon: input.custom_icon === undefined ? loc.customIcon : (input.custom_icon ?? ''),
        tags: input.tags ?? loc.tags,
      })
      .where(eq(stockLocations.id, id));
    if (name !== loc.name || parentId !== loc.parentId) {
      const base =
        parentId === loc.parentId
          ? loc.parentId
            ? await getLocationRow(tx.db, loc.parentId)
            : null
          : (parent ?? null);
      await rewriteSubtree(tx.db, stockLocations, loc, name, base);
    }
    return locationOut(tx, id);
  });
}

/**
 * Deletes a location (InvenTree's options): its stock items move to the parent location unless
 * `delete_stock_items`; its sublocations move up unless `delete_sub_locations`, in which case the
 * whole subtree goes (its items with it, or moved to the parent).
 */
export async function deleteLocation(
  ctx: Ctx,
  id: number,
  opts: { delete_stock_items?: boolean; delete_sub_locations?: boolean } = {},
) {
  assertCan(ctx, 'stock_location', 'delete');
  await withTransaction(ctx, async (tx) => {
    const loc = await getLocationRow(tx.db, id, { forUpdate: true });
    const scope = opts.delete_sub_locations
      ? sql`select id from ${stockLocations} where tree_ids @> array[${id}]::int[]`
      : sql`select ${id}::int`;
    if (opts.delete_stock_items) {
      await tx.db.delete(stockItems).where(sql`${stockItems.locationId} in (${scope})`);
    } else {
      await tx.db
        .update(stockItems)
        .set({ locationId: loc.parentId, updated: new Date() })
        .where(sql`${stockItems.locationId} in (${scope})`);
    }
    if (opts.delete_sub_locations) {
      // The parent key restricts row by row: detach the subtree first, then delete it in one statement.
      const below = sql`${stockLocations.treeIds} @> array[${id}]::int[] and ${stockLocations.id} <> ${id}`;
      await tx.db.update(stockLocations).set({ parentId: null }).where(below);
      await tx.db.delete(stockLocations).where(below);
    } else {
      const children = await tx.db
        .select({ id: stockLocations.id })
        .from(stockLocations)
        .where(eq(stockLocations.parentId, id));
      for (const c of children)
        await updateLocation({ ...tx, actor: { ...tx.actor, via: 'system' } }, c.id, {
          parent: loc.parentId,
        });
    }
    await tx.db.delete(stockLocations).where(eq(stockLocations.id, id));
  });
}

const BULK_FILTERS: Record<string, BulkFilter> = {
  parent: { column: stockLocations.parentId, kind: 'id' },
  structural: { column: stockLocations.structural, kind: 'bool' },
  external: { column: stockLocations.external, kind: 'bool' },
  location_type: { column: stockLocations.locationTypeId, kind: 'id' },
};

/** Bulk PUT/PATCH on `/api/stock/location/`: each location through `updateLocation`, one transaction. */
export async function bulkUpdateLocations(ctx: Ctx, sel: BulkSelection, input: LocationInput) {
  assertCan(ctx, 'stock_location', 'change');
  return withTransaction(ctx, async (tx) => {
    const ids = await bulkSelection(tx.db, stockLocations, stockLocations.id, BULK_FILTERS, sel);
    for (const id of ids) await updateLocation(tx, id, input);
    return { success: `Updated ${ids.length} items` };
  });
}

// ---------------------------------------------------------------- location types

type LocationTypeRow = typeof stockLocationTypes.$inferSelect;
// Drizzle renders columns unqualified in a select list: name the outer row explicitly.
const outerTypeId = sql`${sql.identifier('stock_location_types')}.${sql.identifier('id')}`;
const locationCount = sql<number>`(select count(*)::int from ${stockLocations} l where l.location_type_id = ${outerTypeId})`;

const typeOut = (r: LocationTypeRow & { locationCount: number }) => ({
  pk: r.id,
  name: r.name,
  description: r.description,
  icon: r.icon,
  location_count: r.locationCount,
});

const typeSelect = (ctx: Ctx) =>
  ctx.db
    .select({
      id: stockLocationTypes.id,
      name: stockLocationTypes.name,
      description: stockLocationTypes.description,
      icon: stockLocationTypes.icon,
      locationCount,
    })
    .from(stockLocationTypes);

export async function listLocationTypes(ctx: Ctx, q: ListQuery, url: URL) {
  assertCan(ctx, 'stock_location', 'view');
  const where = searchCondition(q, [stockLocationTypes.name]);
  const order = orderBy(
    q.ordering,
    { name: stockLocationTypes.name, icon: stockLocationTypes.icon, location_count: locationCount },
    stockLocationTypes.id,
    [asc(stockLocationTypes.name)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(stockLocationTypes, where),
    rows: async (limit, offset) => {
      const base = typeSelect(ctx)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(typeOut);
    },
  });
}

async function locationTypeOut(ctx: Ctx, id: number) {
  const [row] = await typeSelect(ctx).where(eq(stockLocationTypes.id, id));
  if (!row) throw notFound('StockLocationType');
  return typeOut(row);
}

export async function getLocationType(ctx: Ctx, id: number) {
  assertCan(ctx, 'stock_location', 'view');
  return locationTypeOut(ctx, id);
}

export interface LocationTypeInput {
  name?: string;
  description?: string;
  icon?: string;
}

export async function createLocationType(ctx: Ctx, input: LocationTypeInput & { name: string }) {
  assertCan(ctx, 'stock_location', 'add');
  const [row] = await ctx.db
    .insert(stockLocationTypes)
    .values({ name: input.name, description: input.description ?? '', icon: input.icon ?? '' })
    .returning({ id: stockLocationTypes.id });
  return locationTypeOut(ctx, row!.id);
}

export async function updateLocationType(ctx: Ctx, id: number, input: LocationTypeInput) {
  assertCan(ctx, 'stock_location', 'change');
  await locationTypeOut(ctx, id);
  if (Object.keys(input).length)
    await ctx.db.update(stockLocationTypes).set(input).where(eq(stockLocationTypes.id, id));
  return locationTypeOut(ctx, id);
}

export async function deleteLocationType(ctx: Ctx, id: number) {
  assertCan(ctx, 'stock_location', 'delete');
  await locationTypeOut(ctx, id);
  await ctx.db.delete(stockLocationTypes).where(eq(stockLocationTypes.id, id));
}
