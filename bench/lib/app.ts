/**
 * The system under test: the production build (`next start`) and the worker as child processes,
 * exactly as `npm start` runs them, against one bench database. Stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { root } from '@/scripts/lib/bootstrap';
import { startWorker, type Proc as WorkerProc } from '@/tests/processes';

export interface Proc {
  name: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startProc(name: string, cmd: string, args: string[], env: Record<string, string>): Proc {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface App {
  url: string;
  port: number;
  web: Proc;
  worker: WorkerProc | null;
  stop(): Promise<void>;
  stopWorker(): Promise<void>;
}

export async function startApp(o: {
  databaseUrl: string;
  port: number;
  mediaRoot: string;
  secret: string;
  worker: boolean;
}): Promise<App> {
  // Bench processes use the in-process cache: a shared Redis would carry principals and settings
  // between the bench databases of a scale curve.
  const env = {
    DATABASE_URL: o.databaseUrl,
    MEDIA_ROOT: o.mediaRoot,
    AUTH_SECRET: o.secret,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(o.port),
  };
  const bin = (n: string) => path.join(root, 'node_modules', '.bin', n);
  const web = startProc('web', bin('next'), ['start', '-p', String(o.port)], env);
  const url = `http://127.0.0.1:${o.port}`;
  let worker: WorkerProc | null = null;
  try {
    await waitUntilUp(url, web);
    if (o.worker) worker = await startWorker(env);
  } catch (err) {
    await web.stop();
    throw err;
  }
  let workerProc = worker;
  return {
    url,
    port: o.port,
    web,
    get worker() {
      return workerProc;
    },
    async stopWorker() {
      await workerProc?.stop();
      workerProc = null;
    },
    async stop() {
      await Promise.all([web.stop(), workerProc?.stop()]);
    },
  };
}

async function waitUntilUp(url: string, web: Proc) {
  const t0 = Date.now();
  for (;;) {
    if (web.child.exitCode !== null) throw new Error(`next start exited:\n${web.output()}`);
    try {
      if ((await fetch(`${url}/api/`)).ok) return;
    } catch {}
    if (Date.now() - t0 > 60_000) throw new Error(`next start did not answer within 60 s:\n${web.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
