/**
 * Renders the configuration templates in deploy/ for one machine: every `@@NAME@@` placeholder is
 * replaced (a placeholder left without a value is an error), and the results are written to --out.
 *
 *   npx tsx scripts/render-deploy.ts --out /tmp/inventree-deploy \
 *     [--listen 80] [--server-name inventory.example.com] [--web-ports 3000,3001 | --upstreams web1:3000,web2:3000] \
 *     [--media-root /srv/inventree/media] [--user inventree] [--group inventree]
 *
 * Defaults come from the environment / .env (PORT, WEB_PROCESSES, MEDIA_ROOT, MAX_UPLOAD_MB) and
 * this checkout's location. The e2e test (e2e/proxy.spec.ts) renders through `renderDeploy` too.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const projectRoot = path.resolve(import.meta.dirname, '..');
const deployDir = path.join(projectRoot, 'deploy');

export interface DeployOptions {
  /** Where the rendered files go (also the standalone nginx's pid/log/temp directory unless runDir says otherwise). */
  outDir: string;
  /** nginx `listen` / the Caddy site's port. */
  listen: number;
  serverName: string;
  /** Ports of the `next start` processes (on `upstreamHost`). */
  webPorts: number[];
  upstreamHost: string;
  /** `host:port` of each `next start` process, when they are not all on one host (containers). */
  upstreams?: string[];
  appRoot: string;
  mediaRoot: string;
  maxUploadMb: number;
  user: string;
  group: string;
  runDir?: string;
  mimeTypes?: string;
  /** `user x;` for the standalone nginx (only meaningful when its master runs as root). */
  nginxUser?: string;
}

/** Replaces `@@NAME@@` placeholders; throws when one has no value. */
export function renderTemplate(template: string, vars: Record<string, string>): string {
  const missing = new Set<string>();
  const out = template.replace(/@@([A-Z0-9_]+)@@/g, (_m, name: string) => {
    if (!(name in vars)) missing.add(name);
    return vars[name] ?? '';
  });
  if (missing.size) throw new Error(`no value for ${[...missing].join(', ')}`);
  return out;
}

/** The files deploy/ holds, and the names they are rendered to. */
const FILES: [template: string, output: string][] = [
  ['nginx.conf', 'inventree.conf'],
  ['nginx-standalone.conf', 'nginx-standalone.conf'],
  ['Caddyfile', 'Caddyfile'],
  ['systemd/inventree-web@.service', 'inventree-web@.service'],
  ['systemd/inventree-worker.service', 'inventree-worker.service'],
];

/** Renders every template into `opts.outDir`; returns the written paths by output name. */
export function renderDeploy(opts: DeployOptions): Record<string, string> {
  const runDir = opts.runDir ?? opts.outDir;
  const upstreams = opts.upstreams ?? opts.webPorts.map((p) => `${opts.upstreamHost}:${p}`);
  const vars: Record<string, string> = {
    APP_ROOT: opts.appRoot,
    MEDIA_ROOT: opts.mediaRoot.replace(/\/+$/, ''),
    LISTEN: String(opts.listen),
    SERVER_NAME: opts.serverName,
    // Caddy: a name on 443 gets automatic HTTPS; anything else is plain HTTP on that port.
    SITE_ADDRESS:
      opts.listen === 443 && opts.serverName !== '_'
        ? opts.serverName
        : `http://${opts.serverName === '_' ? '' : opts.serverName}:${opts.listen}`,
    UPSTREAM_SERVERS: upstreams.map((u) => `    server ${u};`).join('\n'),
    UPSTREAMS: upstreams.join(' '),
    CLIENT_MAX_BODY_MB: String(Math.ceil(opts.maxUploadMb) + 1),
    RUN_DIR: runDir,
    MIME_TYPES: opts.mimeTypes ?? '/etc/nginx/mime.types',
    USER_DIRECTIVE: opts.nginxUser ? `user ${opts.nginxUser};` : '',
    USER: opts.user,
    GROUP: opts.group,
  };
  mkdirSync(opts.outDir, { recursive: true });
  const written: Record<string, string> = {};
  for (const [template, output] of FILES) {
    const file = path.join(opts.outDir, output);
    writeFileSync(file, renderTemplate(readFileSync(path.join(deployDir, template), 'utf8'), vars));
    written[output] = file;
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const envFile = path.join(projectRoot, '.env');
  try {
    process.loadEnvFile(envFile);
  } catch {
    // No .env: defaults.
  }
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      listen: { type: 'string', default: '80' },
      'server-name': { type: 'string', default: '_' },
      'web-ports': { type: 'string' },
      'upstream-host': { type: 'string', default: '127.0.0.1' },
      upstreams: { type: 'string' },
      'app-root': { type: 'string', default: projectRoot },
      'media-root': { type: 'string' },
      'max-upload-mb': { type: 'string' },
      user: { type: 'string', default: os.userInfo().username },
      group: { type: 'string' },
      'run-dir': { type: 'string' },
      'mime-types': { type: 'string' },
    },
  });
  if (!values.out) {
    console.error(
      'usage: npx tsx scripts/render-deploy.ts --out DIR [options]  (see the header of this file)',
    );
    process.exit(2);
  }
  const port = Number(process.env.PORT ?? 3000);
  const count = Number(process.env.WEB_PROCESSES ?? 2);
  const webPorts = values['web-ports']
    ? values['web-ports'].split(',').map(Number)
    : Array.from({ length: Math.max(count, 1) }, (_v, i) => port + i);
  const dataDir = path.resolve(projectRoot, process.env.DATA_DIR ?? '.data');
  const written = renderDeploy({
    outDir: path.resolve(values.out),
    listen: Number(values.listen),
    serverName: values['server-name']!,
    webPorts,
    upstreamHost: values['upstream-host']!,
    upstreams: values.upstreams?.split(','),
    appRoot: path.resolve(values['app-root']!),
    mediaRoot: path.resolve(values['media-root'] ?? process.env.MEDIA_ROOT ?? path.join(dataDir, 'media')),
    maxUploadMb: Number(values['max-upload-mb'] ?? process.env.MAX_UPLOAD_MB ?? 100),
    user: values.user!,
    group: values.group ?? values.user!,
    runDir: values['run-dir'] ? path.resolve(values['run-dir']) : undefined,
    mimeTypes: values['mime-types'],
  });
  for (const file of Object.values(written)) console.log(`wrote ${file}`);
}
