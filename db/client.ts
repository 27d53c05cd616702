import { AsyncLocalStorage } from 'node:async_hooks';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Db = PostgresJsDatabase<typeof schema>;
/** A database handle or an open transaction: queries take this as their first argument. */
export type Tx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

interface Handle {
  db: Db;
  sql: postgres.Sql;
}

const globalForDb = globalThis as unknown as { __inventreeDb?: Handle };

/**
 * Settings of every connection:
 * - prepared statements save the parse, not the plan: each execution is planned for its own values
 *   (a generic plan for `ilike $1` or `limit $2` can be far worse than a custom one);
 * - no JIT: a statement the planner estimates dear (above jit_above_cost, e.g. a lateral subquery per
 *   row of a long list) is compiled first; EXPLAIN ANALYZE showed 1.4 s of JIT compilation for a
 *   statement that then ran in 25 ms. OLTP statements never win that back.
 */
export const SESSION_SETTINGS = { plan_cache_mode: 'force_custom_plan', jit: 'off' };

export function connect(
  url: string,
  max = 10,
  options: postgres.Options<Record<string, postgres.PostgresType>> = {},
): Handle {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    ...options,
    connection: SESSION_SETTINGS,
  });
  return { sql, db: drizzle(preparing(sql), { schema, casing: 'snake_case' }) };
}

type Client = postgres.Sql | postgres.TransactionSql;

/** Marks a statement whose values are read as undecoded bytes (postgres.js `raw`): see `jsonBytes`. */
const BYTES_MARK = '/* bytes */';

/** True for a statement `jsonBytes` sent: its values are read as bytes (here, and in the bench's replay). */
export const readsBytes = (query: string) => query.startsWith(BYTES_MARK);

/**
 * The one value of a statement that answers JSON text (one row, one column), as the UTF-8 bytes
 * PostgreSQL sent: an answer PostgreSQL built (a tree) goes to the HTTP response without being
 * decoded into a JavaScript string and encoded again (for a 600 KB answer with non-ASCII text that
 * round trip cost about 9 ms of the web process per request in a CPU profile: `Buffer.toString`,
 * then `byteLength` and `encode` in undici's Response).
 */
export async function jsonBytes(db: Tx, query: SQL): Promise<Buffer> {
  const rows = (await db.execute(sql`${sql.raw(BYTES_MARK)} ${query}`)) as unknown as (Buffer | null)[][];
  const value = rows[0]?.[0];
  if (!value) throw new Error('jsonBytes: the statement answered no value');
  return value;
}

/**
 * Drizzle prepares only the statements it is given a name for; postgres.js sends any other
 * statement with parameters as an unnamed one, in two round trips (describe, then execute), and
 * PostgreSQL parses it every time. Through this client every parameterised statement is a named
 * prepared statement, cached per connection: one round trip once it is known (postgres.js replaces
 * each connection after 30–60 minutes, which bounds the cache). Statements without parameters keep
 * the simple protocol (several statements in one string still work).
 */
function preparing<T extends Client>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'unsafe')
        return (query: string, args: unknown[] = [], options: postgres.UnsafeQueryOptions = {}) => {
          const q = target.unsafe(query, args as postgres.ParameterOrJSON<never>[], {
            ...options,
            prepare: true,
          });
          return readsBytes(query) ? q.raw() : q;
        };
      if (prop === 'begin' || prop === 'savepoint')
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          const open = Reflect.get(target, prop) as (...a: unknown[]) => Promise<unknown>;
          return open(...args, (tx: postgres.TransactionSql) => fn(preparing(tx)));
        };
      return Reflect.get(target, prop);
    },
  });
}

/** The process-wide connection pool (one per process; survives Next's dev reloads). */
export function getHandle(): Handle {
  if (!globalForDb.__inventreeDb) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error('DATABASE_URL is not set: start the app with `npm start`, which provides a database.');
    }
    globalForDb.__inventreeDb = connect(url, Number(process.env.DB_POOL_SIZE ?? 10));
  }
  return globalForDb.__inventreeDb;
}

/**
 * The transaction the current request runs in (set by `withTransaction`). Code that reaches for the
 * process-wide `db` inside a transaction joins it instead of taking a second pool connection: a
 * transaction waiting for another connection while holding one can exhaust the pool under load.
 */
export const currentTransaction = new AsyncLocalStorage<Tx>();

/** Lazily connected Drizzle handle; inside a transaction, that transaction. */
export const db: Db = new Proxy({} as Db, {
  get(_t, prop) {
    return Reflect.get((currentTransaction.getStore() as Db | undefined) ?? getHandle().db, prop);
  },
});

export async function closeDb(): Promise<void> {
  const h = globalForDb.__inventreeDb;
  globalForDb.__inventreeDb = undefined;
  if (h) await h.sql.end({ timeout: 5 });
}
