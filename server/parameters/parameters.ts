import { and, asc, eq, ne, type SQL, sql } from 'drizzle-orm';
import {
  categoryParameterTemplates,
  parameters,
  parameterTemplates,
  partCategories,
  users,
} from '@/db/schema';
import { anyOf } from '@/db/sql';
import { AppError, forbidden, nonFieldError, notFound, validation } from '@/lib/errors';
import { allFlag, type BulkFilter, bulkCondition, noBulkMatch } from '@/lib/http/bulk';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import { type Ctx, withTransaction } from '../context';
import { userBrief } from '../users/serialize';
import { cleanData, numericValue, type TemplateRow } from './data';
import {
  canOnParameters,
  modelTypeLabel,
  normaliseModelType,
  parameterOwner,
  visibleParameters,
} from './owners';
import type { Parameter, ParameterBody, ParameterPatch, ParameterQuery } from './schemas';
import { getTemplateRow, templateOut } from './templates';
import { loadUnitRegistry } from './units';

const EDIT_DENIED = 'User does not have permission to create or edit parameters for this model';
const LOCKED = 'Parameter cannot be modified - item is locked';
const NOT_UNIQUE_SET = 'The fields model_type, model_id, template must make a unique set.';

type Row = {
  p: typeof parameters.$inferSelect;
  t: TemplateRow;
  u: { id: number; username: string; firstName: string; lastName: string; email: string } | null;
};

function parameterOut({ p, t, u }: Row): Parameter {
  return {
    pk: p.id,
    template: p.templateId,
    model_type: modelTypeLabel(p.modelType) ?? p.modelType,
    model_id: p.modelId,
    data: p.data,
    data_numeric: p.dataNumeric,
    note: p.note,
    updated: formatDateTime(p.updated),
    updated_by: p.updatedById,
    template_detail: templateOut(t),
    updated_by_detail: u ? userBrief(u) : null,
  };
}

function selectRows(ctx: Ctx) {
  return ctx.db
    .select({
      p: parameters,
      t: parameterTemplates,
      u: {
        id: users.id,
        username: users.username,
        firstName: users.firstName,
        lastName: users.lastName,
        email: users.email,
      },
    })
    .from(parameters)
    .innerJoin(parameterTemplates, eq(parameterTemplates.id, parameters.templateId))
    .leftJoin(users, eq(users.id, parameters.updatedById));
}

/** `model_type` from a query string or bulk filter: a known model, else a condition matching nothing. */
function modelTypeFilter(value: string | undefined): SQL | undefined {
  if (value === undefined) return undefined;
  const type = normaliseModelType(value);
  return type ? eq(parameters.modelType, type) : sql`false`;
}

/** Parameters the actor may see (their owner's view right), filtered, searched, ordered, paged. */
export async function listParameters(ctx: Ctx, q: ParameterQuery, url: URL) {
  const where = and(
    visibleParameters(ctx.actor),
    q.template === undefined ? undefined : eq(parameters.templateId, q.template),
    modelTypeFilter(q.model_type),
    q.model_id === undefined ? undefined : eq(parameters.modelId, q.model_id),
    q.updated_by === undefined ? undefined : eq(parameters.updatedById, q.updated_by),
    q.enabled === undefined ? undefined : eq(parameterTemplates.enabled, q.enabled),
    searchCondition(q, [
      parameters.data,
      parameterTemplates.description,
      parameterTemplates.name,
      parameterTemplates.units,
    ]),
  );
  const order = orderBy(
    q.ordering,
    {
      name: parameterTemplates.name,
      data: parameters.data,
      units: parameterTemplates.units,
      template: parameters.templateId,
      updated: parameters.updated,
      updated_by: parameters.updatedById,
    },
    parameters.id,
  );
  return paginate(url, q, {
    count: async () => {
      const [r] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(parameters)
        .innerJoin(parameterTemplates, eq(parameterTemplates.id, parameters.templateId))
        .where(where);
      return r?.n ?? 0;
    },
    rows: async (limit, offset) => {
      const base = selectRows(ctx)
        .where(where)
        .orderBy(...order);
      return ((await (limit === null ? base : base.limit(limit).offset(offset))) as Row[]).map(parameterOut);
    },
  });
}

/** One parameter the actor may see; 404 otherwise. */
export async function getParameter(ctx: Ctx, id: number): Promise<Parameter> {
  const [row] = (await selectRows(ctx).where(
    and(eq(parameters.id, id), visibleParameters(ctx.actor)),
  )) as Row[];
  if (!row) throw notFound('Parameter');
  return parameterOut(row);
}

function assertMayEdit(ctx: Ctx, modelType: string) {
  if (!canOnParameters(ctx.actor, modelType, 'change')) throw forbidden(EDIT_DENIED);
}

