import { eq, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { parameters, parameterTemplates, parts } from '@/db/schema';
import { defaultUnitRegistry, plainNumber, type UnitRegistry } from '@/domain/units';
import type { Ctx } from '../context';
import { normaliseModelType } from './owners';
import { loadUnitRegistry } from './units';

/** Comparison of a parameter value: symbols, or InvenTree's lookup names. */
export type ParameterFilterOp =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'contains'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'icontains';

const CANONICAL: Record<ParameterFilterOp, '=' | '!=' | '<' | '<=' | '>' | '>=' | 'contains'> = {
  '=': '=',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  contains: 'contains',
  eq: '=',
  ne: '!=',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
  icontains: 'contains',
};

export interface ParameterFilterOptions {
  /**
   * The template's units. When given, a value with units (`10k`, `4.7 uF`) is converted into them
   * for a numeric comparison; without it only plain numbers compare numerically (they are taken as
   * already in the template's units, as values are stored).
   */
  units?: string;
  /** Registry with the site's custom units (`loadUnitRegistry`); the built-in one otherwise. */
  registry?: UnitRegistry;
  /** Owner model of the rows being filtered (default `part`) and their id column (default `parts.id`). */
  modelType?: string;
  idColumn?: SQLWrapper;
}

/** The number a filter value stands for in the template's units, or null (then strings compare). */
export function filterNumber(value: string | number, opts: ParameterFilterOptions = {}): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (opts.units) {
    const r = (opts.registry ?? defaultUnitRegistry).convert(value, opts.units);
    return r.ok ? r.value : null;
  }
  return plainNumber(value);
}

/**
 * `parameterFilterSql(templateId, op, value, opts?)` → a Drizzle SQL condition on `parts.id` (or
 * `opts.idColumn`): true for rows that have a parameter of template `templateId` whose value
 * satisfies `op value`.
 *
 * - numeric comparison on `data_numeric` when `value` is a number or converts to one (see
 *   `ParameterFilterOptions.units`); `=` allows a relative tolerance of 1e-9 and also matches the
 *   text case-insensitively (`"10"` finds `10` and `10.0`);
 * - otherwise a string comparison on `data` (`=`/`!=` case-insensitive, `<`... lexical);
 * - `contains` is always a case-insensitive substring match on `data`;
 * - `!=` means "has the parameter, with another value".
 *
 * Indexed by `parameters_template_numeric_idx` / `parameters_template_data_idx` through the
 * correlated `exists`. Use `parameterFilter(ctx, ...)` to have the template's units looked up.
 */
export function parameterFilterSql(
  templateId: number,
  op: ParameterFilterOp,
  value: string | number,
  opts: ParameterFilterOptions = {},
): SQL {
  const kind = CANONICAL[op];
  if (!kind) throw new Error(`Unknown parameter filter operator: ${op}`);
  const modelType = normaliseModelType(opts.modelType ?? 'part') ?? 'part';
  const idColumn = opts.idColumn ?? parts.id;
  const text = String(value);
  const num = kind === 'contains' ? null : filterNumber(value, opts);
  let cmp: SQL;
  if (kind === 'contains') {
    cmp = sql`pf.data ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`;
  } else if (kind === '=' || kind === '!=') {
    const textEq = sql`lower(pf.data) = lower(${text})`;
    let eqCond = textEq;
    if (num !== null) {
      const tol = Math.abs(num) * 1e-9;
      eqCond = sql`(pf.data_numeric between ${num - tol}::float8 and ${num + tol}::float8 or ${textEq})`;
    }
    cmp = kind === '=' ? eqCond : sql`not ${eqCond}`;
  } else {
    const opSql = sql.raw(kind);
    cmp = num !== null ? sql`pf.data_numeric ${opSql} ${num}::float8` : sql`pf.data ${opSql} ${text}`;
  }
  return sql`exists (select 1 from ${parameters} pf where pf.model_type = ${modelType} and pf.model_id = ${idColumn} and pf.template_id = ${templateId} and ${cmp})`;
}

/** `parameterFilterSql` with the template's units and the site's custom units looked up first. */
export async function parameterFilter(
  ctx: Ctx,
  templateId: number,
  op: ParameterFilterOp,
  value: string | number,
  opts: Omit<ParameterFilterOptions, 'units' | 'registry'> = {},
): Promise<SQL> {
  const [tpl] = await ctx.db
    .select({ units: parameterTemplates.units })
    .from(parameterTemplates)
    .where(eq(parameterTemplates.id, templateId));
  return parameterFilterSql(templateId, op, value, {
    ...opts,
    units: tpl?.units ?? '',
    registry: await loadUnitRegistry(ctx),
  });
}

/**
 * ORDER BY terms sorting rows by their value of template `templateId`: numerically on
 * `data_numeric`, then by the text, rows without the parameter last (InvenTree's `ordering=parameter_<id>`).
 */
export function parameterOrderSql(
  templateId: number,
  direction: 'asc' | 'desc' = 'asc',
  opts: Pick<ParameterFilterOptions, 'modelType' | 'idColumn'> = {},
): SQL[] {
  const modelType = normaliseModelType(opts.modelType ?? 'part') ?? 'part';
  const idColumn = opts.idColumn ?? parts.id;
  const dir = sql.raw(direction === 'desc' ? 'desc' : 'asc');
  const pick = (col: string) =>
    sql`(select ${sql.raw(`po.${col}`)} from ${parameters} po where po.model_type = ${modelType} and po.model_id = ${idColumn} and po.template_id = ${templateId})`;
  return [sql`${pick('data_numeric')} ${dir} nulls last`, sql`${pick('data')} ${dir} nulls last`];
}
