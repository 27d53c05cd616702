/**
 * The background worker: a standalone pg-boss process on the app's PostgreSQL (InvenTree's
 * django-q2 cluster). Runs every job of the registry, the cron schedules, and a heartbeat that
 * `GET /api/` reports; several may run at once. SIGTERM stops taking jobs, lets running ones
 * finish (up to 30 s), and exits.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { PgBoss } from 'pg-boss';
import { closeDb, db } from '@/db/client';
import { BOSS_SCHEMA } from '@/jobs/boss';
import { handlerFor, registeredJobs } from '@/jobs/handlers';
import { log } from '@/lib/logger';
import { recordHeartbeat, removeHeartbeat } from '@/server/jobs';
import { loadDotEnv, prepareDatabase } from './scripts/lib/bootstrap';

loadDotEnv();
// Standalone (`npm run worker`) without DATABASE_URL joins or starts the embedded database.
const database = await prepareDatabase({ migrate: false });
const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

const boss = new PgBoss({
  connectionString: database.url,
  schema: BOSS_SCHEMA,
  migrate: false,
  supervise: true,
  schedule: true,
  useListenNotify: true,
  superviseIntervalSeconds: 10,
  max: 6,
});
boss.on('error', (err) => log.error('worker: pg-boss error', { err }));
await boss.start();

for (const { def } of registeredJobs()) {
  await boss.work(
    def.name,
    // NOTIFY wakes workers for new jobs; the polls pick up retries and delayed jobs. A bulk
    // insert sends one NOTIFY, so a worker keeps fetching while there is a backlog (burst) instead
    // of taking one batch per poll interval (50 jobs/s at 50 a batch; 2 jobs/s one at a time).
    {
      batchSize: def.batchSize ?? 1,
      ...(def.batchSize ? { burstWhenBatchFull: true } : { burstWhenReadyExceeds: 1 }),
      pollingIntervalSeconds: 1,
      notifyPollingIntervalSeconds: 1,
      localConcurrency: def.batchSize ? 1 : 2,
    },
    async (jobs) => {
      for (const job of jobs) {
        const reg = handlerFor(job.name)!;
        const payload = reg.def.payload.parse(job.data);
        const t0 = Date.now();
        try {
          await reg.run(payload, { db, workerId, jobId: job.id });
          if (job.name !== 'system.noop')
            log.debug('job done', { job: job.name, id: job.id, ms: Date.now() - t0 });
        } catch (err) {
          log.warn('job failed', { job: job.name, id: job.id, err });
          throw err;
        }
      }
    },
  );
}

await recordHeartbeat(db, workerId);
const beat = setInterval(() => {
  recordHeartbeat(db, workerId).catch((err) => log.warn('worker: heartbeat failed', { err }));
}, 15_000);
log.info('worker started', { workerId, queues: registeredJobs().length });
console.log('[worker] started');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('worker stopping', { workerId, signal });
  clearInterval(beat);
  await boss
    .stop({ graceful: true, timeout: 30_000, close: true })
    .catch((err) => log.error('worker: stop failed', { err }));
  await removeHeartbeat(db, workerId).catch(() => {});
  await closeDb();
  await database.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
