/**
 * `npm run bench`: builds the app, starts it in production mode (`next start` + worker) against a
 * bench database of the chosen scale, warms up, measures each scenario at a fixed concurrency
 * with autocannon, and measures the baselines in the same run: the endpoint's own SQL through
 * postgres.js (A1–A4), a raw UPDATE + INSERT transaction loop (A5), nginx serving the file (A7).
 * Writes bench/results/<timestamp>.json and prints a markdown table. See bench/README.md.
 *
 *   npm run bench -- [--parts 100000] [--stock 1000000] [--connections 4] [--seconds 10]
 *                    [--warmup 3] [--curve] [--only A1,A3] [--no-build] [--fresh] [--smoke]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { type App, startApp } from './lib/app';
import { capture, captureOn, releaseDatabase, replay, type Statement } from './lib/capture';
import { cpuNote, withCpu } from './lib/cpu';
import { benchServer, dropBenchDb, ensureBenchDb, runChild, type Server } from './lib/data';
import { closedLoop, httpLoad, round } from './lib/load';
import type { Budget, Measurement, ScenarioResult } from './lib/types';

const { values: opt } = parseArgs({
  options: {
    parts: { type: 'string', default: '100000' },
    stock: { type: 'string', default: '1000000' },
    connections: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    curve: { type: 'boolean', default: false },
    only: { type: 'string' },
    build: { type: 'boolean', default: true },
    'no-build': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    port: { type: 'string', default: '3200' },
    out: { type: 'string' },
  },
});

const root = path.resolve(import.meta.dirname, '..');
const smoke = opt.smoke;
const scale = smoke ? { parts: 200, stock: 2000 } : { parts: Number(opt.parts), stock: Number(opt.stock) };
const connections = smoke ? 2 : Number(opt.connections);
const seconds = smoke ? 1 : Number(opt.seconds);
const warmup = smoke ? 0.5 : Number(opt.warmup);
const only = smoke ? new Set(['A1']) : opt.only ? new Set(opt.only.split(',').map((s) => s.trim())) : null;
const wanted = (id: string) => !only || only.has(id);
const build = opt.build && !opt['no-build'] && !smoke;
const port = Number(opt.port);
const log = (s: string) => console.log(`[bench] ${s}`);

const secret = 'bench-secret-0123456789abcdef0123456789';
const work = mkdtempSync(path.join(os.tmpdir(), 'inventree-bench-'));
const mediaRoot = path.join(work, 'media');
mkdirSync(mediaRoot, { recursive: true });

// The harness runs the real handlers in-process to capture their SQL: it never uses Redis.
delete process.env.REDIS_URL;
process.env.AUTH_SECRET = secret;
process.env.MEDIA_ROOT = mediaRoot;
process.env.LOG_LEVEL ??= 'warn';

// ---------------------------------------------------------------------------------------------

interface Env {
  url: string;
  sql: postgres.Sql;
  token: string;
  cookie: string;
  deepLocation: number;
  siteLocation: number;
  locationNotes: Record<string, string>;
  partIds: number[];
  addItems: number[];
  stockCount: number;
}

function label(n: number) {
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
}

/** A superuser with a token and a UI session, and the ids the scenarios address. */
async function prepare(url: string): Promise<Env> {
  const { SESSION_SETTINGS } = await import('@/db/client');
  const sql = postgres(url, {
    max: connections,
    onnotice: () => {},
    connection: SESSION_SETTINGS, // as the app's client
  });
  const { systemCtx } = await import('@/server/context');
  const { createUser } = await import('@/server/users');
  const { issueToken } = await import('@/server/users/tokens');
  const { loadPrincipal } = await import('@/server/auth/principal');
  const { db } = await import('@/db/client');
  const username = 'bench-admin';
  const [existing] = await sql<{ id: number }[]>`select id from users where username = ${username}`;
  const userId =
    existing?.id ??
    ((
      await createUser(systemCtx(), {
        username,
        password: 'bench-password',
        is_superuser: true,
        is_staff: true,
        email: 'bench@example.com',
      })
    ).pk as number);
  const actor = (await loadPrincipal(db, userId, 'token'))!;
  const token = (await issueToken({ actor, db }, `bench ${Date.now()}`, {})).token;
  const cookie = await signIn(username, 'bench-password');
  // A3's location: the deepest one with sublocations whose subtree still holds ≥ 100 items, so
  // every scale answers a full page of 50 (a room at 1M items, a building at 10k).
  const [deep] = await sql<{ id: number; pathstring: string; n: number }[]>`
    with per_location as (select location_id, count(*) as n from stock_items group by location_id),
    subtree as (
      select a.id, sum(pl.n) as n
      from per_location pl join stock_locations d on d.id = pl.location_id
      cross join unnest(d.tree_ids) as a(id) group by a.id)
    select l.id, l.pathstring, s.n::int as n from stock_locations l join subtree s on s.id = l.id
    where s.n >= 100 and exists (select 1 from stock_locations c where c.parent_id = l.id)
    order by l.level desc, l.id limit 1`;
  const [site] = await sql<{ id: number; pathstring: string; n: number }[]>`
    select l.id, l.pathstring,
      (select count(*)::int from stock_items i join stock_locations d on d.id = i.location_id
       where d.tree_ids @> array[l.id]) as n
    from stock_locations l where l.level = 0 and l.name like 'Site %' order by l.id limit 1`;
  const parts = await sql<{ id: number }[]>`select id from parts order by id limit 200`;
  const items = await sql<{ id: number }[]>`
    select id from stock_items where serial is null and in_stock order by id limit 5000`;
  const [n] = await sql<{ n: number }[]>`select count(*)::int as n from stock_items`;
  return {
    url,
    sql,
    token,
    cookie,
    deepLocation: deep!.id,
    siteLocation: site!.id,
    locationNotes: {
      A3: `location "${deep!.pathstring}" (${deep!.n} items in its subtree)`,
      'A3 site': `location "${site!.pathstring}" (${site!.n} items in its subtree)`,
    },
    partIds: parts.map((p) => p.id),
    addItems: items.map((i) => i.id),
    stockCount: n!.n,
  };
}

