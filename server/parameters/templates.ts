import { and, eq, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import { parameters, parameterTemplates, parts, selectionLists } from '@/db/schema';
import { isValidUnit } from '@/domain/units';
import { type FieldErrors, notFound, validation } from '@/lib/errors';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import { numericValue, splitChoices, type TemplateRow } from './data';
import { modelTypeLabel, normaliseModelType } from './owners';
import type {
  ParameterTemplate,
  ParameterTemplateBody,
  ParameterTemplatePatch,
  ParameterTemplateQuery,
} from './schemas';
import { loadUnitRegistry } from './units';

export function templateOut(t: TemplateRow): ParameterTemplate {
  return {
    pk: t.id,
    name: t.name,
    units: t.units,
    description: t.description,
    model_type: modelTypeLabel(t.modelType),
    checkbox: t.checkbox,
    choices: t.choices,
    selectionlist: t.selectionListId,
    enabled: t.enabled,
    unique: t.unique,
  };
}

/** Fetch-or-throw for a template id taken from a request (`forUpdate` locks the row). */
export async function getTemplateRow(
  ctx: Ctx,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<TemplateRow> {
  const q = ctx.db.select().from(parameterTemplates).where(eq(parameterTemplates.id, id));
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('ParameterTemplate');
  return row;
}

const flag = (v: boolean | undefined, yes: SQL, no: SQL) => (v === undefined ? undefined : v ? yes : no);
const idOrNull = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : null);

function modelTypeCondition(value: string | undefined, includeUnrestricted: boolean): SQL | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'null' || v === 'none') return isNull(parameterTemplates.modelType);
  const type = normaliseModelType(v);
  if (!type) return sql`false`;
  return includeUnrestricted
    ? or(eq(parameterTemplates.modelType, type), isNull(parameterTemplates.modelType))
    : eq(parameterTemplates.modelType, type);
}

/** Templates with at least one parameter on objects of a model type (optionally one object, or those under a category). */
function existsFor(q: ParameterTemplateQuery): SQL | undefined {
  if (q.exists_for_model === undefined) return undefined;
  const type = normaliseModelType(q.exists_for_model);
  if (!type) return sql`false`;
  const conds: SQL[] = [sql`p.template_id = ${parameterTemplates.id}`, sql`p.model_type = ${type}`];
  const id = idOrNull(q.exists_for_model_id);
  if (id !== null) conds.push(sql`p.model_id = ${id}`);
  const related = normaliseModelType(q.exists_for_related_model ?? '');
  const relatedId = idOrNull(q.exists_for_related_model_id);
  if (type === 'part' && related === 'partcategory' && relatedId !== null) {
    // Parts anywhere under the category (its subtree), as InvenTree's category parameter view.
    conds.push(
      sql`p.model_id in (select ${parts.id} from ${parts} join part_categories c on c.id = ${parts.categoryId} where c.tree_ids @> array[${relatedId}]::int[])`,
    );
  }
  return sql`exists (select 1 from ${parameters} p where ${sql.join(conds, sql` and `)})`;
}

export async function listTemplates(ctx: Ctx, q: ParameterTemplateQuery, url: URL) {
  const hasChoices = sql`${parameterTemplates.choices} <> ''`;
  const hasUnits = sql`${parameterTemplates.units} <> ''`;
  const unique = idOrNull(q.unique);
  const where = and(
    q.checkbox === undefined ? undefined : eq(parameterTemplates.checkbox, q.checkbox),
    q.enabled === undefined ? undefined : eq(parameterTemplates.enabled, q.enabled),
    flag(q.has_choices, hasChoices, sql`not ${hasChoices}`),
    flag(q.has_units, hasUnits, sql`not ${hasUnits}`),
    q.name === undefined ? undefined : eq(parameterTemplates.name, q.name),
    q.units === undefined ? undefined : eq(parameterTemplates.units, q.units),
    q.unique === undefined ? undefined : unique === null ? sql`false` : eq(parameterTemplates.unique, unique),
    modelTypeCondition(q.model_type, false),
    modelTypeCondition(q.for_model, true),
    existsFor(q),
    searchCondition(q, [parameterTemplates.name, parameterTemplates.description]),
  );
  const order = orderBy(
    q.ordering,
    { name: parameterTemplates.name, units: parameterTemplates.units, checkbox: parameterTemplates.checkbox },
    parameterTemplates.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(parameterTemplates, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(parameterTemplates)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(templateOut);
    },
  });
}

export async function getTemplate(ctx: Ctx, id: number): Promise<ParameterTemplate> {
  return templateOut(await getTemplateRow(ctx, id));
}

