/**
 * The server Playwright starts: a fresh database (on TEST_DATABASE_URL's/DATABASE_URL's server, else an
 * embedded PostgreSQL under .data/e2e), migrated and seeded with the users the flows sign in as,
 * then the production supervisor (scripts/serve.ts: built `next start` + worker) on E2E_PORT.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { ensureDatabase, startEmbeddedPostgres } from '@/db/embedded';
import { runMigrations } from '@/db/migrate';
import { ROLES } from '@/domain/roles';
import { root } from './lib/bootstrap';

const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
let serverUrl: string;
let stopServer = async () => {};
if (base) serverUrl = base;
else {
  const server = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data', 'e2e'),
    port: Number(process.env.EMBEDDED_E2E_PG_PORT ?? 54349),
  });
  serverUrl = server.serverUrl;
  stopServer = server.stop;
}
// Playwright's SIGTERM can reach an embedded server before the drop at exit: clear runs older than an hour.
{
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const stale = await admin<
    { datname: string }[]
  >`select datname from pg_database where datname like 'e2e\_%'`;
  for (const { datname } of stale) {
    const started = Number(datname.split('_')[1]);
    if (started && Date.now() - started > 3600_000)
      await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
  await admin.end();
}
const name = `e2e_${Date.now()}_${process.pid}`;
const url = await ensureDatabase(serverUrl, name);
await runMigrations(url);
process.env.DATABASE_URL = url;

const { systemCtx } = await import('@/server/context');
const { createGroup, createUser } = await import('@/server/users');
const { closeDb } = await import('@/db/client');
const ctx = systemCtx();
await createUser(ctx, {
  username: 'admin',
  password: 'inventree',
  is_superuser: true,
  is_staff: true,
  email: 'admin@example.com',
});
const readers = await createGroup(ctx, {
  name: 'readers',
  // InvenTree's demo reader: view on every role but admin.
  rules: Object.fromEntries(ROLES.filter((r) => r !== 'admin').map((r) => [r, { can_view: true }])),
});
await createUser(ctx, { username: 'reader', password: 'readonly', group_ids: [readers.pk as number] });
await closeDb();

const port = process.env.E2E_PORT ?? '3100';
const child = spawn(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  [path.join(root, 'scripts', 'serve.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: port,
      AUTH_SECRET: process.env.AUTH_SECRET ?? 'e2e-secret-0123456789abcdef',
      NODE_ENV: 'production',
    },
  },
);

async function cleanup(code: number) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } catch (err) {
    console.error('[e2e-server] could not drop the test database', err);
  } finally {
    await admin.end();
    await stopServer();
  }
  process.exit(code);
}

child.on('exit', (code) => void cleanup(code ?? 0));
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill('SIGTERM'));