/** Signs in through Auth.js like a browser: CSRF token, credentials callback, session cookie. */
async function signIn(username: string, password: string): Promise<string> {
  const base = app!.url;
  const csrf = await fetch(`${base}/auth/csrf`);
  const jar = new Map<string, string>();
  const keep = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const r = await fetch(`${base}/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(), origin: base },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` }),
  });
  keep(r);
  if (![...jar.keys()].some((k) => k.includes('session-token')))
    throw new Error(`sign-in failed: ${r.status} ${await r.text()}`);
  return cookieHeader();
}

interface ReadScenario {
  id: string;
  title: string;
  paths: string[];
  budgets: (m: Measurement, ratio: number | undefined) => Budget[];
}

const ratioBudget = (ratio: number | undefined): Budget => ({
  text: 'p50 ≤ 1.5× raw SQL',
  pass: ratio !== undefined && ratio <= 1.5,
});

function readList(env: Env, which: 'all' | 'curve'): ReadScenario[] {
  const terms = ['Resistor', 'bolt', 'P-0012', 'ceramic 0603', 'Sensor 00421'];
  const a3 = (loc: number) =>
    `/api/stock/?limit=50&location=${loc}&cascade=true&part_detail=true&location_detail=true`;
  const list: ReadScenario[] = [
    {
      id: 'A1',
      title: 'GET /api/part/?limit=50&search=<term>',
      paths: terms.map((t) => `/api/part/?limit=50&search=${encodeURIComponent(t)}`),
      budgets: (_m, r) => [ratioBudget(r)],
    },
    {
      id: 'A2',
      title: 'GET /api/part/?limit=500&category_detail=true',
      paths: ['/api/part/?limit=500&category_detail=true'],
      budgets: (m, r) => [ratioBudget(r), { text: 'p50 ≤ 90 ms', pass: (m.p50 ?? Infinity) <= 90 }],
    },
    {
      id: 'A3',
      title: 'GET /api/stock/?limit=50&location=<deep>&cascade=true&part_detail&location_detail',
      paths: [a3(env.deepLocation)],
      budgets: (_m, r) => [ratioBudget(r)],
    },
    {
      id: 'A3 site',
      title: 'A3 for a site (1/10 of all stock below it)',
      paths: [a3(env.siteLocation)],
      budgets: (_m, r) => [ratioBudget(r)],
    },
    {
      id: 'A4 categories',
      title: 'GET /api/part/category/tree/',
      paths: ['/api/part/category/tree/'],
      budgets: (_m, r) => [ratioBudget(r)],
    },
    {
      id: 'A4 locations',
      title: 'GET /api/stock/location/tree/',
      paths: ['/api/stock/location/tree/'],
      budgets: (_m, r) => [ratioBudget(r)],
    },
  ];
  return list.filter(
    (s) => (which === 'all' || s.id === 'A1' || s.id === 'A3') && wanted(s.id.split(' ')[0]!),
  );
}

