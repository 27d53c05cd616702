import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';

/**
 * A select list aliased to the given keys (`col as "key"`), for `db.execute` reads whose rows
 * come back keyed as the answer or row type wants them, without Drizzle's per-field mapping.
 */
export function selectAs(columns: Record<string, SQLWrapper>): SQL {
  return sql.join(
    Object.entries(columns).map(([key, col]) => sql`${col} as ${sql.identifier(key)}`),
    sql`, `,
  );
}

/**
 * `column = any($1)`: Drizzle's `inArray` in one parameter. `inArray` sends one parameter per value
 * (a location subtree of 1,111 ids is 1,111 parameters to build, send and parse) and makes another
 * statement text for every list length, each prepared separately; this is one statement whatever
 * the length. An empty list matches nothing, as with `inArray`.
 */
export function anyOf(column: SQLWrapper, values: readonly unknown[]): SQL {
  return sql`${column} = any(${sql.param(values)})`;
}

/**
 * `json_build_object('key', expr, …)` with the keys written into the statement (they are code's
 * own names, never input): PostgreSQL builds a nested answer object. At most 50 fields (its 100
 * argument limit); a whole row answer is `row_to_json` over a `selectAs` list instead.
 */
export function jsonObject(fields: Record<string, SQLWrapper>): SQL {
  const entries = Object.entries(fields);
  if (entries.length > 50) throw new Error(`jsonObject: ${entries.length} fields, at most 50`);
  return sql`json_build_object(${sql.join(
    entries.map(([key, value]) => sql`${sql.raw(literal(key))}, ${value}`),
    sql`, `,
  )})`;
}

/** A constant as an SQL string literal. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** InvenTree's datetime output in SQL (as `formatDateTime`): `YYYY-MM-DD HH:MM` in UTC. */
export const dateTimeText = (column: SQLWrapper): SQL =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD HH24:MI')`;

/** An ISO 8601 timestamp in SQL (as `Date.toISOString`): `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
export const isoDateTime = (column: SQLWrapper): SQL =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A decimal as a JSON number without trailing zeros (`10.00000` → `10`, as `Number()` answers it). */
export const decimalNumber = (column: SQLWrapper): SQL => sql`trim_scale(${column})`;

/** A JSON text array of PostgreSQL-built answers (`[]` for none). */
export const jsonArrayText = (element: SQLWrapper, orderBy: SQLWrapper): SQL =>
  sql`coalesce(array_to_json(array_agg(${element} order by ${orderBy})), '[]')::text`;
