/**
 * `npm run up`: everything a fresh clone needs after `npm ci`: the database (embedded PostgreSQL
 * when DATABASE_URL is unset), migrations, InvenTree's demo dataset when the database is empty
 * (its admin is admin / inventree), the production build, then `npm start`'s supervisor.
 * `--no-build` skips the build.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensureSecret, loadDotEnv, prepareDatabase, root } from './lib/bootstrap';

loadDotEnv();
ensureSecret();
const hadUrl = Boolean(process.env.DATABASE_URL);
const db = await prepareDatabase();
const { db: handle, closeDb } = await import('@/db/client');
const { users } = await import('@/db/schema');
const count = await handle.$count(users);
let login = 'your existing users';
if (count === 0) {
  // First start: InvenTree's demo dataset (shipped in data/, MIT), through the importer.
  const { importInventree } = await import('@/db/import');
  const demo = path.join(root, 'data', 'inventree-demo');
  console.log("[up] empty database: importing InvenTree's demo dataset…");
  const report = await importInventree({
    url: db.url,
    input: path.join(demo, 'inventree_data.json'),
    media: path.join(demo, 'media'),
  });
  const imported = report.models.reduce((n, m) => n + m.imported, 0);
  const waiting = Object.values(report.unsupported).reduce((n, c) => n + c, 0);
  console.log(
    `[up] imported ${imported} records in ${report.durationMs} ms (${waiting} records of models this project does not have yet were counted, not imported)`,
  );
  login = 'admin / inventree (also reader / readonly, engineer / partsonly, allaccess / nolimits)';
}
await closeDb();
// serve.ts starts (or joins) the embedded database itself.
await db.stop();
if (!hadUrl) delete process.env.DATABASE_URL;

if (!process.argv.includes('--no-build')) {
  console.log('[up] building the app (next build)…');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const port = process.env.PORT ?? '3000';
console.log(`\n[up] InvenTree is starting at http://localhost:${port}  (sign in: ${login})\n`);
const child = spawn(
  path.join(root, 'node_modules', '.bin', 'tsx'),
  [path.join(root, 'scripts', 'serve.ts')],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  },
);
for (const sig of ['SIGTERM', 'SIGINT'] as const) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
