import { afterAll, inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET ??= 'integration-test-secret-0123456789';
process.env.DB_POOL_SIZE ??= '4';

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
});
