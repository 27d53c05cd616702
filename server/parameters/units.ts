import { asc, eq, ne, sql } from 'drizzle-orm';
import { customUnits } from '@/db/schema';
import { type CustomUnitInput, UnitError, type UnitRegistry, unitRegistryWith } from '@/domain/units';
import { cached, invalidate } from '@/lib/cache';
import { type FieldErrors, notFound, validation } from '@/lib/errors';
import type { ListQuery } from '@/lib/http/list';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import type { CustomUnit, CustomUnitBody, CustomUnitPatch } from './schemas';

const CACHE_KEY = 'units:custom';

async function customRows(ctx: Ctx): Promise<CustomUnitInput[]> {
  return ctx.db
    .select({ name: customUnits.name, definition: customUnits.definition, symbol: customUnits.symbol })
    .from(customUnits)
    .orderBy(asc(customUnits.id));
}

/**
 * The unit registry with the site's custom units (InvenTree reloads pint's registry after every
 * custom unit change). Read through the cache; inside a transaction straight from the table, so a
 * unit written by the same transaction counts and a rolled-back one is never cached.
 */
export async function loadUnitRegistry(ctx: Ctx): Promise<UnitRegistry> {
  const rows = ctx.inTransaction
    ? await customRows(ctx)
    : await cached(CACHE_KEY, 300, () => customRows(ctx));
  return unitRegistryWith(rows);
}

function unitOut(r: typeof customUnits.$inferSelect): CustomUnit {
  return { pk: r.id, name: r.name, symbol: r.symbol, definition: r.definition };
}

export async function listCustomUnits(ctx: Ctx, q: ListQuery, url: URL) {
  const where = searchCondition(q, [customUnits.name, customUnits.symbol, customUnits.definition]);
  const order = orderBy(
    q.ordering,
    { pk: customUnits.id, name: customUnits.name, symbol: customUnits.symbol },
    customUnits.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(customUnits, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(customUnits)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(unitOut);
    },
  });
}

export async function getCustomUnit(ctx: Ctx, id: number): Promise<CustomUnit> {
  const [row] = await ctx.db.select().from(customUnits).where(eq(customUnits.id, id));
  if (!row) throw notFound('CustomUnit');
  return unitOut(row);
}

/**
 * InvenTree's `CustomUnit.clean` + `validate_unique`: the name is an identifier not already a unit
 * (with any prefix or plural), the symbol is free, the definition parses, and the whole
 * `name = definition = symbol` line can be added to the registry of the *other* custom units.
 */
async function validateUnit(
  ctx: Ctx,
  input: { name: string; symbol: string; definition: string },
  exceptId?: number,
) {
  const errors: FieldErrors = {};
  const others = await ctx.db
    .select({
      id: customUnits.id,
      name: customUnits.name,
      definition: customUnits.definition,
      symbol: customUnits.symbol,
    })
    .from(customUnits)
    .where(exceptId === undefined ? undefined : ne(customUnits.id, exceptId))
    .orderBy(asc(customUnits.id));
  const registry = unitRegistryWith(others);
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(input.name)) errors.name = ['Unit name must be a valid identifier'];
  else if (others.some((o) => o.name === input.name))
    errors.name = ['custom unit with this name already exists.'];
  else if (registry.has(input.name)) errors.name = [`Unit "${input.name}" is already defined`];
  if (input.symbol) {
    if (others.some((o) => o.symbol === input.symbol)) errors.symbol = ['Unit symbol must be unique'];
    else if (registry.has(input.symbol)) errors.symbol = [`Unit "${input.symbol}" is already defined`];
  }
  try {
    registry.parse(input.definition);
  } catch (err) {
    errors.definition = [err instanceof UnitError ? err.message : 'Invalid unit definition'];
  }
  if (Object.keys(errors).length) throw validation(errors);
  try {
    registry.extend([]).defineCustom(input);
  } catch (err) {
    throw validation({ non_field_errors: [err instanceof Error ? err.message : 'Invalid unit definition'] });
  }
}

/** Lock that serialises custom unit writes, so two names cannot be validated against the same snapshot. */
const lockUnits = (ctx: Ctx) => ctx.db.execute(sql`select pg_advisory_xact_lock(hashtext('custom_units'))`);

/** Creates a custom unit (staff); the registry cache is dropped in every process on commit. */
export async function createCustomUnit(ctx: Ctx, input: CustomUnitBody): Promise<CustomUnit> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    await lockUnits(tx);
    const row = { name: input.name, symbol: input.symbol ?? '', definition: input.definition };
    await validateUnit(tx, row);
    const [created] = await tx.db.insert(customUnits).values(row).returning();
    await invalidate(tx.db, CACHE_KEY);
    return unitOut(created!);
  });
}

export async function updateCustomUnit(ctx: Ctx, id: number, input: CustomUnitPatch): Promise<CustomUnit> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    await lockUnits(tx);
    const [row] = await tx.db.select().from(customUnits).where(eq(customUnits.id, id)).for('update');
    if (!row) throw notFound('CustomUnit');
    const next = {
      name: input.name ?? row.name,
      symbol: input.symbol ?? row.symbol,
      definition: input.definition ?? row.definition,
    };
    await validateUnit(tx, next, id);
    const [updated] = await tx.db.update(customUnits).set(next).where(eq(customUnits.id, id)).returning();
    await invalidate(tx.db, CACHE_KEY);
    return unitOut(updated!);
  });
}

export async function deleteCustomUnit(ctx: Ctx, id: number): Promise<void> {
  assertCan(ctx, 'staff');
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .delete(customUnits)
      .where(eq(customUnits.id, id))
      .returning({ id: customUnits.id });
    if (!rows.length) throw notFound('CustomUnit');
    await invalidate(tx.db, CACHE_KEY);
  });
}

/** `/api/units/all/`: every unit name (built-in and custom) with its compatible units. */
export async function listAllUnits(ctx: Ctx) {
  const registry = await loadUnitRegistry(ctx);
  const available: Record<string, ReturnType<UnitRegistry['describeAll']>[number]> = {};
  for (const u of registry.describeAll()) available[u.name] = u;
  return {
    default_system: 'mks',
    available_systems: ['Planck', 'SI', 'US', 'atomic', 'cgs', 'imperial', 'mks'],
    available_units: available,
  };
}
