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