/** The owner object exists and is not locked (a locked part's parameters are read-only). */
async function assertOwnerEditable(ctx: Ctx, modelType: string, modelId: number) {
  const owner = parameterOwner(modelType);
  if (!owner || !(await owner.exists(ctx.db, modelId)))
    throw validation({ model_id: [`Invalid pk "${modelId}" - object does not exist.`] });
  if (owner.locked && (await owner.locked(ctx.db, modelId))) throw nonFieldError(LOCKED);
}

/** Serialises checks of a template's value-uniqueness rule until the transaction ends. */
const lockTemplateValues = (ctx: Ctx, templateId: number) =>
  ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('parameter_template_values'), ${templateId})`);

/**
 * The model/template rules shared by create and update: the template fits the model type, one
 * parameter per (object, template), the value is valid for the template, and the template's
 * `unique` rule (1: no equal value on another object of the same model type, 2: on any object).
 */
async function checkParameter(
  ctx: Ctx,
  tpl: TemplateRow,
  target: { modelType: string; modelId: number; data: string },
  exceptId?: number,
) {
  if (tpl.modelType && tpl.modelType !== target.modelType)
    throw validation({ template: ['Parameter template does not apply to this model type'] });
  const [dup] = await ctx.db
    .select({ id: parameters.id })
    .from(parameters)
    .where(
      and(
        eq(parameters.modelType, target.modelType),
        eq(parameters.modelId, target.modelId),
        eq(parameters.templateId, tpl.id),
        exceptId === undefined ? undefined : ne(parameters.id, exceptId),
      ),
    );
  if (dup) throw nonFieldError(NOT_UNIQUE_SET);
  const cleaned = await cleanData(ctx, tpl, target.data, await loadUnitRegistry(ctx));
  if (tpl.unique > 0) {
    await lockTemplateValues(ctx, tpl.id);
    const [clash] = await ctx.db
      .select({ id: parameters.id })
      .from(parameters)
      .where(
        and(
          eq(parameters.templateId, tpl.id),
          eq(parameters.data, cleaned.data),
          tpl.unique === 1 ? eq(parameters.modelType, target.modelType) : undefined,
          exceptId === undefined ? undefined : ne(parameters.id, exceptId),
        ),
      )
      .limit(1);
    if (clash) throw validation({ data: ['Parameter value must be unique'] });
  }
  return cleaned;
}

/** A concurrent insert can still hit the unique index after the check: same 400 as the check. */
function uniqueSetViolation(err: unknown): never {
  const e = err as {
    code?: string;
    constraint_name?: string;
    cause?: { code?: string; constraint_name?: string };
  };
  const pg = e?.cause ?? e;
  if (pg?.code === '23505' && pg.constraint_name === 'parameters_model_template_key')
    throw nonFieldError(NOT_UNIQUE_SET);
  throw err;
}

async function templateForInput(ctx: Ctx, id: number): Promise<TemplateRow> {
  const [t] = await ctx.db.select().from(parameterTemplates).where(eq(parameterTemplates.id, id));
  if (!t) throw validation({ template: [`Invalid pk "${id}" - object does not exist.`] });
  return t;
}

function modelTypeOrError(value: string): string {
  const type = normaliseModelType(value);
  if (!type || !parameterOwner(type)) throw validation({ model_type: [`"${value}" is not a valid choice.`] });
  return type;
}

/**
 * Creates a parameter on an object whose change right the actor holds (403 otherwise); the value is
 * validated and `data_numeric` computed in the template's units; `updated_by` is the actor.
 */
export async function createParameter(ctx: Ctx, input: ParameterBody): Promise<Parameter> {
  const modelType = modelTypeOrError(input.model_type);
  assertMayEdit(ctx, modelType);
  return withTransaction(ctx, async (tx) => {
    const tpl = await templateForInput(tx, input.template);
    await assertOwnerEditable(tx, modelType, input.model_id);
    const cleaned = await checkParameter(tx, tpl, { modelType, modelId: input.model_id, data: input.data });
    const [row] = await tx.db
      .insert(parameters)
      .values({
        templateId: tpl.id,
        modelType,
        modelId: input.model_id,
        data: cleaned.data,
        dataNumeric: cleaned.dataNumeric,
        note: input.note ?? '',
        updatedById: tx.actor.userId || null,
      })
      .returning({ id: parameters.id })
      .catch(uniqueSetViolation);
    return getParameter(tx, row!.id);
  });
}

/** Fetch-or-throw with the row lock, among the parameters the actor can see. */
async function lockVisible(ctx: Ctx, id: number) {
  const [row] = await ctx.db
    .select()
    .from(parameters)
    .where(and(eq(parameters.id, id), visibleParameters(ctx.actor)))
    .for('update');
  if (!row) throw notFound('Parameter');
  return row;
}

/** Edits value, note, template or owner; the actor needs the change right on the old and the new owner. */
export async function updateParameter(ctx: Ctx, id: number, input: ParameterPatch): Promise<Parameter> {
  return withTransaction(ctx, async (tx) => {
    const row = await lockVisible(tx, id);
    assertMayEdit(tx, row.modelType);
    await assertOwnerEditable(tx, row.modelType, row.modelId);
    const modelType = input.model_type === undefined ? row.modelType : modelTypeOrError(input.model_type);
    const modelId = input.model_id ?? row.modelId;
    if (modelType !== row.modelType || modelId !== row.modelId) {
      assertMayEdit(tx, modelType);
      await assertOwnerEditable(tx, modelType, modelId);
    }
    const tpl =
      input.template === undefined
        ? await getTemplateRow(tx, row.templateId)
        : await templateForInput(tx, input.template);
    const cleaned = await checkParameter(tx, tpl, { modelType, modelId, data: input.data ?? row.data }, id);
    await tx.db
      .update(parameters)
      .set({
        templateId: tpl.id,
        modelType,
        modelId,
        data: cleaned.data,
        dataNumeric: cleaned.dataNumeric,
        note: input.note ?? row.note,
        updated: new Date(),
        updatedById: tx.actor.userId || null,
      })
      .where(eq(parameters.id, id))
      .catch(uniqueSetViolation);
    return getParameter(tx, id);
  });
}

export async function deleteParameter(ctx: Ctx, id: number): Promise<void> {
  await withTransaction(ctx, async (tx) => {
    const row = await lockVisible(tx, id);
    assertMayEdit(tx, row.modelType);
    const owner = parameterOwner(row.modelType);
    if (owner?.locked && (await owner.locked(tx.db, row.modelId))) throw nonFieldError(LOCKED);
    await tx.db.delete(parameters).where(eq(parameters.id, id));
  });
}

const BULK_FILTERS: Record<string, BulkFilter> = {
  template: { column: parameters.templateId, kind: 'int' },
  model_id: { column: parameters.modelId, kind: 'int' },
  model_type: {
    column: parameters.modelType,
    kind: 'string',
    value: (v) => (typeof v === 'string' ? (normaliseModelType(v) ?? undefined) : undefined),
  },
};

/**
 * Bulk DELETE on the list URL: the selected parameters the actor can see, all or nothing — the
 * change right on every owner (403 otherwise) and no locked owner (400).
 */
export async function bulkDeleteParameters(
  ctx: Ctx,
  body: { items?: unknown; filters?: unknown },
  all: string | undefined,
): Promise<{ success: string }> {
  const selection = bulkCondition(parameters.id, BULK_FILTERS, { ...body, all: allFlag(all) });
  return withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({ id: parameters.id, modelType: parameters.modelType, modelId: parameters.modelId })
      .from(parameters)
      .where(and(visibleParameters(tx.actor), selection))
      .for('update');
    if (!rows.length) throw noBulkMatch();
    if (!rows.every((r) => canOnParameters(tx.actor, r.modelType, 'change')))
      throw forbidden('User does not have permission to delete these parameters');
    for (const r of rows) {
      const owner = parameterOwner(r.modelType);
      if (owner?.locked && (await owner.locked(tx.db, r.modelId))) throw nonFieldError(LOCKED);
    }
    await tx.db.delete(parameters).where(
      anyOf(
        parameters.id,
        rows.map((r) => r.id),
      ),
    );
    return { success: `Deleted ${rows.length} items` };
  });
}

/** A parameter as the part list's `parameters=true` flag embeds it. */
export interface ParameterBrief {
  pk: number;
  template: number;
  template_detail: { pk: number; name: string; units: string };
  data: string;
  data_numeric: number | null;
}

/**
 * The parameters of a page of objects in one query: id → its parameters (ordered by template
 * name), every requested id present. Callers check the right to see the objects themselves.
 */
export async function parametersFor(
  ctx: Ctx,
  modelType: string,
  ids: readonly number[],
): Promise<Map<number, ParameterBrief[]>> {
  const out = new Map<number, ParameterBrief[]>(ids.map((id) => [id, []]));
  const type = normaliseModelType(modelType);
  if (!type || !ids.length) return out;
  const rows = await ctx.db
    .select({
      pk: parameters.id,
      modelId: parameters.modelId,
      template: parameters.templateId,
      name: parameterTemplates.name,
      units: parameterTemplates.units,
      data: parameters.data,
      dataNumeric: parameters.dataNumeric,
    })
    .from(parameters)
    .innerJoin(parameterTemplates, eq(parameterTemplates.id, parameters.templateId))
    .where(and(eq(parameters.modelType, type), anyOf(parameters.modelId, [...ids])))
    .orderBy(asc(parameterTemplates.name), asc(parameters.id));
  for (const r of rows) {
    out.get(r.modelId)?.push({
      pk: r.pk,
      template: r.template,
      template_detail: { pk: r.template, name: r.name, units: r.units },
      data: r.data,
      data_numeric: r.dataNumeric,
    });
  }
  return out;
}

/**
 * Copies every parameter of (model, fromId) onto (model, toId) — part duplication. Templates the
 * target already has are skipped, and so are templates with a `unique` rule (a copy would break it).
 * The actor needs the change right on the model's parameters. Returns how many were copied.
 */
export async function copyParameters(
  ctx: Ctx,
  fromModel: string,
  fromId: number,
  toId: number,
): Promise<number> {
  const type = normaliseModelType(fromModel);
  if (!type) throw new AppError('bad_request', `Unknown parameter model type: ${fromModel}`);
  assertMayEdit(ctx, type);
  return withTransaction(ctx, async (tx) => {
    const inserted = await tx.db.execute(sql`
      insert into ${parameters} (template_id, model_type, model_id, data, data_numeric, note, updated, updated_by_id)
      select src.template_id, src.model_type, ${toId}::int, src.data, src.data_numeric, src.note, now(), ${tx.actor.userId || null}::int
      from ${parameters} src
      join ${parameterTemplates} t on t.id = src.template_id
      where src.model_type = ${type} and src.model_id = ${fromId} and t."unique" = 0
      on conflict (model_type, model_id, template_id) do nothing
      returning id`);
    return Array.from(inserted as unknown as unknown[]).length;
  });
}

/**
 * Pre-fills a new part with its category's parameter templates and their default values
 * (`copy_category_parameters`, InvenTree's PART_CATEGORY_PARAMETERS): the templates of the category
 * and its ancestors, the nearest category's default winning; templates the part already has and
 * disabled templates are skipped. Values are stored as InvenTree does (no validation: a blank
 * default gives a blank value to fill in), checkbox values normalised, `data_numeric` computed.
 * Needs the right to add or change parts. Returns how many parameters were created.
 */
export async function applyCategoryParameterTemplates(
  ctx: Ctx,
  partId: number,
  categoryId: number,
): Promise<number> {
  if (!canOnParameters(ctx.actor, 'part', 'change') && !(ctx.actor.roles.part?.has('add') ?? false))
    throw forbidden(EDIT_DENIED);
  return withTransaction(ctx, async (tx) => {
    const [cat] = await tx.db
      .select({ treeIds: partCategories.treeIds })
      .from(partCategories)
      .where(eq(partCategories.id, categoryId));
    if (!cat) throw notFound('PartCategory');
    const chain = cat.treeIds.includes(categoryId) ? cat.treeIds : [...cat.treeIds, categoryId];
    const rows = await tx.db
      .select({
        t: parameterTemplates,
        categoryId: categoryParameterTemplates.categoryId,
        value: categoryParameterTemplates.defaultValue,
      })
      .from(categoryParameterTemplates)
      .innerJoin(parameterTemplates, eq(parameterTemplates.id, categoryParameterTemplates.templateId))
      .where(and(anyOf(categoryParameterTemplates.categoryId, chain), eq(parameterTemplates.enabled, true)));
    // Nearest category first: its default value wins over an ancestor's.
    rows.sort((a, b) => chain.indexOf(b.categoryId) - chain.indexOf(a.categoryId));
    const existing = new Set(
      (
        await tx.db
          .select({ t: parameters.templateId })
          .from(parameters)
          .where(and(eq(parameters.modelType, 'part'), eq(parameters.modelId, partId)))
      ).map((r) => r.t),
    );
    const registry = await loadUnitRegistry(tx);
    const values: (typeof parameters.$inferInsert)[] = [];
    for (const r of rows) {
      if (existing.has(r.t.id) || (r.t.modelType && r.t.modelType !== 'part')) continue;
      existing.add(r.t.id);
      const data = r.t.checkbox
        ? /^(true|1|yes|y|t|on)$/i.test(r.value.trim())
          ? 'True'
          : 'False'
        : r.value;
      values.push({
        templateId: r.t.id,
        modelType: 'part',
        modelId: partId,
        data,
        dataNumeric: numericValue(r.t, data, registry),
        updatedById: tx.actor.userId || null,
      });
    }
    if (!values.length) return 0;
    const created = await tx.db
      .insert(parameters)
      .values(values)
      .onConflictDoNothing()
      .returning({ id: parameters.id });
    return created.length;
  });
}