async function readScenarios(env: Env, suffix: string, which: 'all' | 'curve'): Promise<ScenarioResult[]> {
  const { api } = await import('@/tests/api');
  const out: ScenarioResult[] = [];
  for (const s of readList(env, which)) {
    const id = `${s.id}${suffix}`;
    // The endpoint's SQL, captured on a warm process (second call), one list per path.
    const captured: Statement[][] = [];
    for (const p of s.paths) {
      // Twice first: the first call records the token's last_seen and invalidates its cache entry.
      await api('GET', p, { token: env.token });
      const first = await api('GET', p, { token: env.token });
      if (first.status !== 200)
        throw new Error(`${id}: ${p} answered ${first.status}: ${JSON.stringify(first.body)}`);
      const statements = await capture(() => api('GET', p, { token: env.token }));
      if (process.env.BENCH_SHOW_SQL)
        for (const st of statements) log(`${id} SQL: ${st.query.replace(/\s+/g, ' ').slice(0, 400)}`);
      captured.push(statements);
    }
    let i = 0;
    const next = () => ({ path: s.paths[i++ % s.paths.length]! });
    const headers = { authorization: `Token ${env.token}` };
    log(`${id}: warming up`);
    await httpLoad({ url: app!.url, connections, seconds: warmup, headers, next });
    const measured = await withCpu(app!.web.child.pid, () =>
      httpLoad({ url: app!.url, connections, seconds, headers, next }),
    );
    let j = 0;
    await closedLoop(connections, warmup, () => replay(env.sql, captured[j++ % captured.length]!));
    const raw = await withCpu(undefined, () =>
      closedLoop(connections, seconds, () => replay(env.sql, captured[j++ % captured.length]!)),
    );
    const ratio = raw.p50 ? round(measured.p50! / raw.p50, 2) : undefined;
    const statements = captured.map((c) => c.length).join('/');
    out.push({
      id,
      title: s.title,
      measured,
      baseline: { ...stripBytes(raw), title: `its SQL via postgres.js (${statements} statements)` },
      ratio,
      budgets: s.budgets(measured, ratio),
      notes: [env.locationNotes[s.id], cpuNotes(measured, raw)].filter((n): n is string => !!n),
    });
    log(`${id}: p50 ${measured.p50} ms (raw SQL ${raw.p50} ms, ×${ratio}), ${measured.rps} req/s`);
  }
  return out;
}

/** The CPU each request cost, and each replay of its baseline, as a note under the table. */
function cpuNotes(measured: Measurement, baseline: Measurement): string {
  return `CPU per request: ${cpuNote(measured)}; per baseline run: ${cpuNote(baseline)}`;
}

function stripBytes(m: Measurement & { bytes?: number }): Measurement {
  const { bytes: _b, ...rest } = m;
  return rest;
}

/** A3's p50 must stay within 1.2× from the smallest to the largest scale. */
function flatness(curve: Record<string, ScenarioResult>): ScenarioResult[] {
  const out: ScenarioResult[] = [];
  for (const base of ['A1', 'A3']) {
    const small = curve[`${base}@10k`];
    const large = curve[`${base}@1M`];
    if (!small || !large) continue;
    const ratio = round(large.measured.p50! / small.measured.p50!, 2);
    out.push({
      id: `${base} curve`,
      title: `${base} p50 at 1M stock items ÷ p50 at 10k`,
      measured: { p50: large.measured.p50, errors: 0, samples: large.measured.samples },
      baseline: { ...small.measured, title: `${base}@10k` },
      ratio,
      budgets: base === 'A3' ? [{ text: 'flat within 1.2× (10k → 1M)', pass: ratio <= 1.2 }] : [],
    });
  }
  return out;
}

