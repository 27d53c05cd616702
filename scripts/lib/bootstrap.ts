import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';

export const root = path.resolve(import.meta.dirname, '..', '..');

/** Loads `.env` if present (real environment variables win). */
export function loadDotEnv(): void {
  const file = path.join(root, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

export function dataDir(): string {
  const dir = path.resolve(root, process.env.DATA_DIR ?? '.data');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** AUTH_SECRET from the environment, else generated once into `<data>/secret`. */
export function ensureSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir(), 'secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  process.env.AUTH_SECRET = readFileSync(file, 'utf8').trim();
  return process.env.AUTH_SECRET;
}

export interface Database {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under `<data>/pg` with database
 * `inventree`. Sets DATABASE_URL for this process and its children, and applies migrations.
 */
export async function prepareDatabase(opts: { migrate?: boolean } = {}): Promise<Database> {
  let db: Database;
  if (process.env.DATABASE_URL) {
    db = { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: dataDir(),
      port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    });
    const url = await ensureDatabase(server.serverUrl, 'inventree');
    db = { url, embedded: true, stop: server.stop };
    process.env.DATABASE_URL = url;
  }
  if (opts.migrate !== false) await runMigrations(db.url);
  return db;
}
