import { and, eq, ne, sql } from 'drizzle-orm';
import { categoryParameterTemplates, parameterTemplates, partCategories } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { type FieldErrors, nonFieldError, notFound, validation } from '@/lib/errors';
import { orderBy, paginate } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import type { TemplateRow } from './data';
import type {
  CategoryParameterBody,
  CategoryParameterPatch,
  CategoryParameterQuery,
  CategoryParameterTemplate,
} from './schemas';
import { templateOut } from './templates';

type Row = {
  c: typeof categoryParameterTemplates.$inferSelect;
  t: TemplateRow;
  cat: typeof partCategories.$inferSelect;
};

function out(r: Row, withCategory: boolean): CategoryParameterTemplate {
  return {
    pk: r.c.id,
    category: r.c.categoryId,
    ...(withCategory
      ? {
          category_detail: {
            pk: r.cat.id,
            name: r.cat.name,
            description: r.cat.description,
            default_location: r.cat.defaultLocationId,
            default_keywords: r.cat.defaultKeywords,
            level: r.cat.level,
            parent: r.cat.parentId,
            pathstring: r.cat.pathstring,
            structural: r.cat.structural,
            icon: r.cat.icon,
          },
        }
      : {}),
    template: r.c.templateId,
    template_detail: templateOut(r.t),
    default_value: r.c.defaultValue,
  };
}

function selectRows(ctx: Ctx) {
  return ctx.db
    .select({ c: categoryParameterTemplates, t: parameterTemplates, cat: partCategories })
    .from(categoryParameterTemplates)
    .innerJoin(parameterTemplates, eq(parameterTemplates.id, categoryParameterTemplates.templateId))
    .innerJoin(partCategories, eq(partCategories.id, categoryParameterTemplates.categoryId));
}

/**
 * `category=<id>` as InvenTree reads it: the templates of that category and, unless
 * `fetch_parent=false`, of its ancestors; an unknown or malformed id leaves the list unfiltered.
 */
async function categoryCondition(ctx: Ctx, q: CategoryParameterQuery) {
  if (q.category === undefined || !/^\d+$/.test(q.category.trim())) return undefined;
  const id = Number(q.category);
  const [cat] = await ctx.db
    .select({ treeIds: partCategories.treeIds })
    .from(partCategories)
    .where(eq(partCategories.id, id));
  if (!cat) return undefined;
  if (q.fetch_parent === false) return eq(categoryParameterTemplates.categoryId, id);
  return anyOf(categoryParameterTemplates.categoryId, [...new Set([...cat.treeIds, id])]);
}

/** Category parameter templates (part_category.view). */
export async function listCategoryTemplates(ctx: Ctx, q: CategoryParameterQuery, url: URL) {
  assertCan(ctx, 'part_category', 'view');
  const where = and(
    await categoryCondition(ctx, q),
    q.template === undefined ? undefined : eq(categoryParameterTemplates.templateId, q.template),
  );
  const order = orderBy(
    q.ordering,
    { category: categoryParameterTemplates.categoryId, template: parameterTemplates.name },
    categoryParameterTemplates.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(categoryParameterTemplates, where),
    rows: async (limit, offset) => {
      const base = selectRows(ctx)
        .where(where)
        .orderBy(...order);
      return ((await (limit === null ? base : base.limit(limit).offset(offset))) as Row[]).map((r) =>
        out(r, q.category_detail === true),
      );
    },
  });
}

export async function getCategoryTemplate(ctx: Ctx, id: number, flags: { category_detail?: boolean } = {}) {
  assertCan(ctx, 'part_category', 'view');
  const [row] = (await selectRows(ctx).where(eq(categoryParameterTemplates.id, id))) as Row[];
  if (!row) throw notFound('PartCategoryParameterTemplate');
  return out(row, flags.category_detail === true);
}

async function validate(ctx: Ctx, v: { categoryId: number; templateId: number }, exceptId?: number) {
  const errors: FieldErrors = {};
  if (!(await ctx.db.$count(partCategories, eq(partCategories.id, v.categoryId))))
    errors.category = [`Invalid pk "${v.categoryId}" - object does not exist.`];
  if (!(await ctx.db.$count(parameterTemplates, eq(parameterTemplates.id, v.templateId))))
    errors.template = [`Invalid pk "${v.templateId}" - object does not exist.`];
  if (Object.keys(errors).length) throw validation(errors);
  const clash = await ctx.db.$count(
    categoryParameterTemplates,
    and(
      eq(categoryParameterTemplates.categoryId, v.categoryId),
      eq(categoryParameterTemplates.templateId, v.templateId),
      exceptId === undefined ? undefined : ne(categoryParameterTemplates.id, exceptId),
    ),
  );
  if (clash) throw nonFieldError('The fields category, template must make a unique set.');
}

/** Links a parameter template (with a default value) to a category (part_category.add). */
export async function createCategoryTemplate(
  ctx: Ctx,
  input: CategoryParameterBody,
): Promise<CategoryParameterTemplate> {
  assertCan(ctx, 'part_category', 'add');
  return withTransaction(ctx, async (tx) => {
    const v = { categoryId: input.category, templateId: input.template };
    await tx.db.execute(
      sql`select pg_advisory_xact_lock(hashtext('category_parameter_templates'), ${v.categoryId})`,
    );
    await validate(tx, v);
    const [row] = await tx.db
      .insert(categoryParameterTemplates)
      .values({ ...v, defaultValue: input.default_value ?? '' })
      .returning({ id: categoryParameterTemplates.id });
    return getCategoryTemplate(tx, row!.id);
  });
}

export async function updateCategoryTemplate(
  ctx: Ctx,
  id: number,
  input: CategoryParameterPatch,
): Promise<CategoryParameterTemplate> {
  assertCan(ctx, 'part_category', 'change');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select()
      .from(categoryParameterTemplates)
      .where(eq(categoryParameterTemplates.id, id))
      .for('update');
    if (!row) throw notFound('PartCategoryParameterTemplate');
    const v = { categoryId: input.category ?? row.categoryId, templateId: input.template ?? row.templateId };
    await tx.db.execute(
      sql`select pg_advisory_xact_lock(hashtext('category_parameter_templates'), ${v.categoryId})`,
    );
    await validate(tx, v, id);
    await tx.db
      .update(categoryParameterTemplates)
      .set({ ...v, defaultValue: input.default_value ?? row.defaultValue })
      .where(eq(categoryParameterTemplates.id, id));
    return getCategoryTemplate(tx, id);
  });
}

export async function deleteCategoryTemplate(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'part_category', 'delete');
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .delete(categoryParameterTemplates)
      .where(eq(categoryParameterTemplates.id, id))
      .returning({ id: categoryParameterTemplates.id });
    if (!rows.length) throw notFound('PartCategoryParameterTemplate');
  });
}
