import { and, eq, ne, or, sql } from 'drizzle-orm';
import { partRelated, parts } from '@/db/schema';
import { AppError, nonFieldError, notFound } from '@/lib/errors';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { getPartRow } from '../parts/lookup';
import { assertCan } from '../permissions';
import type { RelatedPatchBody, RelatedQuery } from './schemas';
import { briefParts, invalidPart, isUniqueViolation, partChoiceFilter } from './shared';

type Row = typeof partRelated.$inferSelect;

const DUPLICATE = 'Duplicate relationship already exists';

/** PartRelationSerializer's answers for a page of rows, both parts' details in one query. */
async function relatedOut(ctx: Ctx, rows: Row[]) {
  const briefs = await briefParts(
    ctx.db,
    rows.flatMap((r) => [r.part1Id, r.part2Id]),
  );
  return rows.map((r) => ({
    pk: r.id,
    part_1: r.part1Id,
    part_1_detail: briefs.get(r.part1Id)!,
    part_2: r.part2Id,
    part_2_detail: briefs.get(r.part2Id)!,
    note: r.note,
  }));
}

const partName = (col: typeof partRelated.part1Id | typeof partRelated.part2Id) =>
  sql`(select ${parts.name} from ${parts} where ${parts.id} = ${col})`;

/** Related-part pairs; `part` matches either side, `part_1`/`part_2` one side (400 for unknown parts). */
export async function listRelated(ctx: Ctx, q: RelatedQuery, url: URL) {
  assertCan(ctx, 'part', 'view');
  const [part, part1, part2] = [
    await partChoiceFilter(ctx.db, 'part', q.part),
    await partChoiceFilter(ctx.db, 'part_1', q.part_1),
    await partChoiceFilter(ctx.db, 'part_2', q.part_2),
  ];
  const where = and(
    part ? or(eq(partRelated.part1Id, part.id), eq(partRelated.part2Id, part.id)) : undefined,
    part1 ? eq(partRelated.part1Id, part1.id) : undefined,
    part2 ? eq(partRelated.part2Id, part2.id) : undefined,
    searchCondition(q, [partName(partRelated.part1Id), partName(partRelated.part2Id)]),
  );
  const order = orderBy(q.ordering, { pk: partRelated.id }, partRelated.id);
  return paginate(url, q, {
    count: () => ctx.db.$count(partRelated, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(partRelated)
        .where(where)
        .orderBy(...order);
      return relatedOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)));
    },
  });
}

export async function getRelated(ctx: Ctx, id: number) {
  assertCan(ctx, 'part', 'view');
  const rows = await ctx.db.select().from(partRelated).where(eq(partRelated.id, id));
  if (!rows.length) throw notFound('PartRelated');
  return (await relatedOut(ctx, rows))[0]!;
}

/**
 * PartRelated.clean and its unique_together: both parts exist, a part is not related to itself, and
 * a pair exists once in either order (the same order is DRF's unique-set error, the reverse order
 * InvenTree's "Duplicate relationship").
 */
async function assertValidPair(ctx: Ctx, part1: number, part2: number, selfId?: number) {
  for (const [field, id] of [
    ['part_1', part1],
    ['part_2', part2],
  ] as const) {
    try {
      await getPartRow(ctx.db, id);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw invalidPart(field, id);
      throw err;
    }
  }
  if (part1 === part2) throw nonFieldError('Part relationship cannot be created between a part and itself');
  const others = selfId === undefined ? undefined : ne(partRelated.id, selfId);
  const pair = (a: number, b: number) =>
    ctx.db
      .select({ id: partRelated.id })
      .from(partRelated)
      .where(and(eq(partRelated.part1Id, a), eq(partRelated.part2Id, b), others))
      .limit(1);
  if ((await pair(part1, part2)).length)
    throw nonFieldError('The fields part_1, part_2 must make a unique set.');
  if ((await pair(part2, part1)).length) throw nonFieldError(DUPLICATE);
}

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    // The pair index (least, greatest) catches a concurrent insert of the same pair.
    if (isUniqueViolation(err, 'part_related_pair_key')) throw nonFieldError(DUPLICATE);
    throw err;
  }
}

/** Relates two parts (part.add). */
export async function createRelated(ctx: Ctx, input: { part_1: number; part_2: number; note?: string }) {
  assertCan(ctx, 'part', 'add');
  return withTransaction(ctx, async (tx) => {
    await assertValidPair(tx, input.part_1, input.part_2);
    const [row] = await write(() =>
      tx.db
        .insert(partRelated)
        .values({ part1Id: input.part_1, part2Id: input.part_2, note: input.note ?? '' })
        .returning(),
    );
    return (await relatedOut(tx, [row!]))[0]!;
  });
}

/** PUT/PATCH (part.change): the row is locked and the merged pair checked again. */
export async function updateRelated(ctx: Ctx, id: number, input: RelatedPatchBody) {
  assertCan(ctx, 'part', 'change');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.db.select().from(partRelated).where(eq(partRelated.id, id)).for('update');
    if (!row) throw notFound('PartRelated');
    const part1Id = input.part_1 ?? row.part1Id;
    const part2Id = input.part_2 ?? row.part2Id;
    await assertValidPair(tx, part1Id, part2Id, id);
    const [updated] = await write(() =>
      tx.db
        .update(partRelated)
        .set({ part1Id, part2Id, note: input.note ?? row.note })
        .where(eq(partRelated.id, id))
        .returning(),
    );
    return (await relatedOut(tx, [updated!]))[0]!;
  });
}

export async function deleteRelated(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'part', 'delete');
  const rows = await ctx.db
    .delete(partRelated)
    .where(eq(partRelated.id, id))
    .returning({ id: partRelated.id });
  if (!rows.length) throw notFound('PartRelated');
}
