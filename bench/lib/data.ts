/**
 * Bench databases: one per scale (`inventree_bench_p<parts>_s<stock>`), on DATABASE_URL's server or
 * on the embedded PostgreSQL when it is unset. A database is generated once by
 * `scripts/bench-data.ts` and reused while its marker matches; `--fresh` regenerates.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { ensureDatabase, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { dataDir, root } from '@/scripts/lib/bootstrap';

/** Bumped whenever bench-data's output changes, so older bench databases are regenerated. */
const DATA_VERSION = 2;

export interface Server {
  /** A URL of the server with the database part replaced by `name`. */
  urlFor(name: string): string;
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function benchServer(): Promise<Server> {
  const base = process.env.DATABASE_URL;
  if (base) {
    const urlFor = (name: string) => {
      const u = new URL(base);
      u.pathname = `/${name}`;
      return u.toString();
    };
    return { urlFor, adminUrl: urlFor('postgres'), embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: dataDir(),
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
  });
  const adminUrl = await ensureDatabase(server.serverUrl, 'postgres');
  const urlFor = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  return { urlFor, adminUrl, embedded: true, stop: server.stop };
}

export const benchDbName = (parts: number, stock: number) => `inventree_bench_p${parts}_s${stock}`;

/** The bench database for this scale, generated when missing or stale. Returns its URL. */
export async function ensureBenchDb(
  server: Server,
  scale: { parts: number; stock: number; categories?: number },
  opts: { fresh?: boolean; log: (s: string) => void },
): Promise<string> {
  const name = benchDbName(scale.parts, scale.stock);
  const url = server.urlFor(name);
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const exists = (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
    if (exists && !opts.fresh && (await markerMatches(url))) {
      opts.log(`data: reusing ${name} (migrating and vacuuming it)`);
      await runMigrations(url);
      // Earlier runs' writes (A5) leave pages outside the visibility map: index-only scans need it.
      const db = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await db`vacuum analyze stock_items`;
        await db`vacuum analyze parts`;
      } finally {
        await db.end();
      }
      return url;
    }
    if (exists) await admin.unsafe(`drop database "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  opts.log(`data: generating ${scale.parts} parts / ${scale.stock} stock items into ${name} …`);
  const t0 = Date.now();
  await runChild(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    [
      path.join(root, 'scripts', 'bench-data.ts'),
      '--parts',
      String(scale.parts),
      '--stock',
      String(scale.stock),
      '--categories',
      String(scale.categories ?? Math.max(10, Math.min(1000, Math.round(scale.parts / 100)))),
    ],
    { DATABASE_URL: url },
  );
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await db`create table bench_meta (version int not null, parts int not null, stock int not null, created timestamptz not null default now())`;
    await db`insert into bench_meta (version, parts, stock) values (${DATA_VERSION}, ${scale.parts}, ${scale.stock})`;
  } finally {
    await db.end();
  }
  opts.log(`data: ${name} generated in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  return url;
}

async function markerMatches(url: string): Promise<boolean> {
  const db = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [m] = await db`select version from bench_meta limit 1`;
    return m?.version === DATA_VERSION;
  } catch {
    return false;
  } finally {
    await db.end();
  }
}

export async function dropBenchDb(server: Server, scale: { parts: number; stock: number }) {
  const admin = postgres(server.adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${benchDbName(scale.parts, scale.stock)}" with (force)`);
  } finally {
    await admin.end();
  }
}

export function runChild(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args[0]} exited with ${code}`)),
    );
  });
}
