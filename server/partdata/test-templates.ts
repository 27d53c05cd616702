import { and, asc, type Column, eq, getTableColumns, ne, sql } from 'drizzle-orm';
import { parts, partTestTemplates } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { fieldError, notFound } from '@/lib/errors';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import type { PartRow } from '../parts/lookup';
import { assertCan } from '../permissions';
import type { TestTemplatePatchBody, TestTemplateQuery } from './schemas';
import { invalidPart, isUniqueViolation, partChoiceFilter } from './shared';
import { generateTestKey } from './test-key';

type Row = typeof partTestTemplates.$inferSelect;

const DUPLICATE_KEY = 'Test template with the same key already exists for part';

// Correlated subqueries name the outer row explicitly: Drizzle renders columns unqualified in a select.
const outerTemplateId = sql`${sql.identifier('part_test_templates')}.${sql.identifier('id')}`;
/** Stock test results recorded against the template (InvenTree's `results` annotation). */
const resultCount = sql<number>`(select count(*)::int from stock_item_test_results r where r.template_id = ${outerTemplateId})`;
const withResults = { ...getTableColumns(partTestTemplates), results: resultCount };

/** PartTestTemplateSerializer's answer; `results` counts the stock test results recorded against it. */
function templateOut(r: Row & { results?: number }) {
  return {
    pk: r.id,
    key: r.key,
    part: r.partId,
    test_name: r.testName,
    description: r.description,
    enabled: r.enabled,
    required: r.required,
    requires_value: r.requiresValue,
    requires_attachment: r.requiresAttachment,
    results: r.results ?? 0,
    choices: r.choices,
  };
}

/** The part and its template ancestors (root → self), from the stored variant tree. */
const treeOf = (p: PartRow) => (p.variantTreeIds.length ? p.variantTreeIds : [p.id]);

/**
 * Test templates, filtered as InvenTree's PartTestTemplateFilter: `part` must be a testable part
 * (400 otherwise) and, unless `include_inherited=false`, also brings the templates of its template
 * ancestors; `has_results` tests for recorded stock test results.
 */
export async function listTestTemplates(ctx: Ctx, q: TestTemplateQuery, url: URL) {
  assertCan(ctx, 'part', 'view');
  const part = await partChoiceFilter(ctx.db, 'part', q.part, (p) => p.testable);
  const flag = (v: boolean | undefined, col: Column) => (v === undefined ? undefined : eq(col, v));
  const where = and(
    part === undefined
      ? undefined
      : q.include_inherited === false
        ? eq(partTestTemplates.partId, part.id)
        : anyOf(partTestTemplates.partId, treeOf(part)),
    q.key === undefined ? undefined : eq(partTestTemplates.key, q.key),
    flag(q.enabled, partTestTemplates.enabled),
    flag(q.required, partTestTemplates.required),
    flag(q.requires_value, partTestTemplates.requiresValue),
    flag(q.requires_attachment, partTestTemplates.requiresAttachment),
    q.has_results === undefined
      ? undefined
      : sql`${q.has_results ? sql`` : sql`not`} exists (select 1 from stock_item_test_results r where r.template_id = ${partTestTemplates.id})`,
    searchCondition(q, [partTestTemplates.testName, partTestTemplates.description]),
  );
  const order = orderBy(
    q.ordering,
    {
      enabled: partTestTemplates.enabled,
      required: partTestTemplates.required,
      requires_value: partTestTemplates.requiresValue,
      requires_attachment: partTestTemplates.requiresAttachment,
      results: resultCount,
      test_name: partTestTemplates.testName,
    },
    partTestTemplates.id,
    [asc(partTestTemplates.testName)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(partTestTemplates, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select(withResults)
        .from(partTestTemplates)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(templateOut);
    },
  });
}

export async function getTestTemplate(ctx: Ctx, id: number) {
  assertCan(ctx, 'part', 'view');
  const [row] = await ctx.db.select(withResults).from(partTestTemplates).where(eq(partTestTemplates.id, id));
  if (!row) throw notFound('PartTestTemplate');
  return templateOut(row);
}

type Values = Omit<typeof partTestTemplates.$inferInsert, 'id' | 'metadata'>;

