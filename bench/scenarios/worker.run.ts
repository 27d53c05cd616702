/**
 * Manual entry point for A8 alone: a throwaway migrated database, benchWorker, the results as JSON,
 * then the database is dropped. `npx tsx bench/scenarios/worker.run.ts [jobs]`; the server is
 * BENCH_DATABASE_URL (or TEST_DATABASE_URL), else the local PostgreSQL on 127.0.0.1:5432.
 */
import { createTestDatabase } from '@/scripts/lib/test-db';
import { benchWorker } from './worker';

const server =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
process.env.TEST_DATABASE_URL = server;
const jobs = Number(process.argv[2] ?? 10_000);

const database = await createTestDatabase({
  prefix: 'bench_a8',
  embedded: { dir: '.data/bench-pg', port: 54331 },
});
try {
  const results = await benchWorker({
    databaseUrl: database.url,
    jobs,
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(results, null, 2));
} finally {
  await database.drop();
}
