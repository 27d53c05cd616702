import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { categoryStars, partCategories, parts } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { fieldError, nonFieldError, validation } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
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
import { type CategoryRow, getCategoryRow } from './lookup';

export interface CategoryQuery extends ListQuery {
  parent?: number | null;
  cascade?: boolean;
  depth?: number;
  top_level?: boolean;
  structural?: boolean;
  starred?: boolean;
  name?: string;
  exclude_tree?: number;
  path_detail?: boolean;
}

/** `path` entries of the tree, root → node, in one query for a page of categories. */
async function pathsFor(ctx: Ctx, rows: CategoryRow[]) {
  const ids = [...new Set(rows.flatMap((r) => r.treeIds))];
  if (!ids.length) return new Map<number, { pk: number; name: string; icon: string }>();
  const nodes = await ctx.db
    .select({ id: partCategories.id, name: partCategories.name, icon: partCategories.icon })
    .from(partCategories)
    .where(anyOf(partCategories.id, ids));
  return new Map(nodes.map((n) => [n.id, { pk: n.id, name: n.name, icon: n.icon }]));
}

/**
 * Part counts including every subcategory, and subcategory counts (all levels, as InvenTree's
 * lft/rght range), for a page of categories (set-based).
 */
async function countsFor(ctx: Ctx, ids: number[]) {
  const [partCounts, children] = await Promise.all([
    subtreeRowCounts(ctx.db, partCategories, ids, { table: parts, column: 'category_id' }),
    descendantCounts(ctx.db, partCategories, ids),
  ]);
  return { parts: partCounts, children };
}

async function starredSet(ctx: Ctx, ids: number[]) {
  if (!ids.length || !ctx.actor.userId) return new Set<number>();
  const rows = await ctx.db
    .select({ id: categoryStars.categoryId })
    .from(categoryStars)
    .where(and(eq(categoryStars.userId, ctx.actor.userId), anyOf(categoryStars.categoryId, ids)));
  return new Set(rows.map((r) => r.id));
}

/** Category answers for a page, with counts, stars and paths fetched set-based. */
export async function categoriesOut(ctx: Ctx, rows: CategoryRow[], flags: { path_detail?: boolean } = {}) {
  const ids = rows.map((r) => r.id);
  const [counts, stars, paths] = await Promise.all([
    countsFor(ctx, ids),
    starredSet(ctx, ids),
    flags.path_detail ? pathsFor(ctx, rows) : Promise.resolve(null),
  ]);
  const parentDefaults = new Map<number, number | null>();
  const parentIds = [...new Set(rows.map((r) => r.parentId).filter((p): p is number => p !== null))];
  if (parentIds.length) {
    // InvenTree's `parent_default_location`: the nearest ancestor's default location.
    const ancestors = await ctx.db
      .select({
        id: partCategories.id,
        loc: partCategories.defaultLocationId,
        treeIds: partCategories.treeIds,
      })
      .from(partCategories)
      .where(anyOf(partCategories.id, [...new Set(rows.flatMap((r) => r.treeIds.slice(0, -1)))]));
    const byId = new Map(ancestors.map((a) => [a.id, a.loc]));
    for (const r of rows) {
      let loc: number | null = null;
      for (const id of [...r.treeIds.slice(0, -1)].reverse()) {
        if (byId.get(id)) {
          loc = byId.get(id)!;
          break;
        }
      }
      parentDefaults.set(r.id, loc);
    }
  }
  return rows.map((r) => ({
    pk: r.id,
    name: r.name,
    description: r.description,
    default_location: r.defaultLocationId,
    default_keywords: r.defaultKeywords,
    level: r.level,
    parent: r.parentId,
    part_count: counts.parts.get(r.id) ?? 0,
    subcategories: counts.children.get(r.id) ?? 0,
    pathstring: r.pathstring,
    ...(paths ? { path: r.treeIds.map((id) => paths.get(id)).filter(Boolean) } : {}),
    starred: stars.has(r.id),
    structural: r.structural,
    icon: r.icon,
    parent_default_location: parentDefaults.get(r.id) ?? null,
  }));
}

