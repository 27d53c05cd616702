import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { ensureDatabase, startEmbeddedPostgres } from '../db/embedded';
import { runMigrations } from '../db/migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * Integration tests run against a real PostgreSQL: a throw-away database on TEST_DATABASE_URL's
 * (or DATABASE_URL's) server, else on an embedded PostgreSQL under .data/test. Migrated once,
 * dropped at the end.
 */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let serverUrl: string;
  let stopServer = async () => {};
  if (base) {
    serverUrl = base;
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(import.meta.dirname, '..', '.data', 'test'),
      port: Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54339),
    });
    serverUrl = server.serverUrl;
    stopServer = server.stop;
  }
  const name = `itest_${Date.now()}_${process.pid}`;
  const url = await ensureDatabase(serverUrl, name);
  await runMigrations(url);
  project.provide('databaseUrl', url);
  return async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end();
      await stopServer();
    }
  };
}
