import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import { partTestTemplates, stockItems, stockTestResults } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { type FieldErrors, notFound, validation } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { getPartRow } from '../parts/lookup';
import { assertCan } from '../permissions';
import { getStockItemRow } from './lookup';
import { TestResultBody } from './schemas';
import { testResultOut, usersById } from './serialize';

export interface TestResultQuery extends ListQuery {
  stock_item?: number;
  template?: number;
  result?: boolean;
  user?: number;
  part?: number;
  test?: string;
  value?: string;
  enabled?: boolean;
  required?: boolean;
  build?: number;
  include_installed?: boolean;
  user_detail?: boolean;
  template_detail?: boolean;
}
type Flags = Pick<TestResultQuery, 'user_detail' | 'template_detail'>;
type Row = typeof stockTestResults.$inferSelect;

async function resultsOut(ctx: Ctx, rows: Row[], flags: Flags) {
  const [userMap, templates] = await Promise.all([
    flags.user_detail
      ? usersById(
          ctx,
          rows.map((r) => r.userId),
        )
      : Promise.resolve(null),
    flags.template_detail && rows.length
      ? ctx.db
          .select()
          .from(partTestTemplates)
          .where(anyOf(partTestTemplates.id, [...new Set(rows.map((r) => r.templateId))]))
      : Promise.resolve(null),
  ]);
  const tById = new Map((templates ?? []).map((t) => [t.id, t]));
  return rows.map((r) => {
    const t = tById.get(r.templateId);
    return testResultOut(r, {
      ...(userMap ? { user_detail: r.userId ? (userMap.get(r.userId) ?? null) : null } : {}),
      ...(templates
        ? {
            template_detail: t
              ? {
                  pk: t.id,
                  key: t.key,
                  part: t.partId,
                  test_name: t.testName,
                  description: t.description,
                  enabled: t.enabled,
                  required: t.required,
                  requires_value: t.requiresValue,
                  requires_attachment: t.requiresAttachment,
                  choices: t.choices,
                }
              : null,
          }
        : {}),
    });
  });
}

export async function listTestResults(ctx: Ctx, q: TestResultQuery, url: URL) {
  assertCan(ctx, 'stock', 'view');
  const c: (SQL | undefined)[] = [searchCondition(q, [stockTestResults.value, stockTestResults.notes])];
  if (q.stock_item !== undefined) {
    // `include_installed`: also the results of items installed in it (one level, as InvenTree).
    c.push(
      q.include_installed
        ? sql`${stockTestResults.stockItemId} in (select id from ${stockItems} where id = ${q.stock_item} or belongs_to_id = ${q.stock_item})`
        : eq(stockTestResults.stockItemId, q.stock_item),
    );
  }
  if (q.template !== undefined) c.push(eq(stockTestResults.templateId, q.template));
  if (q.result !== undefined) c.push(eq(stockTestResults.result, q.result));
  if (q.user !== undefined) c.push(eq(stockTestResults.userId, q.user));
  if (q.value !== undefined) c.push(eq(stockTestResults.value, q.value));
  if (q.part !== undefined)
    c.push(sql`${stockTestResults.stockItemId} in (select id from ${stockItems} where part_id = ${q.part})`);
  if (q.build !== undefined)
    c.push(
      sql`${stockTestResults.stockItemId} in (select id from ${stockItems} where build_id = ${q.build})`,
    );
  const tpl = (cond: SQL) =>
    sql`${stockTestResults.templateId} in (select t.id from ${partTestTemplates} t where ${cond})`;
  if (q.test !== undefined)
    c.push(tpl(sql`lower(t.test_name) = lower(${q.test}) or t.key = lower(${q.test})`));
  if (q.enabled !== undefined) c.push(tpl(sql`t.enabled = ${q.enabled}`));
  if (q.required !== undefined) c.push(tpl(sql`t.required = ${q.required}`));
  const where = and(...c);
  const order = orderBy(
    q.ordering,
    {
      date: stockTestResults.date,
      result: stockTestResults.result,
      started_datetime: stockTestResults.startedDatetime,
      finished_datetime: stockTestResults.finishedDatetime,
      test_station: stockTestResults.testStation,
    },
    stockTestResults.id,
    [desc(stockTestResults.date)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(stockTestResults, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(stockTestResults)
        .where(where)
        .orderBy(...order);
      return resultsOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)), q);
    },
  });
}

