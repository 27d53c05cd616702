/**
 * A7 (media): `GET /media/<big file>` with an API token, straight from the app and through nginx's
 * auth-request mode (deploy/nginx.conf: nginx asks the app's /media-auth/, then sends the file
 * itself), against nginx serving the same file with no check at all (the baseline).
 *
 * The file is written into MEDIA_ROOT as an attachment of a part (its row inserted directly, so the
 * media check finds an owner); nginx is Debian's, run standalone with the project's rendered
 * config plus one bench-only location. Everything created is removed again, also on failure.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import postgres from 'postgres';
import { renderDeploy } from '../../scripts/render-deploy';
import { closedLoop, round } from '../lib/load';
import type { Measurement, ScenarioResult } from '../lib/types';

const NGINX = '/usr/sbin/nginx';
/** The baseline's location: the media root, no auth_request (added to the rendered copy only). */
const DIRECT_PREFIX = '/bench-direct-media/';
const MiB = 1024 * 1024;

export interface MediaBenchOptions {
  appUrl: string;
  appPorts: number[];
  token: string;
  databaseUrl: string;
  mediaRoot: string;
  staticDir: string;
  connections: number;
  seconds: number;
  fileMB: number;
  workDir: string;
  log: (line: string) => void;
  /** nginx's listen port (default: a free one). */
  nginxPort?: number;
  /** Runs of each variant; the median (by MB/s) is reported. Default 1. */
  rounds?: number;
}

