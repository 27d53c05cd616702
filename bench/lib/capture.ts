/**
 * The raw-SQL baseline: the statements an endpoint runs, captured by calling the real route
 * handler in-process (tests/api.ts: same registry, auth, zod, queries) on a connection whose
 * postgres.js `debug` hook records every statement with its parameters; then replayed through
 * postgres.js alone. Replay runs a request's statements one after another on one pooled
 * connection per virtual client — the database work of the request without HTTP, routing,
 * auth, validation or serialisation.
 */
import type postgres from 'postgres';
import { connect, readsBytes } from '@/db/client';

export interface Statement {
  query: string;
  params: unknown[];
}

let recording: Statement[] | null = null;

/** Points the process-wide Drizzle handle (db/client.ts) at `url`, with statement capture. */
export async function captureOn(url: string) {
  const g = globalThis as unknown as { __inventreeDb?: { db: unknown; sql: postgres.Sql } };
  if (g.__inventreeDb) await g.__inventreeDb.sql.end({ timeout: 5 });
  // The app's own client (db/client.ts: prepared statements, plan cache mode), plus the hook.
  g.__inventreeDb = connect(url, 4, {
    debug: (_conn, query, params) => {
      recording?.push({ query, params: params as unknown[] });
    },
  });
}

export async function releaseDatabase() {
  const g = globalThis as unknown as { __inventreeDb?: { sql: postgres.Sql } };
  await g.__inventreeDb?.sql.end({ timeout: 5 });
  g.__inventreeDb = undefined;
}

/** Runs `fn` (an in-process API call) and returns the statements it sent to PostgreSQL. */
export async function capture(fn: () => Promise<unknown>): Promise<Statement[]> {
  recording = [];
  try {
    await fn();
    return recording;
  } finally {
    recording = null;
  }
}

/** Runs one captured request's statements in order; returns nothing (latency is the caller's). */
export async function replay(sql: postgres.Sql, statements: Statement[]): Promise<undefined> {
  // Prepared, as the app sends them (db/client.ts): one round trip per statement once known; a
  // statement the app reads as bytes (`jsonBytes`) is read as bytes here too.
  for (const s of statements) {
    const q = sql.unsafe(s.query, s.params as never[], { prepare: true });
    await (readsBytes(s.query) ? q.raw() : q);
  }
  return undefined;
}
