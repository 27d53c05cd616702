/**
 * The background worker: a standalone pg-boss process on the app's PostgreSQL.
 * (Job registry and schedules arrive with Platform II; this starts the queue and drains on SIGTERM.)
 */
import { PgBoss } from 'pg-boss';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('worker: DATABASE_URL is not set (start it through `npm start`, which provides one)');
  process.exit(1);
}
const boss = new PgBoss({ connectionString: url });
boss.on('error', (err) => console.error('[worker] pg-boss error', err));
await boss.start();
console.log('[worker] started');

async function stop() {
  await boss.stop({ graceful: true, timeout: 20000 });
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