/** Debian's nginx from apt when missing and we are root (as e2e/proxy.spec.ts does). */
function ensureNginx(log: (line: string) => void) {
  if (existsSync(NGINX)) return;
  if (process.getuid?.() !== 0) throw new Error(`${NGINX} is missing (apt-get install nginx-light)`);
  log('[A7] installing nginx-light');
  const r = spawnSync(
    'bash',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light'],
    { stdio: 'inherit' },
  );
  if (r.status !== 0 || !existsSync(NGINX)) throw new Error('could not install nginx-light');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** `size` bytes of incompressible data, written 1 MiB at a time. */
async function writeBigFile(file: string, size: number) {
  const block = randomBytes(MiB);
  const out = createWriteStream(file, { mode: 0o644 });
  for (let left = size; left > 0; left -= MiB) {
    if (!out.write(left >= MiB ? block : block.subarray(0, left)))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
}

/**
 * The project's nginx config rendered into `runDir` (as e2e/proxy.spec.ts does), plus the
 * baseline location inserted into the rendered server block.
 */
function renderNginx(o: MediaBenchOptions, runDir: string, port: number): string {
  const written = renderDeploy({
    outDir: runDir,
    listen: port,
    serverName: '_',
    webPorts: o.appPorts,
    upstreamHost: new URL(o.appUrl).hostname,
    // /_next/static/ is aliased to <appRoot>/.next/static/.
    appRoot: path.resolve(o.staticDir, '..', '..'),
    mediaRoot: o.mediaRoot,
    maxUploadMb: o.fileMB,
    user: os.userInfo().username,
    group: os.userInfo().username,
    // Workers must read files written by a root app (0640).
    nginxUser: process.getuid?.() === 0 ? 'root' : undefined,
  });
  const conf = written['inventree.conf']!;
  const text = readFileSync(conf, 'utf8');
  const anchor = '    location /media/ {';
  if (!text.includes(anchor)) throw new Error(`no "${anchor.trim()}" in ${conf}`);
  const baseline = [
    '    # BENCH ONLY (bench/scenarios/media.ts): the media root with no permission check.',
    `    location ${DIRECT_PREFIX} {`,
    `        alias ${o.mediaRoot.replace(/\/+$/, '')}/;`,
    '    }',
    '',
    '',
  ].join('\n');
  writeFileSync(conf, text.replace(anchor, baseline + anchor));
  return written['nginx-standalone.conf']!;
}

interface Nginx {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

function startNginx(standaloneConf: string, runDir: string): Nginx {
  const child = spawn(
    NGINX,
    ['-c', standaloneConf, '-e', path.join(runDir, 'error.log'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    async stop() {
      if (exited() || !child.pid) return;
      // SIGQUIT: graceful shutdown of the master and its workers.
      process.kill(child.pid, 'SIGQUIT');
      const timer = setTimeout(() => !exited() && process.kill(child.pid!, 'SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** The first 16 bytes as a range request: the status proves the route (and its auth) works. */
async function probe(url: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(url, { headers: { ...headers, Range: 'bytes=0-15' } });
  await res.arrayBuffer();
  return res.status;
}

async function waitFor(what: string, check: () => Promise<boolean>, alive: () => boolean, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`exited while waiting for ${what}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** One whole download by curl into /dev/null; resolves to its size, rejects unless 200 and `size` bytes. */
function curlGet(url: string, headers: Record<string, string>, size: number): Promise<number> {
  const args = ['-s', '--http1.1', '-o', '/dev/null', '-w', '%{http_code} %{size_download}'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  return new Promise((resolve, reject) => {
    execFile('curl', [...args, url], (err, out) => {
      if (err) return reject(err);
      const [status, bytes] = out.trim().split(' ').map(Number);
      if (status !== 200 || bytes !== size) return reject(new Error(`${url}: ${status}, ${bytes} bytes`));
      resolve(bytes);
    });
  });
}

/**
 * `connections` curl downloads back to back for `seconds` (closedLoop: each one started before the
 * end is finished and counted, over the real elapsed time). Not autocannon (httpLoad): its client
 * appends every response body to a JS string, which caps it near 50 MB/s and never finishes a
 * 100 MB response; and a C client leaves the two cores to the servers being measured.
 */
async function download(
  url: string,
  headers: Record<string, string>,
  size: number,
  connections: number,
  seconds: number,
): Promise<Measurement> {
  let bytes = 0;
  const t0 = performance.now();
  const { bytes: _unused, ...m } = await closedLoop(connections, seconds, async () => {
    const n = await curlGet(url, headers, size);
    // Counted here, not returned: `bytes += await task()` in closedLoop loses concurrent updates.
    bytes += n;
    return undefined;
  });
  const elapsed = (performance.now() - t0) / 1000;
  return { ...m, mbps: round(bytes / 1e6 / elapsed, 1) };
}

const median = (ms: Measurement[]) => {
  const sorted = [...ms].sort((a, b) => (a.mbps ?? 0) - (b.mbps ?? 0));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

export async function benchMedia(o: MediaBenchOptions): Promise<ScenarioResult[]> {
  ensureNginx(o.log);
  const size = Math.round(o.fileMB * MiB);
  const sql = postgres(o.databaseUrl, { max: 1, onnotice: () => {} });
  const runDir = path.join(o.workDir, 'nginx-media');
  let partId: number | undefined;
  let createdPart = false;
  let attachmentId: number | undefined;
  let file: string | undefined;
  let nginx: Nginx | undefined;
  try {
    const [part] = await sql<{ id: number }[]>`select id from parts order by id limit 1`;
    partId = part?.id;
    if (partId === undefined) {
      const [created] = await sql<{ id: number }[]>`
        insert into parts (name, description) values ('bench-media', 'A7 media bench (temporary)') returning id`;
      partId = created!.id;
      createdPart = true;
    }
    const rel = `attachments/part/${partId}/bench-media-${process.pid}-${Date.now()}.bin`;
    file = path.join(o.mediaRoot, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    o.log(`[A7] writing ${o.fileMB} MB to ${file}`);
    await writeBigFile(file, size);
    const [row] = await sql<{ id: number }[]>`
      insert into attachments (model_type, model_id, attachment, comment, file_size)
      values ('part', ${partId}, ${rel}, 'A7 media bench (temporary)', ${size}) returning id`;
    attachmentId = row!.id;

    mkdirSync(runDir, { recursive: true });
    // nginx workers (possibly another user) walk into runDir for temp files.
    chmodSync(runDir, 0o755);
    const port = o.nginxPort ?? (await freePort());
    const standalone = renderNginx(o, runDir, port);
    const test = spawnSync(NGINX, ['-t', '-c', standalone, '-e', path.join(runDir, 'error.log')], {
      encoding: 'utf8',
    });
    if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
    const n = startNginx(standalone, runDir);
    nginx = n;
    const alive = () => n.child.exitCode === null && n.child.signalCode === null;
    const nginxUrl = `http://127.0.0.1:${port}`;
    const mediaPath = `/media/${rel}`;
    const auth = { Authorization: `Token ${o.token}` };
    const variants = {
      'nginx-direct': { url: `${nginxUrl}${DIRECT_PREFIX}${rel}`, headers: {} },
      'A7 direct': { url: `${o.appUrl.replace(/\/+$/, '')}${mediaPath}`, headers: auth },
      'A7 nginx': { url: `${nginxUrl}${mediaPath}`, headers: auth },
    } as const;
    await waitFor('nginx', async () => (await probe(variants['nginx-direct'].url, {})) === 206, alive).catch(
      (err) => {
        throw new Error(`${err.message}\n${n.output()}`);
      },
    );
    for (const [name, v] of Object.entries(variants)) {
      const status = await probe(v.url, v.headers);
      if (status !== 206) throw new Error(`${name}: ${v.url} answered ${status}, expected 206`);
      // Unauthenticated, the protected routes must refuse (the bench measures the checked path).
      if (name !== 'nginx-direct' && (await probe(v.url, {})) !== 401)
        throw new Error(`${name}: ${v.url} served the file without a token`);
    }

    const runs: Record<keyof typeof variants, Measurement[]> = {
      'nginx-direct': [],
      'A7 direct': [],
      'A7 nginx': [],
    };
    const rounds = Math.max(1, o.rounds ?? 1);
    for (let r = 0; r < rounds; r++) {
      for (const name of Object.keys(variants) as (keyof typeof variants)[]) {
        const v = variants[name];
        const m = await download(v.url, v.headers, size, o.connections, o.seconds);
        runs[name].push(m);
        o.log(
          `[A7] ${name}${rounds > 1 ? ` #${r + 1}` : ''}: ${m.mbps} MB/s, ${m.samples} files, ${m.errors} errors`,
        );
      }
    }
    const base = median(runs['nginx-direct']);
    const baseline = { ...base, title: `nginx sendfile from MEDIA_ROOT (${DIRECT_PREFIX}, no auth)` };
    const notes = [
      `${o.fileMB} MB file, ${o.connections} connections, ${o.seconds} s${rounds > 1 ? `, median of ${rounds} rounds` : ''}`,
      'curl downloads in a closed loop; MB/s = bytes of complete 200 responses / elapsed (1 MB = 10^6 B)',
    ];
    const result = (id: 'A7 direct' | 'A7 nginx', title: string, budget: number): ScenarioResult => {
      const measured = median(runs[id]);
      const perRound = runs[id].map((m, i) => round((m.mbps ?? 0) / (runs['nginx-direct'][i]!.mbps || 1), 2));
      const ratio = base.mbps ? round((measured.mbps ?? 0) / base.mbps, 3) : undefined;
      return {
        id,
        title,
        measured,
        baseline,
        ratio,
        budgets: [
          {
            text: `≥ ${budget * 100} % of nginx direct`,
            pass: ratio !== undefined && ratio >= budget && measured.errors === 0,
          },
        ],
        notes: rounds > 1 ? [...notes, `ratio per round: ${perRound.join(', ')}`] : notes,
      };
    };
    return [
      result('A7 direct', 'GET /media/<file> from the app, Token auth', 0.8),
      result('A7 nginx', 'GET /media/<file> through nginx auth_request (app checks, nginx sends)', 0.95),
    ];
  } finally {
    await nginx?.stop().catch((err) => o.log(`[A7] stopping nginx: ${err}`));
    if (attachmentId !== undefined)
      await sql`delete from attachments where id = ${attachmentId}`.catch((err) =>
        o.log(`[A7] removing the attachment row: ${err}`),
      );
    if (createdPart && partId !== undefined)
      await sql`delete from parts where id = ${partId}`.catch(() => {});
    if (file) rmSync(file, { force: true });
    await sql.end();
  }
}
