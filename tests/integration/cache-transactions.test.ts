import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { cached, invalidate } from '@/lib/cache';
import { systemCtx, withTransaction } from '@/server/context';
import { unique } from '../factories';
import { eventually } from '../processes';

/** A value the test controls in the database, read through the cache. */
async function withRow<T>(fn: (key: string, read: () => Promise<number>) => Promise<T>) {
  const key = unique('txcache');
  await db.execute(sql`create table if not exists cache_tx_probe (k text primary key, v int not null)`);
  await db.execute(sql`insert into cache_tx_probe (k, v) values (${key}, 1)`);
  let loads = 0;
  const read = () =>
    cached(key, 60, async () => {
      loads++;
      const [row] = await db.execute<{ v: number }>(sql`select v from cache_tx_probe where k = ${key}`);
      return row!.v;
    });
  // Cached for sure before the test goes on (a Redis backend may still be connecting).
  await eventually(async () => {
    const before = loads;
    await read();
    return loads === before;
  });
  return fn(key, read);
}

describe('cache inside transactions', () => {
  it('serves and stores cached values inside a transaction that did not write them', async () => {
    await withRow(async (key, read) => {
      expect(await read()).toBe(1);
      // Changed behind the cache's back: a transaction that did not invalidate still reads the cache.
      await db.execute(sql`update cache_tx_probe set v = 2 where k = ${key}`);
      expect(await withTransaction(systemCtx(), () => read())).toBe(1);
    });
  });

  it('reads its own uncommitted write after invalidating, and a rollback leaves nothing cached', async () => {
    await withRow(async (key, read) => {
      expect(await read()).toBe(1);
      await expect(
        withTransaction(systemCtx(), async (ctx) => {
          await ctx.db.execute(sql`update cache_tx_probe set v = 5 where k = ${key}`);
          await invalidate(ctx.db, key);
          expect(await read()).toBe(5);
          expect(await read()).toBe(5);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      // The uncommitted 5 was never stored: the next read loads the committed value.
      expect(await read()).toBe(1);
    });
  });
});
