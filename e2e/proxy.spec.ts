/**
 * The real deployment shape: Debian's nginx with the configuration from deploy/ in front of two
 * `next start` processes and the worker, on a fresh database and a temporary MEDIA_ROOT. Runs
 * after `next build` (it serves the built app). When Caddy is installed, the same checks run
 * through deploy/Caddyfile too.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, expect, request, test } from '@playwright/test';
import { createTestDatabase, type TestDatabase } from '../scripts/lib/test-db';
import { renderDeploy } from '../scripts/render-deploy';

const root = path.resolve(import.meta.dirname, '..');
const NGINX = '/usr/sbin/nginx';
const CADDY = '/usr/bin/caddy';
const PROXY_PORT = 3180;
const WEB_PORTS = [3181, 3182];
const CADDY_PORT = 3183;
const MAX_UPLOAD_MB = 5;
const ADMIN = { username: 'proxy-admin', password: 'proxy-admin-password' };
const OTHER = { username: 'proxy-other', password: 'proxy-other-password' };

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: () => boolean;
  stop(): Promise<void>;
}

/** Starts a child process we own; `stop` sends SIGTERM to its PID and waits (SIGKILL after 15 s). */
function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name,
    child,
    output: () => out,
    exited,
    async stop() {
      if (exited()) return;
      process.kill(child.pid!, 'SIGTERM');
      const timer = setTimeout(() => !exited() && process.kill(child.pid!, 'SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

async function waitUntil(what: string, proc: Proc, check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.exited()) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output()}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}:\n${proc.output()}`);
}

/** A GET with the path sent exactly as written (no URL normalisation), for traversal checks. */
function rawGet(port: number, rawPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: rawPath,
          method: 'GET',
          headers: { host: `localhost:${port}`, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

/** Debian's nginx (and Caddy) from apt when missing and we are root; Playwright downloads nothing. */
function ensureProxies() {
  const wanted = [!existsSync(NGINX) && 'nginx-light', !existsSync(CADDY) && 'caddy'].filter(
    Boolean,
  ) as string[];
  if (!wanted.length || process.getuid?.() !== 0) return;
  const r = spawnSync(
    'bash',
    ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${wanted.join(' ')}`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) console.warn(`[proxy] could not install ${wanted.join(', ')}`);
}

const SECRET = `secret-outside-media-${randomBytes(8).toString('hex')}`;
const content = randomBytes(2500).toString('hex'); // 5000 bytes of text

