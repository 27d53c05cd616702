import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Applies the committed drizzle-kit migrations, then installs pg-boss's schema, the job queues and
 * their schedules (so any process may enqueue before a worker ever ran). An advisory lock makes
 * concurrent starters (several web processes, a worker, a test run) wait for one another.
 */
export async function runMigrations(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(727274)`;
    await migrate(drizzle(sql), { migrationsFolder });
    const { installQueues } = await import('../jobs/boss');
    await installQueues(url);
    await sql`select pg_advisory_unlock(727274)`;
  } finally {
    await sql.end();
  }
}
