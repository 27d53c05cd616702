import { z } from 'zod';
import { defineJob } from './define';

/** Marks a worker alive for `GET /api/` and the admin page (InvenTree's heartbeat task). */
export const heartbeat = defineJob({
  name: 'system.heartbeat',
  description: 'Record that a worker is running',
  payload: z.object({}).loose(),
  cron: '* * * * *',
  queue: { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3600 },
});

/** Daily clean-up: old notifications, expired tokens and sessions, finished job records. */
export const cleanup = defineJob({
  name: 'system.cleanup',
  description: 'Delete old notifications, expired API tokens and sessions, and finished job records',
  payload: z.object({}).loose(),
  cron: '17 3 * * *',
});

/** Folds the row-count deltas of large tables into one row each (db/row-counts.ts). */
export const compactCounts = defineJob({
  name: 'system.row-counts',
  description: 'Fold the row counts kept for large tables',
  payload: z.object({}).loose(),
  cron: '*/5 * * * *',
  queue: { retryLimit: 1, expireInSeconds: 300, deleteAfterSeconds: 3600 },
});

/** Sends the e-mail copy of notifications (when SMTP is configured). */
export const emailNotifications = defineJob({
  name: 'notifications.email',
  description: 'Send notification e-mails',
  payload: z.object({ notificationIds: z.array(z.number().int()).min(1) }),
  queue: { retryLimit: 5, retryDelay: 30 },
});

/** Receives jobs that failed for good, and notifies the superusers (InvenTree's "failed task" notice). */
export const deadLetter = defineJob({
  name: 'system.dead-letter',
  description: 'Notify superusers about a background task that failed for good',
  payload: z.object({ _job: z.string().optional() }).loose(),
  queue: { retryLimit: 2 },
});

/**
 * A diagnostic job with an observable effect: counts its starts (committed at once), sleeps on its
 * first attempt only (`sleepMs`), fails on request, then records its completion idempotently.
 * Used by durability tests and benchmarks.
 */
export const probe = defineJob({
  name: 'system.probe',
  description: 'Diagnostic job: record a start, wait, record completion once',
  payload: z.object({
    key: z.string().min(1).max(100),
    sleepMs: z.number().int().min(0).max(600_000).default(0),
    fail: z.boolean().default(false),
  }),
  queue: { retryLimit: 3, retryDelay: 1, retryBackoff: false, heartbeatSeconds: 10 },
});

/** Does nothing: measures queue throughput. */
export const noop = defineJob({
  name: 'system.noop',
  description: 'Does nothing (queue throughput benchmark)',
  payload: z.object({}).loose(),
  batchSize: 50,
  queue: { retryLimit: 0, deleteAfterSeconds: 3600 },
});

/** The one registry of jobs. */
export const JOBS = [heartbeat, cleanup, compactCounts, emailNotifications, deadLetter, probe, noop] as const;
