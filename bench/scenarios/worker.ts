/**
 * A8 worker: queue throughput and pickup latency of real worker processes (worker.ts) on pg-boss.
 * Drain: N idle workers, one bulk insert of `jobs` no-op jobs (one commit, one NOTIFY), time until
 * pg-boss's job table shows every one finished. Latency: single jobs sent one at a time while the
 * workers idle; started_on − created_on from the job table (both stamped by the database's clock).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { PgBoss } from 'pg-boss';
import postgres from 'postgres';
import { BOSS_SCHEMA } from '@/jobs/boss';
import { noop } from '@/jobs/definitions';
import { type Proc, startWorker } from '@/tests/processes';
import { percentile, round } from '../lib/load';
import type { ScenarioResult } from '../lib/types';

const MIN_JOBS_PER_SECOND = 1000;
const MAX_P50_MS = 100;

export async function benchWorker(o: {
  databaseUrl: string;
  jobs: number;
  latencySamples?: number;
  log: (line: string) => void;
}): Promise<ScenarioResult[]> {
  const samples = o.latencySamples ?? 200;
  const sql = postgres(o.databaseUrl, { max: 2, onnotice: () => {} });
  const jobTable = sql(`${BOSS_SCHEMA}.job`);
  const boss = new PgBoss({
    connectionString: o.databaseUrl,
    schema: BOSS_SCHEMA,
    max: 2,
    supervise: false,
    schedule: false,
    migrate: false,
  });
  boss.on('error', (err) => o.log(`A8: pg-boss client error: ${err.message}`));
  await boss.start();
  const workers: Proc[] = [];
  const results: ScenarioResult[] = [];

  /** Finished (completed / failed or cancelled) jobs of one run, by state. */
  async function tally(run: string) {
    const [row] = await sql<{ done: number; failed: number }[]>`
      select count(*) filter (where state = 'completed')::int as done,
             count(*) filter (where state in ('failed', 'cancelled'))::int as failed
      from ${jobTable} where name = ${noop.name} and data->>'run' = ${run}`;
    return row!;
  }

  async function waitFinished(run: string, total: number, timeoutMs: number) {
    const t0 = performance.now();
    for (;;) {
      const t = await tally(run);
      const elapsed = performance.now() - t0;
      if (t.done + t.failed >= total || elapsed > timeoutMs) return { ...t, ms: elapsed };
      await sleep(50);
    }
  }

  async function drain(n: number): Promise<ScenarioResult> {
    // Earlier runs' rows only slow the fetch index down; they are ours to drop.
    await sql`delete from ${jobTable} where name = ${noop.name}`;
    const run = `drain${n}-${Date.now()}`;
    const batch = Array.from({ length: o.jobs }, () => ({ data: { run } }));
    const e0 = performance.now();
    // One statement: the jobs become visible (and the NOTIFY fires) at one commit.
    await boss.insert(noop.name, batch);
    const enqueueMs = performance.now() - e0;
    // Generous ceiling: 20 jobs/s would already be a 50× miss.
    const t = await waitFinished(run, o.jobs, Math.max(60_000, (o.jobs / 20) * 1000));
    const unfinished = o.jobs - t.done - t.failed;
    const [span] = await sql<{ s: number | null }[]>`
      select extract(epoch from max(completed_on) - min(started_on))::float8 as s
      from ${jobTable} where name = ${noop.name} and data->>'run' = ${run}`;
    const rps = round((t.done + t.failed) / (t.ms / 1000));
    o.log(
      `A8 drain×${n}: ${t.done} done, ${t.failed} failed, ${unfinished} unfinished in ${round(t.ms / 1000)} s ` +
        `= ${rps} jobs/s (bulk enqueue ${Math.round(enqueueMs)} ms)`,
    );
    return {
      id: `A8 drain×${n}`,
      title: `Worker: drain ${o.jobs.toLocaleString('en')} no-op jobs, ${n} worker process${n > 1 ? 'es' : ''}`,
      measured: { rps, errors: t.failed + unfinished, samples: o.jobs },
      budgets: [{ text: '≥ 1,000 jobs/s', pass: unfinished === 0 && rps >= MIN_JOBS_PER_SECOND }],
      notes: [
        `bulk enqueue (one insert of ${o.jobs}) took ${Math.round(enqueueMs)} ms, not counted`,
        `first start → last completion in the job table: ${span?.s == null ? 'n/a' : `${round(span.s)} s`}`,
        ...(unfinished ? [`timed out with ${unfinished} jobs unfinished (counted as errors)`] : []),
      ],
    };
  }

  async function latency(n: number, id: string): Promise<ScenarioResult> {
    const run = `latency${n}-${Date.now()}`;
    // Let the workers settle into idle polling first.
    await sleep(1500);
    for (let i = 0; i < samples; i++) {
      await boss.send(noop.name, { run });
      await sleep(20 + Math.random() * 30);
    }
    const t = await waitFinished(run, samples, 60_000);
    const rows = await sql<{ ms: number }[]>`
      select extract(epoch from started_on - created_on)::float8 * 1000 as ms
      from ${jobTable} where name = ${noop.name} and data->>'run' = ${run} and started_on is not null`;
    const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
    const unfinished = samples - t.done - t.failed;
    const m = {
      p50: round(percentile(ms, 50)),
      p95: round(percentile(ms, 95)),
      p99: round(percentile(ms, 99)),
      errors: t.failed + unfinished,
      samples: ms.length,
    };
    o.log(`${id}: enqueue → start p50 ${m.p50} ms, p95 ${m.p95} ms, p99 ${m.p99} ms (${ms.length} jobs)`);
    return {
      id,
      title: `Worker: enqueue → start latency of single jobs, ${n} idle worker process${n > 1 ? 'es' : ''}`,
      measured: m,
      budgets: [{ text: 'p50 ≤ 100 ms', pass: m.errors === 0 && m.p50 <= MAX_P50_MS }],
      notes: [`${samples} jobs sent one at a time, 20–50 ms apart; started_on − created_on (database clock)`],
    };
  }

  try {
    o.log('A8: starting 1 worker');
    workers.push(await startWorker({ DATABASE_URL: o.databaseUrl }));
    // The latency run (200 single jobs) doubles as the worker's warm-up before the drain.
    results.push(await latency(1, 'A8 latency'));
    results.push(await drain(1));
    o.log('A8: starting a 2nd worker');
    workers.push(await startWorker({ DATABASE_URL: o.databaseUrl }));
    await sleep(1000);
    results.push(await drain(2));
    results.push(await latency(2, 'A8 latency×2'));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    await sql`delete from ${jobTable} where name = ${noop.name}`.catch(() => {});
    await sql.end();
  }
  return results;
}
