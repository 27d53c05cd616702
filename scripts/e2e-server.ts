/**
 * The server Playwright starts: a fresh database (on TEST_DATABASE_URL's/DATABASE_URL's server, else an
 * embedded PostgreSQL under .data/e2e), migrated and seeded with the users the flows sign in as,
 * then the production supervisor (scripts/serve.ts: built `next start` + worker) on E2E_PORT.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROLES } from '@/domain/roles';
import { root } from './lib/bootstrap';
import { createTestDatabase } from './lib/test-db';

const testDb = await createTestDatabase({
  prefix: 'e2e',
  embedded: { dir: path.join(root, '.data', 'e2e'), port: Number(process.env.EMBEDDED_E2E_PG_PORT ?? 54349) },
});
const { url } = testDb;
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
  try {
    await testDb.drop();
  } catch (err) {
    console.error('[e2e-server] could not drop the test database', err);
  }
  process.exit(code);
}

child.on('exit', (code) => void cleanup(code ?? 0));
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill('SIGTERM'));