let tmp: string;
let mediaRoot: string;
let runDir: string;
let database: TestDatabase | undefined;
const procs: Proc[] = [];
let nginx: Proc;
let api: APIRequestContext;
let adminToken: string;
let otherToken: string;
let textUrl: string;
let pngUrl: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureProxies();
  expect(existsSync(NGINX), 'nginx is needed (apt-get install nginx-light)').toBe(true);

  tmp = mkdtempSync(path.join(os.tmpdir(), 'inventree-proxy-'));
  chmodSync(tmp, 0o755);
  mediaRoot = path.join(tmp, 'media');
  runDir = path.join(tmp, 'nginx');
  mkdirSync(mediaRoot, { recursive: true });
  mkdirSync(runDir, { recursive: true });
  writeFileSync(path.join(tmp, 'secret.txt'), SECRET);

  database = await createTestDatabase({
    prefix: 'e2eproxy',
    embedded: {
      dir: path.join(root, '.data', 'e2e'),
      port: Number(process.env.EMBEDDED_E2E_PG_PORT ?? 54349),
    },
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    MEDIA_ROOT: mediaRoot,
    MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
    AUTH_SECRET: 'proxy-e2e-secret-0123456789abcdef',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    // npm puts node_modules/.bin first: `next`, `tsx` and `node` are the project's pinned ones.
    PATH: `${path.join(root, 'node_modules', '.bin')}:${process.env.PATH}`,
  };
  const seed = spawnSync(
    path.join(root, 'node_modules', '.bin', 'tsx'),
    ['scripts/user-create.ts', '--username', ADMIN.username, '--password', ADMIN.password, '--superuser'],
    { cwd: root, env, encoding: 'utf8' },
  );
  expect(seed.status, seed.stderr + seed.stdout).toBe(0);

  for (const port of WEB_PORTS) {
    procs.push(
      start(
        `web:${port}`,
        path.join(root, 'node_modules', '.bin', 'next'),
        ['start', '-H', '127.0.0.1', '-p', String(port)],
        {
          ...env,
          PORT: String(port),
        },
      ),
    );
  }
  // As scripts/serve.ts runs it: node with tsx's loader in one process, so SIGTERM reaches the
  // worker's own drain handler.
  const worker = start(
    'worker',
    path.join(root, 'node_modules', '.bin', 'node'),
    ['--import', 'tsx', 'worker.ts'],
    env,
  );
  procs.push(worker);

  renderDeploy({
    outDir: runDir,
    listen: PROXY_PORT,
    serverName: 'localhost',
    webPorts: WEB_PORTS,
    upstreamHost: '127.0.0.1',
    appRoot: root,
    mediaRoot,
    maxUploadMb: MAX_UPLOAD_MB,
    user: os.userInfo().username,
    group: os.userInfo().username,
    // Workers must read the 0640 files the app (root here) writes.
    nginxUser: process.getuid?.() === 0 ? 'root' : undefined,
  });
  nginx = start(
    'nginx',
    NGINX,
    [
      '-c',
      path.join(runDir, 'nginx-standalone.conf'),
      '-e',
      path.join(runDir, 'error.log'),
      '-g',
      'daemon off;',
    ],
    env,
  );
  procs.push(nginx);

  for (const [i, port] of WEB_PORTS.entries()) {
    await waitUntil(
      `next start on ${port}`,
      procs[i]!,
      async () => (await fetch(`http://127.0.0.1:${port}/api/`)).ok,
    );
  }
  await waitUntil('the worker', worker, async () => worker.output().includes('[worker] started'));
  await waitUntil('nginx', nginx, async () => (await fetch(`http://localhost:${PROXY_PORT}/api/`)).ok);

  api = await request.newContext({ baseURL: `http://localhost:${PROXY_PORT}` });
  const basic = (u: { username: string; password: string }) => ({
    Authorization: `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`,
  });
  adminToken = (await (await api.get('/api/user/me/token/?name=proxy', { headers: basic(ADMIN) })).json())
    .token;
  const me = await (
    await api.get('/api/user/me/', { headers: { Authorization: `Token ${adminToken}` } })
  ).json();
  const created = await api.post('/api/user/', {
    headers: { Authorization: `Token ${adminToken}` },
    data: { ...OTHER },
  });
  expect(created.status()).toBe(201);
  otherToken = (await (await api.get('/api/user/me/token/?name=proxy', { headers: basic(OTHER) })).json())
    .token;

  // The attachments are uploaded through the proxy: multipart streams through nginx to the app.
  const upload = async (name: string, mimeType: string, buffer: Buffer) => {
    const r = await api.post('/api/attachment/', {
      headers: { Authorization: `Token ${adminToken}` },
      multipart: { attachment: { name, mimeType, buffer }, model_type: 'user', model_id: String(me.pk) },
    });
    expect(r.status(), await r.text()).toBe(201);
    return (await r.json()).attachment as string;
  };
  textUrl = await upload('proxy notes.txt', 'text/plain', Buffer.from(content));
  pngUrl = await upload(
    'board.png',
    'image/png',
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
});