function categoryWhere(ctx: Ctx, q: CategoryQuery): SQL | undefined {
  const conds: (SQL | undefined)[] = [
    searchCondition(q, [partCategories.name, partCategories.description, partCategories.pathstring]),
  ];
  if (q.name !== undefined) conds.push(eq(partCategories.name, q.name));
  if (q.structural !== undefined) conds.push(eq(partCategories.structural, q.structural));
  if (q.top_level) conds.push(isNull(partCategories.parentId));
  if (q.parent === null) {
    if (!q.cascade) conds.push(isNull(partCategories.parentId));
  } else if (q.parent !== undefined) {
    // `cascade` with a parent: the whole subtree below it; else its direct children.
    conds.push(
      q.cascade
        ? sql`${partCategories.treeIds} @> array[${q.parent}]::int[] and ${partCategories.id} <> ${q.parent}`
        : eq(partCategories.parentId, q.parent),
    );
  }
  if (q.depth !== undefined) conds.push(sql`${partCategories.level} <= ${q.depth}`);
  if (q.exclude_tree !== undefined)
    conds.push(sql`not (${partCategories.treeIds} @> array[${q.exclude_tree}]::int[])`);
  if (q.starred !== undefined) {
    const sub = sql`exists (select 1 from ${categoryStars} s where s.category_id = ${partCategories.id} and s.user_id = ${ctx.actor.userId})`;
    conds.push(q.starred ? sub : sql`not ${sub}`);
  }
  return and(...conds);
}

export async function listCategories(ctx: Ctx, q: CategoryQuery, url: URL) {
  if (q.parent !== undefined && q.parent !== null)
    await getCategoryRow(ctx.db, q.parent).catch(() => {
      throw fieldError('parent', 'Select a valid choice. That choice is not one of the available choices.');
    });
  const where = categoryWhere(ctx, q);
  const order = orderBy(
    q.ordering,
    {
      name: partCategories.name,
      pathstring: partCategories.pathstring,
      level: partCategories.level,
      tree_id: sql`${partCategories.treeIds}[1]`,
      lft: partCategories.pathstring,
      part_count: sql`(select count(*) from ${parts} p join ${partCategories} d on d.id = p.category_id where d.tree_ids @> array[${partCategories.id}])`,
    },
    partCategories.id,
    [asc(partCategories.pathstring)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(partCategories, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(partCategories)
        .where(where)
        .orderBy(...order);
      return categoriesOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)), q);
    },
  });
}

export async function getCategory(ctx: Ctx, id: number, flags: { path_detail?: boolean } = {}) {
  return (await categoriesOut(ctx, [await getCategoryRow(ctx.db, id)], flags))[0]!;
}

/**
 * `/api/part/category/tree/`: every category, light (no counts of parts), in tree order (see
 * `treeRows`); `subcategories` counts all levels below, as InvenTree's lft/rght range does.
 */
export async function categoryTree(ctx: Ctx, q: TreeQuery, url: URL) {
  const c = partCategories;
  return treeList(ctx, c, q, url, {
    countKey: 'subcategories',
    tree_id: sql`${c.treeIds}[1]`,
    icon: c.icon,
  });
}

/** A row of `categoryTree`. */
export interface CategoryTreeNode extends TreeNode {
  subcategories: number;
}

export interface CategoryInput {
  name?: string;
  description?: string;
  parent?: number | null;
  default_location?: number | null;
  default_keywords?: string | null;
  structural?: boolean;
  icon?: string;
  starred?: boolean;
}

async function assertNameFree(ctx: Ctx, name: string, parentId: number | null, exceptId?: number) {
  const [clash] = await ctx.db
    .select({ id: partCategories.id })
    .from(partCategories)
    .where(
      and(
        sql`coalesce(${partCategories.parentId}, 0) = ${parentId ?? 0}`,
        sql`lower(${partCategories.name}) = lower(${name})`,
      ),
    );
  if (clash && clash.id !== exceptId)
    throw validation({ name: ['A category with this name already exists under this parent'] });
}

async function setStar(ctx: Ctx, categoryId: number, starred: boolean) {
  if (starred)
    await ctx.db.insert(categoryStars).values({ categoryId, userId: ctx.actor.userId }).onConflictDoNothing();
  else
    await ctx.db
      .delete(categoryStars)
      .where(and(eq(categoryStars.categoryId, categoryId), eq(categoryStars.userId, ctx.actor.userId)));
}

/** Creates a category under its parent, computing its stored path, level and ancestor ids. */
export async function createCategory(ctx: Ctx, input: CategoryInput & { name: string }) {
  assertCan(ctx, 'part_category', 'add');
  return withTransaction(ctx, async (tx) => {
    const parent = input.parent
      ? await getCategoryRow(tx.db, input.parent).catch(() => {
          throw fieldError('parent', `Invalid pk "${input.parent}" - object does not exist.`);
        })
      : null;
    await assertNameFree(tx, input.name, parent?.id ?? null);
    const [row] = await tx.db
      .insert(partCategories)
      .values({
        name: input.name,
        description: input.description ?? '',
        parentId: parent?.id ?? null,
        defaultLocationId: input.default_location ?? null,
        defaultKeywords: input.default_keywords ?? null,
        structural: input.structural ?? false,
        icon: input.icon ?? '',
        level: parent ? parent.level + 1 : 0,
        pathstring: parent ? `${parent.pathstring}/${input.name}` : input.name,
      })
      .returning();
    await tx.db
      .update(partCategories)
      .set({ treeIds: [...(parent?.treeIds ?? []), row!.id] })
      .where(eq(partCategories.id, row!.id));
    if (input.starred) await setStar(tx, row!.id, true);
    return getCategory(tx, row!.id);
  });
}