async function getRow(ctx: Ctx, id: number) {
  const [row] = await ctx.db.select().from(stockTestResults).where(eq(stockTestResults.id, id));
  if (!row) throw notFound('StockItemTestResult');
  return row;
}

export async function getTestResult(ctx: Ctx, id: number, flags: Flags = {}) {
  assertCan(ctx, 'stock', 'view');
  return (await resultsOut(ctx, [await getRow(ctx, id)], flags))[0]!;
}

type Input = typeof TestResultBody._output;

/** The template must belong to the item's part or one of its template ancestors; value as required. */
async function validateResult(ctx: Ctx, input: Input): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  const item = await getStockItemRow(ctx.db, input.stock_item).catch(() => null);
  if (!item) return { stock_item: [`Invalid pk "${input.stock_item}" - object does not exist.`] };
  const [t] = await ctx.db.select().from(partTestTemplates).where(eq(partTestTemplates.id, input.template));
  if (!t) return { template: [`Invalid pk "${input.template}" - object does not exist.`] };
  const part = await getPartRow(ctx.db, item.partId);
  const tree = part.variantTreeIds.length ? part.variantTreeIds : [part.id];
  if (!tree.includes(t.partId)) errors.template = ['Test template does not match stock item part'];
  if (t.requiresValue && !input.value) errors.value = ['Value must be provided for this test'];
  if (t.choices && input.value) {
    const choices = t.choices
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (choices.length && !choices.includes(input.value))
      errors.value = [`Value must be one of: ${choices.join(', ')}`];
  }
  return errors;
}

const values = (ctx: Ctx, input: Input) => ({
  stockItemId: input.stock_item,
  templateId: input.template,
  result: input.result ?? false,
  value: input.value ?? '',
  notes: input.notes ?? '',
  testStation: input.test_station ?? '',
  startedDatetime: input.started_datetime ? new Date(input.started_datetime) : null,
  finishedDatetime: input.finished_datetime ? new Date(input.finished_datetime) : null,
  userId: ctx.actor.userId || null,
});

/**
 * POST /api/stock/test/: one result, or an array of them (InvenTree's bulk create: all or none;
 * the first invalid element's errors answer; an empty array is refused).
 */
export async function createTestResults(ctx: Ctx, body: unknown) {
  assertCan(ctx, 'stock', 'add');
  const many = Array.isArray(body);
  const list = many ? (body as unknown[]) : [body];
  if (!list.length) throw validation({ non_field_errors: 'No data provided' });
  return withTransaction(ctx, async (tx) => {
    const inputs: Input[] = [];
    for (const raw of list) {
      const parsed = TestResultBody.safeParse(raw);
      if (!parsed.success) {
        const errors: FieldErrors = {};
        for (const iss of parsed.error.issues) {
          const k = String(iss.path[0] ?? 'non_field_errors');
          errors[k] = [...((errors[k] as string[]) ?? []), iss.message];
        }
        throw validation(errors);
      }
      const errors = await validateResult(tx, parsed.data);
      if (Object.keys(errors).length) throw validation(errors);
      inputs.push(parsed.data);
    }
    const rows = await tx.db
      .insert(stockTestResults)
      .values(inputs.map((i) => values(tx, i)))
      .returning();
    const out = await resultsOut(tx, rows, {});
    return many ? out : out[0];
  });
}

export async function updateTestResult(ctx: Ctx, id: number, input: Partial<Input>) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (tx) => {
    const row = await getRow(tx, id);
    const merged: Input = {
      stock_item: input.stock_item ?? row.stockItemId,
      template: input.template ?? row.templateId,
      result: input.result ?? row.result,
      value: input.value ?? row.value,
      notes: input.notes ?? row.notes,
      test_station: input.test_station ?? row.testStation,
      started_datetime:
        input.started_datetime === undefined ? row.startedDatetime?.toISOString() : input.started_datetime,
      finished_datetime:
        input.finished_datetime === undefined ? row.finishedDatetime?.toISOString() : input.finished_datetime,
    };
    const errors = await validateResult(tx, merged);
    if (Object.keys(errors).length) throw validation(errors);
    const { userId: _u, ...v } = values(tx, merged);
    await tx.db.update(stockTestResults).set(v).where(eq(stockTestResults.id, id));
    return (await resultsOut(tx, [await getRow(tx, id)], {}))[0]!;
  });
}

export async function deleteTestResult(ctx: Ctx, id: number) {
  assertCan(ctx, 'stock', 'delete');
  await getRow(ctx, id);
  await ctx.db.delete(stockTestResults).where(eq(stockTestResults.id, id));
}
