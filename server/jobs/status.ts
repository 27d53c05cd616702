import { hostname } from 'node:os';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { workerHeartbeats } from '@/db/schema';
import { BOSS_SCHEMA } from '@/jobs/boss';

/** A worker counts as running while its heartbeat is younger than this. */
export const HEARTBEAT_WINDOW_SECONDS = 120;

export async function recordHeartbeat(db: Tx, workerId: string): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ id: workerId, hostname: hostname(), pid: process.pid })
    .onConflictDoUpdate({ target: workerHeartbeats.id, set: { lastSeen: sql`now()` } });
}

export async function removeHeartbeat(db: Tx, workerId: string): Promise<void> {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.id, workerId));
}

/** `worker_running`, `worker_count`, `worker_pending_tasks` of `GET /api/`. */
export async function workerStatus(db: Tx) {
  const rows = await db.execute<{ workers: number; pending: number }>(sql`
    select
      (select count(*)::int from ${workerHeartbeats}
        where ${workerHeartbeats.lastSeen} > now() - make_interval(secs => ${HEARTBEAT_WINDOW_SECONDS})) as workers,
      (select count(*)::int from ${sql.identifier(BOSS_SCHEMA)}.job where state in ('created', 'retry')) as pending`);
  const r = rows[0] ?? { workers: 0, pending: 0 };
  return { running: r.workers > 0, count: r.workers, pending: r.pending };
}

/** Drops heartbeat rows of workers gone for a day (their processes died without saying goodbye). */
export async function pruneHeartbeats(db: Tx): Promise<void> {
  await db.delete(workerHeartbeats).where(lt(workerHeartbeats.lastSeen, sql`now() - interval '1 day'`));
}

export async function liveWorkers(db: Tx) {
  return db
    .select()
    .from(workerHeartbeats)
    .where(
      and(sql`${workerHeartbeats.lastSeen} > now() - make_interval(secs => ${HEARTBEAT_WINDOW_SECONDS})`),
    );
}