/**
 * PartTestTemplate.clean + validate_unique: a testable part (locked, so concurrent writers of one
 * part's templates queue up), a key with at least one usable character, unique choices, and a key
 * unused by the part and its template ancestors.
 */
async function validated(ctx: Ctx, v: Omit<Values, 'key'>, selfId?: number): Promise<Values> {
  const [part] = await ctx.db.select().from(parts).where(eq(parts.id, v.partId)).for('update');
  if (!part?.testable) throw invalidPart('part', v.partId);
  const key = generateTestKey(v.testName);
  if (!key)
    throw fieldError('test_name', 'Invalid template name - must include at least one alphanumeric character');
  const seen = new Set<string>();
  for (const choice of (v.choices ?? '').split(',').map((c) => c.trim())) {
    if (!choice) continue;
    if (seen.has(choice)) throw fieldError('choices', 'Choices must be unique');
    seen.add(choice);
  }
  const [clash] = await ctx.db
    .select({ id: partTestTemplates.id })
    .from(partTestTemplates)
    .where(
      and(
        eq(partTestTemplates.key, key),
        anyOf(partTestTemplates.partId, treeOf(part)),
        selfId === undefined ? undefined : ne(partTestTemplates.id, selfId),
      ),
    )
    .limit(1);
  if (clash) throw fieldError('test_name', DUPLICATE_KEY);
  return { ...v, key, testName: v.testName.trim(), choices: (v.choices ?? '').trim() };
}

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // A concurrent writer took the key between the check and the write.
    if (isUniqueViolation(err, 'part_test_templates_part_key')) throw fieldError('test_name', DUPLICATE_KEY);
    throw err;
  }
}

export interface TestTemplateInput {
  part: number;
  test_name: string;
  description?: string | null;
  enabled?: boolean;
  required?: boolean;
  requires_value?: boolean;
  requires_attachment?: boolean;
  choices?: string;
}

/** Creates a test template (part.add) after InvenTree's checks; the key is derived from the name. */
export async function createTestTemplate(ctx: Ctx, input: TestTemplateInput) {
  assertCan(ctx, 'part', 'add');
  return withTransaction(ctx, async (tx) => {
    const values = await validated(tx, {
      partId: input.part,
      testName: input.test_name,
      description: input.description ?? '',
      enabled: input.enabled ?? true,
      required: input.required ?? true,
      requiresValue: input.requires_value ?? false,
      requiresAttachment: input.requires_attachment ?? false,
      choices: input.choices ?? '',
    });
    const [row] = await write(() => tx.db.insert(partTestTemplates).values(values).returning());
    return templateOut(row!);
  });
}

/** PUT/PATCH (part.change): the row is locked, merged with the input and checked again as a whole. */
export async function updateTestTemplate(ctx: Ctx, id: number, input: TestTemplatePatchBody) {
  assertCan(ctx, 'part', 'change');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db
      .select()
      .from(partTestTemplates)
      .where(eq(partTestTemplates.id, id))
      .for('update');
    if (!row) throw notFound('PartTestTemplate');
    const values = await validated(
      tx,
      {
        partId: input.part ?? row.partId,
        testName: input.test_name ?? row.testName,
        description: input.description === undefined ? row.description : (input.description ?? ''),
        enabled: input.enabled ?? row.enabled,
        required: input.required ?? row.required,
        requiresValue: input.requires_value ?? row.requiresValue,
        requiresAttachment: input.requires_attachment ?? row.requiresAttachment,
        choices: input.choices ?? row.choices,
      },
      id,
    );
    const [updated] = await write(() =>
      tx.db.update(partTestTemplates).set(values).where(eq(partTestTemplates.id, id)).returning(),
    );
    const [counted] = await tx.db
      .select({ results: resultCount })
      .from(partTestTemplates)
      .where(eq(partTestTemplates.id, id));
    return templateOut({ ...updated!, results: counted?.results ?? 0 });
  });
}

export async function deleteTestTemplate(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'part', 'delete');
  const rows = await ctx.db
    .delete(partTestTemplates)
    .where(eq(partTestTemplates.id, id))
    .returning({ id: partTestTemplates.id });
  if (!rows.length) throw notFound('PartTestTemplate');
}