/**
 * Updates a category. Moving or renaming it rewrites the stored path, level and ancestor ids of its
 * whole subtree in one statement; a category cannot move below itself, and cannot become
 * structural while parts sit directly in it.
 */
export async function updateCategory(ctx: Ctx, id: number, input: CategoryInput) {
  const onlyStar = Object.keys(input).every((k) => k === 'starred');
  assertCan(ctx, 'part_category', 'change');
  return withTransaction(ctx, async (tx) => {
    const cat = await getCategoryRow(tx.db, id, { forUpdate: true });
    if (input.starred !== undefined) await setStar(tx, id, input.starred);
    if (onlyStar) return getCategory(tx, id);
    let parent: CategoryRow | null | undefined;
    if (input.parent !== undefined) {
      parent =
        input.parent === null
          ? null
          : await getCategoryRow(tx.db, input.parent).catch(() => {
              throw fieldError('parent', `Invalid pk "${input.parent}" - object does not exist.`);
            });
      if (parent?.treeIds.includes(id)) throw fieldError('parent', 'Cannot move a category below itself');
    }
    if (input.structural === true && !cat.structural) {
      const n = await tx.db.$count(parts, eq(parts.categoryId, id));
      if (n)
        throw nonFieldError(
          'You cannot make this part category structural because some parts are already assigned to it!',
        );
    }
    const name = input.name ?? cat.name;
    const parentId = parent === undefined ? cat.parentId : (parent?.id ?? null);
    if (input.name !== undefined || input.parent !== undefined) await assertNameFree(tx, name, parentId, id);
    await tx.db
      .update(partCategories)
      .set({
        name,
        description: input.description ?? cat.description,
        parentId,
        defaultLocationId:
          input.default_location === undefined ? cat.defaultLocationId : input.default_location,
        defaultKeywords: input.default_keywords === undefined ? cat.defaultKeywords : input.default_keywords,
        structural: input.structural ?? cat.structural,
        icon: input.icon ?? cat.icon,
      })
      .where(eq(partCategories.id, id));
    if (name !== cat.name || parentId !== cat.parentId) {
      const base =
        parentId === cat.parentId
          ? cat.parentId
            ? await getCategoryRow(tx.db, cat.parentId)
            : null
          : (parent ?? null);
      await rewriteSubtree(tx.db, partCategories, cat, name, base);
    }
    return getCategory(tx, id);
  });
}

/**
 * Deletes a category (InvenTree's options): its parts move to the parent category unless
 * `delete_parts`; its subcategories move up to the parent unless `delete_child_categories`, in
 * which case the whole subtree (and, with `delete_parts`, its parts) goes.
 */
export async function deleteCategory(
  ctx: Ctx,
  id: number,
  opts: { delete_parts?: boolean; delete_child_categories?: boolean } = {},
) {
  assertCan(ctx, 'part_category', 'delete');
  await withTransaction(ctx, async (tx) => {
    const cat = await getCategoryRow(tx.db, id, { forUpdate: true });
    const scope = opts.delete_child_categories
      ? sql`select id from ${partCategories} where tree_ids @> array[${id}]::int[]`
      : sql`select ${id}::int`;
    if (opts.delete_parts) {
      const active = await tx.db.$count(
        parts,
        and(sql`${parts.categoryId} in (${scope})`, eq(parts.locked, true)),
      );
      if (active) throw nonFieldError('Cannot delete this category: it holds locked parts');
      await tx.db.delete(parts).where(sql`${parts.categoryId} in (${scope})`);
    } else {
      await tx.db
        .update(parts)
        .set({ categoryId: cat.parentId })
        .where(sql`${parts.categoryId} in (${scope})`);
    }
    if (opts.delete_child_categories) {
      await tx.db
        .delete(partCategories)
        .where(sql`${partCategories.id} in (${scope}) and ${partCategories.id} <> ${id}`);
    } else {
      const children = await tx.db
        .select({ id: partCategories.id })
        .from(partCategories)
        .where(eq(partCategories.parentId, id));
      for (const c of children)
        await updateCategory({ ...tx, actor: { ...tx.actor, via: 'system' } }, c.id, {
          parent: cat.parentId,
        });
    }
    await tx.db.delete(partCategories).where(eq(partCategories.id, id));
  });
}