async function writeScenarios(env: Env, a: App): Promise<ScenarioResult[]> {
  const out: ScenarioResult[] = [];
  if (wanted('A5') && env.addItems.length) out.push(await stockAdd(env, a));
  if (wanted('A6')) out.push(await partPage(env, a));
  if (wanted('A7')) {
    const { benchMedia } = await import('./scenarios/media');
    out.push(
      ...(await benchMedia({
        appUrl: a.url,
        appPorts: [a.port],
        token: env.token,
        databaseUrl: env.url,
        mediaRoot,
        staticDir: path.join(root, '.next', 'static'),
        connections,
        seconds,
        fileMB: 100,
        workDir: path.join(work, 'media-bench'),
        log,
      })),
    );
  }
  if (wanted('A8')) {
    // The scenario starts its own workers: the app's worker would take jobs from them.
    await a.stopWorker();
    const { benchWorker } = await import('./scenarios/worker');
    out.push(...(await benchWorker({ databaseUrl: env.url, jobs: 10_000, log })));
  }
  return out;
}

/** A5: adjustments per second through the API (each writes its ledger row) vs. a raw transaction loop. */
async function stockAdd(env: Env, a: App): Promise<ScenarioResult> {
  const pick = () => env.addItems[Math.floor(Math.random() * env.addItems.length)]!;
  const headers = { authorization: `Token ${env.token}`, 'content-type': 'application/json' };
  const next = () => ({
    path: '/api/stock/add/',
    body: JSON.stringify({ items: [{ pk: pick(), quantity: '1' }], notes: 'bench' }),
  });
  log('A5: warming up');
  await httpLoad({ url: a.url, connections, seconds: warmup, method: 'POST', headers, next });
  const ledger = async () =>
    (
      await env.sql<{ n: number }[]>`select count(*)::int as n from stock_item_tracking where notes = 'bench'`
    )[0]!.n;
  const before = await ledger();
  const measured = await withCpu(a.web.child.pid, () =>
    httpLoad({ url: a.url, connections, seconds, method: 'POST', headers, next }),
  );
  const after = await ledger();
  const rawTx = () =>
    env.sql
      .begin(async (tx) => {
        const id = pick();
        const [row] = await tx<{ part_id: number; quantity: string }[]>`
          update stock_items set quantity = quantity + 1, updated = now() where id = ${id}
          returning part_id, quantity`;
        await tx`insert into stock_item_tracking (item_id, part_id, tracking_type, notes, deltas)
                 values (${id}, ${row!.part_id}, 11, 'bench-raw', ${tx.json({ added: '1', quantity: row!.quantity })})`;
      })
      .then(() => undefined);
  await closedLoop(connections, warmup, rawTx);
  const raw = await withCpu(undefined, () => closedLoop(connections, seconds, rawTx));
  const ratio = raw.rps ? round(measured.rps! / raw.rps, 2) : undefined;
  log(`A5: ${measured.rps} adjustments/s (raw transactions ${raw.rps}/s, ${ratio})`);
  return {
    id: 'A5',
    title: 'POST /api/stock/add/ on random items (with ledger rows)',
    measured,
    baseline: { ...stripBytes(raw), title: 'raw UPDATE + INSERT transaction via postgres.js' },
    ratio,
    budgets: [{ text: '≥ 50 % of the raw transaction rate', pass: ratio !== undefined && ratio >= 0.5 }],
    notes: [
      `ledger rows written during the measured run: ${after - before} (responses: ${measured.samples})`,
      cpuNotes(measured, raw),
    ],
  };
}

/** A6: time to first byte of a server-rendered part page, signed in with a session cookie. */
async function partPage(env: Env, a: App): Promise<ScenarioResult> {
  let i = 0;
  const ttfb = () =>
    new Promise<undefined>((resolve, reject) => {
      const id = env.partIds[i++ % env.partIds.length]!;
      const req = http.get(`${a.url}/part/${id}/`, { headers: { cookie: env.cookie } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          return reject(new Error(`status ${res.statusCode}`));
        }
        res.once('data', () => {
          resolve(undefined);
          res.resume();
        });
      });
      req.once('error', reject);
    });
  const first = await new Promise<number>((resolve) =>
    http.get(`${a.url}/part/${env.partIds[0]}/`, { headers: { cookie: env.cookie } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }),
  );
  if (first !== 200) throw new Error(`A6: the part page answered ${first} (is the session cookie accepted?)`);
  log('A6: warming up');
  await closedLoop(connections, warmup, ttfb);
  const m = stripBytes(await withCpu(a.web.child.pid, () => closedLoop(connections, seconds, ttfb)));
  log(`A6: TTFB p50 ${m.p50} ms`);
  return {
    id: 'A6',
    title: 'server-rendered part page /part/<id>/ (time to first byte)',
    measured: m,
    budgets: [{ text: 'p50 ≤ 50 ms', pass: (m.p50 ?? Infinity) <= 50 }],
    notes: [`CPU per page: ${cpuNote(m)}`],
  };
}

