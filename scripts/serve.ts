/**
 * `npm start`: the process supervisor. Provides the database (embedded PostgreSQL when DATABASE_URL
 * is unset), applies migrations, then runs WEB_PROCESSES × `next start` (PORT, PORT+1, ...) and the
 * worker as children. SIGTERM/SIGINT stop the children first, then the embedded database.
 * `--dev` runs `next dev` instead (one process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { dataDir, ensureSecret, loadDotEnv, prepareDatabase, root } from './lib/bootstrap';

loadDotEnv();
ensureSecret();
const dev = process.argv.includes('--dev');
const db = await prepareDatabase();
const port = Number(process.env.PORT ?? 3000);
const webCount = dev ? 1 : Number(process.env.WEB_PROCESSES ?? 1);
const startWorker = !/^(false|0|no)$/i.test(process.env.START_WORKER ?? 'true');
process.env.MEDIA_ROOT ??= path.join(dataDir(), 'media');

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const children: ChildProcess[] = [];
let stopping = false;

function run(name: string, cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[serve] ${name} exited (${signal ?? code}); stopping everything`);
    void shutdown(1);
  });
}

for (let i = 0; i < webCount; i++) {
  const p = String(port + i);
  run(`web:${p}`, bin('next'), dev ? ['dev', '-p', p] : ['start', '-p', p], { PORT: p });
}
// node + tsx's loader in one process, so SIGTERM reaches the worker's own drain handler.
if (startWorker) run('worker', bin('node'), ['--import', 'tsx', path.join(root, 'worker.ts')]);

console.log(
  `[serve] ${webCount} web process(es) on port ${port}${webCount > 1 ? `-${port + webCount - 1}` : ''}` +
    `${startWorker ? ' + worker' : ''}; database: ${db.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}`,
);

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 15000).unref();
        }),
    ),
  );
  await db.stop();
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
