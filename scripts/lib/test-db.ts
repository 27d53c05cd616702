import path from 'node:path';
import postgres from 'postgres';
import { ensureDatabase, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';

export interface TestDatabase {
  /** URL of the new, migrated database. */
  url: string;
  name: string;
  /** Drops the database, then stops the embedded server if this call started it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database named `<prefix>_<epoch ms>_<pid>` for one test run: on
 * TEST_DATABASE_URL's (or DATABASE_URL's) server, else on an embedded PostgreSQL whose data lives
 * in `embedded.dir` (joined, not owned, when another process of ours already runs it).
 * Databases of earlier runs with the same prefix older than an hour are dropped first: a run
 * killed before its cleanup cannot drop its own.
 */
export async function createTestDatabase(opts: {
  prefix: string;
  embedded: { dir: string; port: number };
}): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl: string;
  let stopServer = async () => {};
  if (base) serverUrl = base;
  else {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(opts.embedded.dir),
      port: opts.embedded.port,
    });
    serverUrl = server.serverUrl;
    stopServer = server.stop;
  }
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const pattern = `${opts.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}\\_%`;
    const stale = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${pattern}`;
    for (const { datname } of stale) {
      const started = Number(datname.slice(opts.prefix.length + 1).split('_')[0]);
      if (started && Date.now() - started > 3600_000)
        await admin.unsafe(`drop database if exists "${datname.replaceAll('"', '')}" with (force)`);
    }
  } finally {
    await admin.end();
  }
  const name = `${opts.prefix}_${Date.now()}_${process.pid}`;
  const url = await ensureDatabase(serverUrl, name);
  await runMigrations(url);
  return {
    url,
    name,
    async drop() {
      const conn = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await conn.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await conn.end();
        await stopServer();
      }
    },
  };
}