function fmt(n: number | undefined, unit = '') {
  return n === undefined || Number.isNaN(n) ? '–' : `${n}${unit}`;
}

function report(rs: ScenarioResult[]) {
  const meta = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    },
    node: process.version,
    scale,
    connections,
    seconds,
    curve: opt.curve,
  };
  const dir =
    opt.out ??
    (smoke ? path.join(os.tmpdir(), 'inventree-bench-smoke') : path.join(root, 'bench', 'results'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${meta.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ meta, results: rs }, null, 2)}\n`);
  const lines = [
    `Bench ${meta.date} · ${meta.machine.cpus} cores · ${scale.parts} parts / ${scale.stock} stock items · ${connections} connections × ${seconds} s`,
    '',
    '| scenario | p50 | p95 | p99 | req/s | MB/s | errors | baseline | baseline p50 / rate | ratio | budget |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rs) {
    const m = r.measured;
    const b = r.baseline;
    const bFig = b
      ? b.mbps
        ? `${b.mbps} MB/s`
        : b.p50 !== undefined && r.id !== 'A5'
          ? `${b.p50} ms`
          : `${b.rps}/s`
      : '–';
    const budget = r.budgets.map((x) => `${x.pass ? '✅' : '❌'} ${x.text}`).join('; ') || '–';
    lines.push(
      `| ${r.id} | ${fmt(m.p50, ' ms')} | ${fmt(m.p95, ' ms')} | ${fmt(m.p99, ' ms')} | ${fmt(m.rps)} | ${fmt(m.mbps)} | ${m.errors} | ${b?.title ?? '–'} | ${bFig} | ${fmt(r.ratio, '×')} | ${budget} |`,
    );
  }
  const notes = rs.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.id}: ${n}`));
  console.log(
    `\n${lines.join('\n')}\n${notes.length ? `\n${notes.join('\n')}\n` : ''}\nresults: ${path.relative(process.cwd(), file)}`,
  );
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root }).toString().trim();
  } catch {
    return null;
  }
}

let app: App | null = null;

async function main() {
  const results: ScenarioResult[] = [];
  let server: Server | null = null;

  try {
    server = await benchServer();
    if (build) {
      log('building (next build) …');
      await runChild(path.join(root, 'node_modules', '.bin', 'next'), ['build'], {
        NEXT_TELEMETRY_DISABLED: '1',
      });
    }
    const scales = opt.curve
      ? [10_000, 100_000, 1_000_000].map((stock) => ({ parts: scale.parts, stock }))
      : [scale];
    // The main scale runs last in a curve so the app is left on it for A5–A8.
    const ordered = opt.curve ? [...scales.filter((s) => s.stock !== scale.stock), scale] : scales;
    const curve: Record<string, ScenarioResult> = {};
    for (const s of ordered) {
      const url = await ensureBenchDb(server, s, { fresh: opt.fresh, log });
      await app?.stop();
      app = await startApp({ databaseUrl: url, port, mediaRoot, secret, worker: true });
      log(`app up on ${app.url} (${label(s.stock)} stock items)`);
      await captureOn(url);
      const env = await prepare(url);
      const isMain = s.stock === scale.stock;
      const suffix = opt.curve ? `@${label(s.stock)}` : '';
      for (const r of await readScenarios(env, suffix, isMain || !opt.curve ? 'all' : 'curve')) {
        results.push(r);
        if (opt.curve) curve[r.id] = r;
      }
      if (isMain && !smoke) results.push(...(await writeScenarios(env, app)));
      await env.sql.end();
      if (smoke) await dropBenchDb(server, s);
    }
    if (opt.curve) results.push(...flatness(curve));
  } finally {
    await app?.stop();
    await releaseDatabase();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  }

  report(results);
  const failed = results.filter((r) => r.measured.errors > 0);
  if (smoke && (failed.length || !results.length)) {
    console.error('[bench] smoke failed: errors or no results');
    process.exit(1);
  }
  process.exit(0);
}

await main();