test.afterAll(async () => {
  await api?.dispose();
  // Proxy first, then the app processes and the worker: each by its PID, SIGTERM, then wait.
  for (const p of [...procs].reverse()) await p.stop();
  await database?.drop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const token = (t: string) => ({ Authorization: `Token ${t}` });

test('static build files are served by nginx itself, never by the app', async () => {
  const html = await (await api.get('/login')).text();
  const asset = /\/_next\/static\/[^"'\s]+\.(?:js|css)/.exec(html)?.[0];
  expect(asset, 'a /_next/static/ asset in the login page').toBeTruthy();
  const r = await api.get(asset!);
  expect(r.status()).toBe(200);
  const h = r.headers();
  expect(h.server).toMatch(/^nginx/);
  expect(h['x-served-by']).toBe('nginx');
  expect(h['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(h['x-powered-by']).toBeUndefined();
  expect(h['x-upstream']).toBeUndefined();
  expect(Object.keys(h).filter((k) => k.startsWith('x-nextjs') || k === 'vary')).toEqual([]);
  // nginx's access log names the upstream of every request: none for the asset.
  const line = readFileSync(path.join(runDir, 'access.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(`"GET ${asset} `))
    .pop();
  expect(line).toMatch(/ upstream=-$/);
  expect((await api.get('/_next/static/chunks/does-not-exist.js')).status()).toBe(404);
});

test('/api/ answers through the proxy, and requests reach both app processes', async () => {
  const seen = new Set<string>();
  for (let i = 0; i < 12; i++) {
    const r = await api.get('/api/');
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('application/json');
    expect((await r.json()).apiVersion).toBe(534);
    seen.add(r.headers()['x-upstream']!);
  }
  expect([...seen].sort()).toEqual(WEB_PORTS.map((p) => `127.0.0.1:${p}`));
});

test('media through nginx: 401 anonymous, 403 for another user, 200 with a token', async () => {
  const anon = await api.get(textUrl);
  expect(anon.status()).toBe(401);
  expect(anon.headers()['www-authenticate']).toBe('Token');
  expect(await anon.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  expect(await anon.text()).not.toContain(content.slice(0, 50));

  const other = await api.get(textUrl, { headers: token(otherToken) });
  expect(other.status()).toBe(403);

  const ok = await api.get(textUrl, { headers: token(adminToken) });
  expect(ok.status()).toBe(200);
  expect(await ok.text()).toBe(content);
  const h = ok.headers();
  expect(h.server).toMatch(/^nginx/);
  expect(h['x-upstream']).toBeUndefined();
  expect(h['content-type']).toMatch(/^text\/plain/);
  expect(h['content-disposition']).toBe('attachment');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['accept-ranges']).toBe('bytes');
  expect((await api.get(pngUrl, { headers: token(adminToken) })).headers()['content-disposition']).toBe(
    'inline',
  );
  expect((await api.get(`${textUrl}.missing`, { headers: token(adminToken) })).status()).toBe(404);
});

test('media through nginx: Range gives 206 with exactly 100 bytes; ETag revalidation gives 304', async () => {
  const r = await api.get(textUrl, { headers: { ...token(adminToken), Range: 'bytes=0-99' } });
  expect(r.status()).toBe(206);
  const body = await r.body();
  expect(body.length).toBe(100);
  expect(body.toString()).toBe(content.slice(0, 100));
  expect(r.headers()['content-range']).toBe(`bytes 0-99/${content.length}`);
  const full = await api.get(textUrl, { headers: token(adminToken) });
  const etag = full.headers().etag!;
  const again = await api.get(textUrl, { headers: { ...token(adminToken), 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  // The same ETag whether nginx or the app sends the file.
  const direct = await api.get(`http://127.0.0.1:${WEB_PORTS[0]}${textUrl}`, { headers: token(adminToken) });
  expect(direct.headers().etag).toBe(etag);
});

test('non-ASCII file names work the same through nginx and the app', async () => {
  const me = await (await api.get('/api/user/me/', { headers: token(adminToken) })).json();
  const r = await api.post('/api/attachment/', {
    headers: token(adminToken),
    multipart: {
      attachment: {
        name: 'Größe (Rev 2).pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4 x'),
      },
      model_type: 'user',
      model_id: String(me.pk),
    },
  });
  expect(r.status()).toBe(201);
  const url = (await r.json()).attachment as string;
  expect(url).toMatch(/\/Gr%C3%B6%C3%9Fe_Rev_2\.pdf$/);
  for (const base of [`http://localhost:${PROXY_PORT}`, `http://127.0.0.1:${WEB_PORTS[0]}`]) {
    const got = await api.get(`${base}${url}`, { headers: token(adminToken) });
    expect(got.status(), base).toBe(200);
    expect(await got.text()).toBe('%PDF-1.4 x');
    expect(got.headers()['content-type']).toBe('application/pdf');
    expect(got.headers()['content-disposition']).toMatch(/^inline/);
  }
});

test('the app’s own /media/ route streams ranges exactly too (no compression in the way)', async () => {
  const r = await api.get(`http://127.0.0.1:${WEB_PORTS[1]}${textUrl}`, {
    headers: { ...token(adminToken), Range: 'bytes=0-99', 'Accept-Encoding': 'gzip, br' },
  });
  expect(r.status()).toBe(206);
  expect(r.headers()['content-encoding']).toBeUndefined();
  expect((await r.body()).length).toBe(100);
});

test('path traversal through the proxy never reaches a file outside MEDIA_ROOT', async () => {
  const rel = path.relative(mediaRoot, path.join(tmp, 'secret.txt')); // ../secret.txt
  for (const p of [
    `/media/${rel}`,
    '/media/%2e%2e/secret.txt',
    '/media/..%2fsecret.txt',
    '/media/attachments/..%2f..%2fsecret.txt',
    '/media/%252e%252e/secret.txt',
    `/media/${textUrl.slice('/media/'.length)}%00.png`,
    `/media/..%5csecret.txt`,
    '/media//secret.txt',
  ]) {
    for (const port of [PROXY_PORT, WEB_PORTS[0]!]) {
      const r = await rawGet(port, p, token(adminToken));
      // Refused, or (Next on `//`) redirected to the normalised path inside /media/.
      expect(r.status, `${p} on ${port}`).toBeGreaterThanOrEqual(300);
      if (r.status < 400) expect(r.headers.location).toMatch(/^\/media\/[^.]/);
      expect(r.body).not.toContain(SECRET);
    }
  }
});

test('uploads stream through nginx: over MAX_UPLOAD_MB is the app’s 400, far over is nginx’s 413', async () => {
  const me = await (await api.get('/api/user/me/', { headers: token(adminToken) })).json();
  const post = (bytes: number) =>
    api.post('/api/attachment/', {
      headers: token(adminToken),
      multipart: {
        attachment: { name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(bytes, 1) },
        model_type: 'user',
        model_id: String(me.pk),
      },
    });
  const over = await post(MAX_UPLOAD_MB * 1048576 + 1);
  expect(over.status()).toBe(400);
  expect(await over.json()).toEqual({
    attachment: [`File size exceeds the maximum upload size of ${MAX_UPLOAD_MB} MB`],
  });
  const farOver = await post((MAX_UPLOAD_MB + 3) * 1048576);
  expect(farOver.status()).toBe(413);
  // Nothing half-written was left behind by either.
  const list = await (await api.get('/api/attachment/?is_file=true', { headers: token(adminToken) })).json();
  expect(
    list.map((a: { filename: string }) => a.filename).filter((f: string) => f.startsWith('big')),
  ).toEqual([]);
});

test('a job enqueued through the proxy runs in the worker', async () => {
  const sent = await api.post('/api/background-task/probe/', { headers: token(adminToken), data: {} });
  expect(sent.status()).toBe(201);
  const { task_id } = await sent.json();
  await expect
    .poll(
      async () =>
        (await (await api.get(`/api/background-task/${task_id}/`, { headers: token(adminToken) })).json())
          .complete,
      {
        timeout: 20_000,
      },
    )
    .toBe(true);
});

test.describe('the same through Caddy (deploy/Caddyfile)', () => {
  let caddy: Proc | undefined;
  let caddyApi: APIRequestContext;

  test.beforeAll(async () => {
    test.skip(!existsSync(CADDY), 'Caddy is not installed (apt-get install caddy)');
    const dir = path.join(tmp, 'caddy');
    renderDeploy({
      outDir: dir,
      listen: CADDY_PORT,
      serverName: 'localhost',
      webPorts: WEB_PORTS,
      upstreamHost: '127.0.0.1',
      appRoot: root,
      mediaRoot,
      maxUploadMb: MAX_UPLOAD_MB,
      user: os.userInfo().username,
      group: os.userInfo().username,
    });
    caddy = start(
      'caddy',
      CADDY,
      ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
      {
        ...process.env,
        HOME: dir,
        XDG_DATA_HOME: dir,
        XDG_CONFIG_HOME: dir,
      },
    );
    procs.push(caddy);
    await waitUntil('caddy', caddy, async () => (await fetch(`http://localhost:${CADDY_PORT}/api/`)).ok);
    caddyApi = await request.newContext({ baseURL: `http://localhost:${CADDY_PORT}` });
  });

  test.afterAll(async () => {
    await caddyApi?.dispose();
  });

  test('static from disk, media behind forward_auth with ranges, API to both processes', async () => {
    const html = await (await caddyApi.get('/login')).text();
    const asset = /\/_next\/static\/[^"'\s]+\.(?:js|css)/.exec(html)![0];
    const a = await caddyApi.get(asset);
    expect(a.status()).toBe(200);
    expect(a.headers()['x-served-by']).toBe('caddy');
    expect(a.headers()['x-upstream']).toBeUndefined();

    const anon = await caddyApi.get(textUrl);
    expect(anon.status()).toBe(401);
    expect(await anon.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
    expect((await caddyApi.get(textUrl, { headers: token(otherToken) })).status()).toBe(403);
    const ok = await caddyApi.get(textUrl, { headers: token(adminToken) });
    expect(ok.status()).toBe(200);
    expect(await ok.text()).toBe(content);
    expect(ok.headers()['content-disposition']).toBe('attachment');
    const part = await caddyApi.get(textUrl, { headers: { ...token(adminToken), Range: 'bytes=0-99' } });
    expect(part.status()).toBe(206);
    expect((await part.body()).length).toBe(100);
    for (const p of ['/media/%2e%2e/secret.txt', '/media/..%2fsecret.txt']) {
      const r = await rawGet(CADDY_PORT, p, token(adminToken));
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain(SECRET);
    }

    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) seen.add((await caddyApi.get('/api/')).headers()['x-upstream']!);
    expect([...seen].sort()).toEqual(WEB_PORTS.map((p) => `127.0.0.1:${p}`));
  });
});
