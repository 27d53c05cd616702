import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { jobProbes, notifications, workerHeartbeats } from '@/db/schema';
import { BOSS_SCHEMA, closeClientBoss } from '@/jobs/boss';
import { probe } from '@/jobs/definitions';
import { enqueue } from '@/jobs/enqueue';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { eventually, type Proc, startWorker } from '../processes';

const jobsNamed = async (key: string) =>
  Array.from(
    await db.execute<{ state: string }>(
      sql`select state::text from ${sql.identifier(BOSS_SCHEMA)}.job where data->>'key' = ${key}`,
    ),
  );
// Other test files may run workers on the same database at the same time: look at our own rows.
const heartbeatOf = async (w: Proc) =>
  (await db.select().from(workerHeartbeats).where(eq(workerHeartbeats.pid, w.child.pid!)))[0];
const probeRow = async (key: string) => (await db.select().from(jobProbes).where(eq(jobProbes.key, key)))[0];

describe('background jobs (real pg-boss, real worker processes)', () => {
  let staff: { id: number; token: string };
  const workers: Proc[] = [];

  beforeAll(async () => {
    const u = await makeUser({ staff: true });
    staff = { id: u.id, token: await tokenFor(u) };
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop('SIGKILL')));
    await closeClientBoss();
  });

  it('enqueues inside the caller transaction: committed → one job, rolled back → none', async () => {
    const kept = unique('kept');
    const dropped = unique('dropped');
    await db.transaction(async (tx) => {
      await enqueue(tx, probe, { key: kept });
    });
    await expect(
      db.transaction(async (tx) => {
        await enqueue(tx, probe, { key: dropped });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await jobsNamed(kept)).toHaveLength(1);
    expect(await jobsNamed(dropped)).toHaveLength(0);
  });

  it('refuses an invalid payload before anything is queued', async () => {
    await expect(enqueue(db, probe, { key: '' })).rejects.toThrow();
  });

  it('runs jobs in a worker, which GET /api/ reports; SIGTERM drains and clears its heartbeat', async () => {
    const w = await startWorker();
    workers.push(w);
    expect(await heartbeatOf(w)).toBeTruthy();
    const info = await api('GET', '/api/');
    expect(info.body.worker_running).toBe(true);
    expect(info.body.worker_count).toBeGreaterThanOrEqual(1);
    const key = unique('run');
    await enqueue(db, probe, { key });
    const done = await eventually(async () => (await probeRow(key))?.completedAt, 20_000);
    expect(done).toBeTruthy();
    expect(await probeRow(key)).toMatchObject({ attempts: 1, effects: 1 });
    expect(await w.stop('SIGTERM')).toBe(0);
    expect(await heartbeatOf(w)).toBeUndefined();
  });

  it('a job in flight when its worker is SIGKILLed runs again after a restart, and its effect happens once', async () => {
    const key = unique('killed');
    let w = await startWorker();
    workers.push(w);
    await enqueue(db, probe, { key, sleepMs: 120_000 });
    await eventually(async () => (await probeRow(key))?.attempts === 1, 20_000);
    await w.stop('SIGKILL');
    expect((await probeRow(key))?.completedAt).toBeNull();
    w = await startWorker();
    workers.push(w);
    // The job's heartbeat stops with the killed worker; the new worker's supervisor retries it.
    await eventually(async () => (await probeRow(key))?.completedAt, 60_000, 500);
    const row = await probeRow(key);
    expect(row!.attempts).toBeGreaterThanOrEqual(2);
    expect(row!.effects).toBe(1);
    await w.stop('SIGTERM');
  }, 120_000);

  it('a job that keeps failing ends in "failed", notifies staff, and can be retried through the API', async () => {
    const w = await startWorker();
    workers.push(w);
    const key = unique('failing');
    await enqueue(db, probe, { key, fail: true });
    await eventually(async () => (await jobsNamed(key)).some((j) => j.state === 'failed'), 60_000, 500);
    expect((await probeRow(key))!.attempts).toBe(4); // 1 + retryLimit 3
    const note = await eventually(async () => {
      const rows = await db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, staff.id), eq(notifications.category, 'task.failed')));
      return rows.find((r) => r.message?.includes('system.probe'));
    }, 30_000);
    expect(note!.name).toBe('Background task failed');

    const failed = await api('GET', '/api/background-task/failed/?name=system.probe', { token: staff.token });
    expect(failed.status).toBe(200);
    const task = failed.body.find((t: { args: string }) => t.args.includes(key));
    expect(task).toBeTruthy();
    expect(task.attempt_count).toBe(4);
    const overview = await api('GET', '/api/background-task/', { token: staff.token });
    expect(overview.body.failed_tasks).toBeGreaterThanOrEqual(1);
    expect(overview.body.scheduled_tasks).toBe(3);

    const retry = await api('POST', '/api/background-task/failed/retry/', {
      token: staff.token,
      body: { items: [task.task_id] },
    });
    expect(retry.body).toEqual({ success: 'Retried 1 tasks' });
    await eventually(async () => (await probeRow(key))!.attempts > 4, 30_000, 500);
    await w.stop('SIGTERM');
  }, 150_000);

  it('two workers at once drain a batch, each job exactly once', async () => {
    const [w1, w2] = await Promise.all([startWorker(), startWorker()]);
    workers.push(w1, w2);
    expect((await api('GET', '/api/')).body.worker_count).toBeGreaterThanOrEqual(2);
    const keys = Array.from({ length: 40 }, () => unique('pair'));
    await db.transaction(async (tx) => {
      for (const key of keys) await enqueue(tx, probe, { key, sleepMs: 20 });
    });
    await eventually(async () => {
      const rows = await db.select().from(jobProbes).where(sql`${jobProbes.key} in ${keys}`);
      return rows.length === keys.length && rows.every((r) => r.completedAt);
    }, 30_000);
    const rows = await db.select().from(jobProbes).where(sql`${jobProbes.key} in ${keys}`);
    expect(rows.every((r) => r.attempts === 1 && r.effects === 1)).toBe(true);
    await Promise.all([w1.stop(), w2.stop()]);
  }, 60_000);

  it('lists the cron schedules and keeps background tasks to staff', async () => {
    const sched = await api('GET', '/api/background-task/scheduled/', { token: staff.token });
    expect(sched.body.map((s: { name: string }) => s.name).sort()).toEqual([
      'system.cleanup',
      'system.heartbeat',
      'system.row-counts',
    ]);
    const nobody = await tokenFor(await makeUser());
    expect((await api('GET', '/api/background-task/failed/', { token: nobody })).status).toBe(403);
  });
});
