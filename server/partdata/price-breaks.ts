import { and, asc, eq, ne } from 'drizzle-orm';
import { partPriceBreaks, parts } from '@/db/schema';
import { fieldError, nonFieldError, notFound } from '@/lib/errors';
import { orderBy, paginate } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import type { PartRow } from '../parts/lookup';
import { assertCan } from '../permissions';
import { getGlobalSetting } from '../settings';
import { decimalOut } from './decimal';
import type { PriceBreakPatchBody, PriceBreakQuery } from './schemas';
import { invalidPart, isUniqueViolation, partChoiceFilter } from './shared';

/** `internal`: PartInternalPriceBreak; `sale`: PartSellPriceBreak (only on salable parts). */
export type PriceBreakKind = 'internal' | 'sale';

type Row = typeof partPriceBreaks.$inferSelect;

const MODEL: Record<PriceBreakKind, string> = {
  internal: 'PartInternalPriceBreak',
  sale: 'PartSellPriceBreak',
};
const NOT_UNIQUE = 'The fields part, quantity must make a unique set.';

/** The part FK's `limit_choices_to`: sale price breaks belong to salable parts. */
const accepts = (kind: PriceBreakKind) => (p: PartRow) => kind === 'internal' || p.salable;

/** Price break answer: quantity and price leave the decimal strings only here, as JSON numbers. */
function priceBreakOut(r: Row) {
  return {
    pk: r.id,
    part: r.partId,
    quantity: decimalOut(r.quantity)!,
    price: decimalOut(r.price),
    price_currency: r.priceCurrency,
  };
}

export async function listPriceBreaks(ctx: Ctx, kind: PriceBreakKind, q: PriceBreakQuery, url: URL) {
  assertCan(ctx, 'part', 'view');
  const part = await partChoiceFilter(ctx.db, 'part', q.part, accepts(kind));
  const where = and(eq(partPriceBreaks.kind, kind), part ? eq(partPriceBreaks.partId, part.id) : undefined);
  const order = orderBy(
    q.ordering,
    { quantity: partPriceBreaks.quantity, price: partPriceBreaks.price },
    partPriceBreaks.id,
    [asc(partPriceBreaks.quantity)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(partPriceBreaks, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(partPriceBreaks)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(priceBreakOut);
    },
  });
}

async function fetch(ctx: Ctx, kind: PriceBreakKind, id: number, forUpdate = false) {
  const q = ctx.db
    .select()
    .from(partPriceBreaks)
    .where(and(eq(partPriceBreaks.id, id), eq(partPriceBreaks.kind, kind)));
  const [row] = await (forUpdate ? q.for('update') : q);
  if (!row) throw notFound(MODEL[kind]);
  return row;
}

export async function getPriceBreak(ctx: Ctx, kind: PriceBreakKind, id: number) {
  assertCan(ctx, 'part', 'view');
  return priceBreakOut(await fetch(ctx, kind, id));
}

/** The currency as InvenTreeCurrencySerializer takes it: one of CURRENCY_CODES, default the system one. */
async function currencyOf(value: string | undefined): Promise<string> {
  if (value === undefined || value === '') return getGlobalSetting('INVENTREE_DEFAULT_CURRENCY');
  const codes = (await getGlobalSetting('CURRENCY_CODES'))
    .split(',')
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  if (!codes.includes(value)) throw fieldError('price_currency', `"${value}" is not a valid choice.`);
  return value;
}

interface Values {
  partId: number;
  quantity: string;
  price: string | null;
  priceCurrency: string;
}

/** The part (that this kind accepts) and the (kind, part, quantity) uniqueness. */
async function validated(ctx: Ctx, kind: PriceBreakKind, v: Values, selfId?: number): Promise<Values> {
  const [part] = await ctx.db.select().from(parts).where(eq(parts.id, v.partId));
  if (!part || !accepts(kind)(part)) throw invalidPart('part', v.partId);
  const [clash] = await ctx.db
    .select({ id: partPriceBreaks.id })
    .from(partPriceBreaks)
    .where(
      and(
        eq(partPriceBreaks.kind, kind),
        eq(partPriceBreaks.partId, v.partId),
        eq(partPriceBreaks.quantity, v.quantity),
        selfId === undefined ? undefined : ne(partPriceBreaks.id, selfId),
      ),
    )
    .limit(1);
  if (clash) throw nonFieldError(NOT_UNIQUE);
  return v;
}

async function write<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err, 'part_price_breaks_key')) throw nonFieldError(NOT_UNIQUE);
    throw err;
  }
}

export interface PriceBreakInput {
  part: number;
  quantity: string | null;
  price?: string | null;
  price_currency?: string;
}

/** Adds a price break (part.add); the currency defaults to INVENTREE_DEFAULT_CURRENCY. */
export async function createPriceBreak(ctx: Ctx, kind: PriceBreakKind, input: PriceBreakInput) {
  assertCan(ctx, 'part', 'add');
  const priceCurrency = await currencyOf(input.price_currency);
  return withTransaction(ctx, async (tx) => {
    const values = await validated(tx, kind, {
      partId: input.part,
      quantity: input.quantity!,
      price: input.price ?? null,
      priceCurrency,
    });
    const [row] = await write(() =>
      tx.db
        .insert(partPriceBreaks)
        .values({ kind, ...values })
        .returning(),
    );
    return priceBreakOut(row!);
  });
}

/** PUT/PATCH (part.change): the row is locked, merged with the input and checked again. */
export async function updatePriceBreak(
  ctx: Ctx,
  kind: PriceBreakKind,
  id: number,
  input: PriceBreakPatchBody,
) {
  assertCan(ctx, 'part', 'change');
  const currency = input.price_currency === undefined ? undefined : await currencyOf(input.price_currency);
  return withTransaction(ctx, async (tx) => {
    const row = await fetch(tx, kind, id, true);
    const values = await validated(
      tx,
      kind,
      {
        partId: input.part ?? row.partId,
        quantity: input.quantity ?? row.quantity,
        price: input.price === undefined ? row.price : input.price,
        priceCurrency: currency ?? row.priceCurrency,
      },
      id,
    );
    const [updated] = await write(() =>
      tx.db
        .update(partPriceBreaks)
        .set({ ...values, updated: new Date() })
        .where(eq(partPriceBreaks.id, id))
        .returning(),
    );
    return priceBreakOut(updated!);
  });
}

export async function deletePriceBreak(ctx: Ctx, kind: PriceBreakKind, id: number): Promise<void> {
  assertCan(ctx, 'part', 'delete');
  const rows = await ctx.db
    .delete(partPriceBreaks)
    .where(and(eq(partPriceBreaks.id, id), eq(partPriceBreaks.kind, kind)))
    .returning({ id: partPriceBreaks.id });
  if (!rows.length) throw notFound(MODEL[kind]);
}
