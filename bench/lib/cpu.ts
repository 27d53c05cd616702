/**
 * CPU time per request, beside latency: on two shared cores latency swings by tens of percent from
 * run to run, while the CPU a request costs the web process and PostgreSQL stays put. Read from
 * /proc (utime + stime) before and after a measured run; PostgreSQL is every process named
 * `postgres` on this machine (the server of DATABASE_URL, or the embedded one).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Measurement } from './types';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function ticks(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0; // gone in between
  }
}

function postgresTicks(): { ticks: number; processes: number } {
  let total = 0;
  let processes = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    processes++;
    total += ticks(pid);
  }
  return { ticks: total, processes };
}

export type CpuPerRequest = NonNullable<Measurement['cpu']>;

/**
 * Runs `fn` and adds its CPU milliseconds per sample: of `pid` (the web process) or, without one,
 * of this process (the baseline's client), and of PostgreSQL when it runs on this machine.
 */
export async function withCpu<T extends Measurement>(
  pid: number | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  const own = process.cpuUsage();
  const web0 = pid ? ticks(pid) : 0;
  const pg0 = postgresTicks();
  const m = await fn();
  const pg1 = postgresTicks();
  const n = Math.max(m.samples, 1);
  const per = (ms: number) => Math.round((ms / n) * 100) / 100;
  const cpu: CpuPerRequest = pid
    ? { web: per((ticks(pid) - web0) * TICK_MS) }
    : { client: per(Object.values(process.cpuUsage(own)).reduce((a, b) => a + b, 0) / 1000) };
  if (pg1.processes) cpu.pg = per((pg1.ticks - pg0.ticks) * TICK_MS);
  return { ...m, cpu };
}

export function cpuNote(m: Measurement | undefined): string {
  if (!m?.cpu) return '';
  const parts = [
    m.cpu.web !== undefined ? `web process ${m.cpu.web} ms` : '',
    m.cpu.client !== undefined ? `client ${m.cpu.client} ms` : '',
    m.cpu.pg !== undefined ? `PostgreSQL ${m.cpu.pg} ms` : '',
  ].filter(Boolean);
  return parts.join(', ');
}