/** InvenTree's `ParameterTemplate.clean` + `validate_unique`, all field errors at once. */
async function validateTemplate(ctx: Ctx, t: Omit<TemplateRow, 'id' | 'metadata'>, exceptId?: number) {
  const errors: FieldErrors = {};
  const [clash] = await ctx.db
    .select({ id: parameterTemplates.id })
    .from(parameterTemplates)
    .where(
      and(
        sql`lower(${parameterTemplates.name}) = lower(${t.name})`,
        exceptId === undefined ? undefined : ne(parameterTemplates.id, exceptId),
      ),
    );
  if (clash) errors.name = ['Parameter template name must be unique'];
  if (t.units && !isValidUnit(t.units, await loadUnitRegistry(ctx))) errors.units = ['Invalid physical unit'];
  if (t.checkbox) {
    if (t.units) errors.units = ['Checkbox parameters cannot have units'];
    if (t.choices) errors.choices = ['Checkbox parameters cannot have choices'];
  }
  const choices = splitChoices(t.choices);
  if (!errors.choices && new Set(choices).size !== choices.length)
    errors.choices = ['Choices must be unique'];
  if (t.selectionListId !== null) {
    const found = await ctx.db.$count(selectionLists, eq(selectionLists.id, t.selectionListId));
    if (!found) errors.selectionlist = [`Invalid pk "${t.selectionListId}" - object does not exist.`];
  }
  if (Object.keys(errors).length) throw validation(errors);
}

function applyBody(base: Omit<TemplateRow, 'id' | 'metadata'>, input: ParameterTemplatePatch) {
  const out = { ...base };
  if (input.name !== undefined) out.name = input.name;
  if (input.units !== undefined) out.units = input.units;
  if (input.description !== undefined) out.description = input.description;
  if (input.model_type !== undefined) out.modelType = normaliseModelType(input.model_type);
  if (input.checkbox !== undefined) out.checkbox = input.checkbox;
  if (input.choices !== undefined) out.choices = input.choices;
  if (input.selectionlist !== undefined) out.selectionListId = input.selectionlist;
  if (input.enabled !== undefined) out.enabled = input.enabled;
  if (input.unique !== undefined) out.unique = input.unique;
  return out;
}

const NEW_TEMPLATE: Omit<TemplateRow, 'id' | 'metadata'> = {
  name: '',
  units: '',
  description: '',
  modelType: null,
  checkbox: false,
  choices: '',
  selectionListId: null,
  enabled: true,
  unique: 0,
};

/** Creates a parameter template (staff). */
export async function createTemplate(ctx: Ctx, input: ParameterTemplateBody): Promise<ParameterTemplate> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    const row = applyBody(NEW_TEMPLATE, input);
    await validateTemplate(tx, row);
    const [created] = await tx.db.insert(parameterTemplates).values(row).returning();
    return templateOut(created!);
  });
}

/**
 * Updates a template (staff). When its units or checkbox flag change, every parameter's
 * `data_numeric` is recomputed in the same transaction (`recomputeNumeric`).
 */
export async function updateTemplate(
  ctx: Ctx,
  id: number,
  input: ParameterTemplatePatch,
): Promise<ParameterTemplate> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    const { id: _id, metadata: _m, ...current } = await getTemplateRow(tx, id, { forUpdate: true });
    const next = applyBody(current, input);
    await validateTemplate(tx, next, id);
    const [updated] = await tx.db
      .update(parameterTemplates)
      .set(next)
      .where(eq(parameterTemplates.id, id))
      .returning();
    if (next.units !== current.units || next.checkbox !== current.checkbox)
      await recomputeNumeric(tx, updated!);
    return templateOut(updated!);
  });
}

export async function deleteTemplate(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'staff');
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .delete(parameterTemplates)
      .where(eq(parameterTemplates.id, id))
      .returning({ id: parameterTemplates.id });
    if (!rows.length) throw notFound('ParameterTemplate');
  });
}

/**
 * InvenTree's `rebuild_parameters` task, done inline: the template's distinct values are converted
 * once each (the unit registry lives in this process, not in SQL), then one set-based UPDATE writes
 * `data_numeric` for all its parameters from an `unnest` of (data, number) pairs.
 */
export async function recomputeNumeric(ctx: Ctx, tpl: TemplateRow): Promise<void> {
  const registry = await loadUnitRegistry(ctx);
  const distinct = await ctx.db
    .selectDistinct({ data: parameters.data })
    .from(parameters)
    .where(eq(parameters.templateId, tpl.id));
  if (!distinct.length) return;
  const data = distinct.map((r) => r.data);
  const numbers = data.map((d) => numericValue(tpl, d, registry));
  await ctx.db.execute(sql`
    update ${parameters} set data_numeric = v.num
    from unnest(${sql.param(data)}::text[], ${sql.param(numbers)}::float8[]) as v(data, num)
    where ${parameters.templateId} = ${tpl.id} and ${parameters.data} = v.data
      and ${parameters.dataNumeric} is distinct from v.num`);
}
