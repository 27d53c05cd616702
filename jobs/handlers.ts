import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import { compactRowCounts } from '@/db/row-counts';
import { jobProbes } from '@/db/schema';
import { systemCtx } from '@/server/context';
import { recordHeartbeat, runCleanup } from '@/server/jobs';
import { notifyUsers, sendNotificationEmails, staffUserIds } from '@/server/notifications';
import type { JobDefinition } from './define';
import {
  cleanup,
  compactCounts,
  deadLetter,
  emailNotifications,
  heartbeat,
  noop,
  probe,
} from './definitions';

export interface JobContext {
  db: Db;
  workerId: string;
  jobId: string;
}

type Handler<P extends z.ZodType> = (payload: z.output<P>, ctx: JobContext) => Promise<unknown>;

interface Registered {
  def: JobDefinition;
  run: Handler<z.ZodType>;
}

const handlers = new Map<string, Registered>();
function handle<P extends z.ZodType>(def: JobDefinition<P>, run: Handler<P>) {
  handlers.set(def.name, { def: def as JobDefinition, run: run as Handler<z.ZodType> });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

handle(heartbeat, async (_p, { db, workerId }) => recordHeartbeat(db, workerId));

handle(cleanup, async (_p, { db }) => db.transaction((tx) => runCleanup(tx)));

handle(compactCounts, async (_p, { db }) => compactRowCounts(db));

handle(emailNotifications, async ({ notificationIds }, { db }) => ({
  sent: await sendNotificationEmails(db, notificationIds),
}));

handle(deadLetter, async (payload, { db }) => {
  const ctx = { ...systemCtx(), db };
  const name = typeof payload._job === 'string' ? payload._job : 'unknown';
  await notifyUsers(ctx, {
    userIds: await staffUserIds(ctx),
    category: 'task.failed',
    name: 'Background task failed',
    message: `The background task "${name}" failed after all its retries. See Admin › Background tasks.`,
    link: '/admin/tasks?state=failed',
  });
});

handle(probe, async ({ key, sleepMs, fail }, { db }) => {
  // Every start is counted and committed at once, whatever happens next.
  const [row] = await db
    .insert(jobProbes)
    .values({ key, attempts: 1 })
    .onConflictDoUpdate({ target: jobProbes.key, set: { attempts: sql`${jobProbes.attempts} + 1` } })
    .returning({ attempts: jobProbes.attempts });
  if (sleepMs && row!.attempts === 1) await sleep(sleepMs);
  if (fail) throw new Error(`probe ${key}: failure requested`);
  // The effect, applied only once however often the job runs.
  await db
    .update(jobProbes)
    .set({ completedAt: sql`now()`, effects: sql`${jobProbes.effects} + 1` })
    .where(and(eq(jobProbes.key, key), isNull(jobProbes.completedAt)));
});

handle(noop, async () => undefined);

/** The handler of a job name (only worker.ts calls this). */
export function handlerFor(name: string): Registered | undefined {
  return handlers.get(name);
}

export function registeredJobs(): Registered[] {
  return [...handlers.values()];
}
