/**
 * `npm test`: typecheck, lint, unit + integration tests (vitest, real PostgreSQL), production build,
 * then Playwright e2e in Debian's Chromium (installed with apt when missing; never downloaded).
 * Uses TEST_DATABASE_URL / DATABASE_URL when set, else embedded PostgreSQL servers under .data/.
 * `--skip-e2e` stops after the integration tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib/bootstrap';

const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const results: { step: string; ok: boolean; seconds: number }[] = [];

function step(name: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n━━ ${name}: ${[path.basename(cmd), ...args].join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ step: name, ok, seconds: (Date.now() - t0) / 1000 });
  if (!ok) finish();
}

function ensureChromium(): void {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `Chromium is missing at ${chromium}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  step('install chromium', 'bash', [
    '-c',
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
  ]);
}

/** Debian packages the tests run for real: redis-server (cache tests start their own). */
function ensureDebianTools(): void {
  const missing = [['redis-server', '/usr/bin/redis-server']]
    .filter(([, p]) => !existsSync(p!))
    .map(([pkg]) => pkg!);
  if (!missing.length) return;
  if (process.getuid?.() !== 0) {
    console.error(`Missing Debian packages for the tests: ${missing.join(' ')} (apt-get install them).`);
    process.exit(1);
  }
  step(`install ${missing.join(' ')}`, 'bash', [
    '-c',
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')} >/dev/null`,
  ]);
}

function finish(): never {
  console.log('\n━━ summary');
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.step} (${r.seconds.toFixed(1)} s)`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

ensureDebianTools();
step('typecheck', bin('tsc'), ['--noEmit']);
step('lint', bin('biome'), ['check', '.']);
step('unit + integration', bin('vitest'), ['run']);
if (!process.argv.includes('--skip-e2e')) {
  ensureChromium();
  step('build', bin('next'), ['build']);
  step('e2e', bin('playwright'), ['test']);
  // The benchmark on tiny data (one scenario, one second) against the build above, so it cannot rot.
  step('bench smoke', bin('tsx'), ['bench/run.ts', '--smoke', '--port', '3190']);
}
finish();
