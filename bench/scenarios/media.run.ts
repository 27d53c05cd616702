/**
 * Manual entry point for A7 (media), outside `npm run bench`:
 *
 *   npx tsx bench/scenarios/media.run.ts [--mb 100] [--connections 4] [--seconds 10] [--rounds 3]
 *
 * A throw-away database on TEST_DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432),
 * a superuser with an API token, a temporary MEDIA_ROOT, and `next start` from the existing
 * production build (nothing is built). Without a build (.next/BUILD_ID) it says so and serves the
 * same route handlers from a bare node:http server instead (`--handlers` forces that): the media
 * code and nginx are measured, Next's own request pipeline is not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createTestDatabase } from '../../scripts/lib/test-db';
import { benchMedia } from './media';

const root = path.resolve(import.meta.dirname, '..', '..');
const APP_PORT = 3301;
const NGINX_PORT = 3302;

const { values } = parseArgs({
  options: {
    mb: { type: 'string', default: '100' },
    connections: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    handlers: { type: 'boolean', default: false },
    // Internal: this file run as the bare handler server (see the header).
    'serve-handlers': { type: 'string' },
  },
});

if (values['serve-handlers']) await serveHandlers(Number(values['serve-handlers']));
else await main();

/**
 * The `/media/` and `/media-auth/` route handlers on node:http, the response sent the way Next's
 * `sendResponse` sends a route handler's (its `pipeToNodeResponse`; Content-Length dropped, so chunked).
 */
async function serveHandlers(port: number) {
  const http = await import('node:http');
  const { createRequire } = await import('node:module');
  const { mediaAuthRoute, mediaRoute } = await import('@/server/media');
  const { pipeToNodeResponse } = createRequire(import.meta.url)('next/dist/server/pipe-readable.js') as {
    pipeToNodeResponse: (
      body: ReadableStream<Uint8Array>,
      res: import('node:http').ServerResponse,
    ) => Promise<void>;
  };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, `http://${req.headers.host ?? '127.0.0.1'}`);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    const request = new Request(url, { method: req.method, headers });
    const [prefix, route] = url.pathname.startsWith('/media-auth/')
      ? ['/media-auth/', mediaAuthRoute]
      : url.pathname.startsWith('/media/')
        ? ['/media/', mediaRoute]
        : [null, null];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const rest = url.pathname.slice(prefix.length);
    const segments = rest ? rest.split('/').map((s) => decodeURIComponent(s)) : undefined;
    const response = await route.GET(request, {
      params: Promise.resolve(segments ? { path: segments } : {}),
    });
    res.statusCode = response.status;
    for (const [k, v] of response.headers)
      if (!['content-length', 'content-encoding', 'transfer-encoding'].includes(k)) res.setHeader(k, v);
    if (response.body && req.method !== 'HEAD') await pipeToNodeResponse(response.body, res).catch(() => {});
    else res.end();
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-media-'));
  const mediaRoot = path.join(tmp, 'media');
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await createTestDatabase({
    prefix: 'benchmedia',
    embedded: { dir: path.join(root, '.data', 'bench'), port: 54350 },
  });
  process.env.DATABASE_URL = database.url;
  process.env.MEDIA_ROOT = mediaRoot;
  let app: ChildProcess | undefined;
  try {
    const { systemCtx } = await import('@/server/context');
    const { createUser, issueToken } = await import('@/server/users');
    const { loadPrincipal } = await import('@/server/auth/principal');
    const { db, closeDb } = await import('@/db/client');
    const user = await createUser(systemCtx(), {
      username: 'bench-media',
      password: 'bench-media-password',
      is_superuser: true,
      is_staff: true,
    });
    const actor = await loadPrincipal(db, user.pk, 'token');
    const { token } = await issueToken({ actor: actor!, db }, 'bench', {});
    await closeDb();

    const built = existsSync(path.join(root, '.next', 'BUILD_ID'));
    const useHandlers = values.handlers || !built;
    if (!built)
      console.log('[A7] no production build (.next/BUILD_ID): serving the route handlers without Next');
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      MEDIA_ROOT: mediaRoot,
      MAX_UPLOAD_MB: String(Number(values.mb) + 1),
      AUTH_SECRET: 'bench-media-secret-0123456789abcdef',
      NODE_ENV: 'production' as const,
      LOG_LEVEL: 'warn',
      PORT: String(APP_PORT),
      PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
    };
    app = useHandlers
      ? spawn(
          path.join(root, 'node_modules', '.bin', 'node'),
          ['--import', 'tsx', import.meta.filename, '--serve-handlers', String(APP_PORT)],
          { cwd: root, env, stdio: 'inherit' },
        )
      : spawn(
          path.join(root, 'node_modules', '.bin', 'next'),
          ['start', '-H', '127.0.0.1', '-p', String(APP_PORT)],
          { cwd: root, env, stdio: 'inherit' },
        );
    const appUrl = `http://127.0.0.1:${APP_PORT}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (app.exitCode !== null) throw new Error('the app exited');
      const r = await fetch(`${appUrl}/media-auth/`).catch(() => null);
      if (r && r.status < 500) break;
      if (Date.now() > deadline) throw new Error('the app did not start');
      await new Promise((res) => setTimeout(res, 250));
    }

    const results = await benchMedia({
      appUrl,
      appPorts: [APP_PORT],
      token,
      databaseUrl: database.url,
      mediaRoot,
      staticDir: path.join(root, '.next', 'static'),
      connections: Number(values.connections),
      seconds: Number(values.seconds),
      fileMB: Number(values.mb),
      workDir: tmp,
      log: (line) => console.log(line),
      nginxPort: NGINX_PORT,
      rounds: Number(values.rounds),
    });
    for (const r of results)
      console.log(
        `${r.id}: ${r.measured.mbps} MB/s vs nginx direct ${r.baseline?.mbps} MB/s = ${r.ratio} ` +
          `(${r.budgets.map((b) => `${b.text}: ${b.pass ? 'pass' : 'FAIL'}`).join('; ')})` +
          (useHandlers ? ' [handlers without Next]' : '') +
          (r.notes?.length ? `\n  ${r.notes.join('\n  ')}` : ''),
      );
  } finally {
    if (app?.pid && app.exitCode === null) {
      const exited = new Promise((r) => app!.once('exit', r));
      process.kill(app.pid, 'SIGTERM');
      await exited;
    }
    await database.drop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
