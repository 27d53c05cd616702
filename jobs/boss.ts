import { PgBoss } from 'pg-boss';
import { log } from '@/lib/logger';
import { DEAD_LETTER_QUEUE, type JobDefinition } from './define';
import { JOBS } from './definitions';

export const BOSS_SCHEMA = 'pgboss';

function queueOptions(def: JobDefinition) {
  return {
    retryLimit: def.queue.retryLimit,
    retryDelay: def.queue.retryDelay,
    retryBackoff: def.queue.retryBackoff,
    expireInSeconds: def.queue.expireInSeconds,
    deleteAfterSeconds: def.queue.deleteAfterSeconds,
    heartbeatSeconds: def.queue.heartbeatSeconds,
    notify: true,
    ...(def.name === DEAD_LETTER_QUEUE ? {} : { deadLetter: DEAD_LETTER_QUEUE }),
  };
}

/**
 * Installs or upgrades pg-boss's schema, creates every queue of the registry (dead-letter queue
 * first) and (re)writes the cron schedules. Run with the migrations, before any process enqueues.
 */
export async function installQueues(connectionString: string): Promise<void> {
  const boss = new PgBoss({
    connectionString,
    schema: BOSS_SCHEMA,
    max: 2,
    supervise: false,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (err) => log.error('pg-boss (install) error', { err }));
  await boss.start();
  try {
    const ordered = [...JOBS].sort(
      (a, b) => Number(b.name === DEAD_LETTER_QUEUE) - Number(a.name === DEAD_LETTER_QUEUE),
    );
    for (const def of ordered) {
      const opts = queueOptions(def);
      if (await boss.getQueue(def.name)) await boss.updateQueue(def.name, opts);
      else await boss.createQueue(def.name, opts);
    }
    for (const def of JOBS) {
      if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: 'UTC' });
    }
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

const g = globalThis as unknown as { __inventreeBoss?: Promise<PgBoss> };

/** A send-only pg-boss client for web processes (no maintenance, no cron, no migrations). */
export function clientBoss(): Promise<PgBoss> {
  g.__inventreeBoss ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    const boss = new PgBoss({
      connectionString: url,
      schema: BOSS_SCHEMA,
      max: 2,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    boss.on('error', (err) => log.error('pg-boss client error', { err }));
    await boss.start();
    return boss;
  })().catch((err) => {
    g.__inventreeBoss = undefined;
    throw err;
  });
  return g.__inventreeBoss;
}

export async function closeClientBoss(): Promise<void> {
  const p = g.__inventreeBoss;
  g.__inventreeBoss = undefined;
  if (p) await (await p).stop({ graceful: false, close: true }).catch(() => {});
}
