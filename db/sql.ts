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
