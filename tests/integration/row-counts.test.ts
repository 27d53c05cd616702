import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { compactRowCounts, countRows } from '@/db/row-counts';
import { parts, rowCountDeltas, stockItems } from '@/db/schema';
import { api } from '../api';
import { makeUser, tokenFor } from '../factories';
import { makePart } from '../parts';
import { makeItem } from '../stock';

/** The kept count and a real count(*), read in one snapshot (other test files write meanwhile). */
async function both(table: typeof parts | typeof stockItems) {
  return db.transaction(
    async (tx) => {
      const kept = await countRows(tx, table, undefined);
      const [real] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${table}`);
      return { kept, real: real!.n };
    },
    { isolationLevel: 'repeatable read' },
  );
}

describe('row counts kept by triggers', () => {
  it('follow inserts, deletes and rollbacks of parts and stock items, and survive compaction', async () => {
    const first = await both(parts);
    expect(first.kept).toBe(first.real);
    const made = await Promise.all([makePart(), makePart(), makePart()]);
    await makeItem({ part: made[0]!.pk, quantity: '2' });
    expect((await both(parts)).kept).toBe((await both(parts)).real);
    const items = await both(stockItems);
    expect(items.kept).toBe(items.real);

    // A rolled-back insert leaves no delta behind.
    await db
      .transaction(async (tx) => {
        await tx.insert(parts).values({ name: `rollback-${Date.now()}`, description: 'x' });
        const inside = await countRows(tx, parts, undefined);
        const [real] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${parts}`);
        expect(inside).toBe(real!.n);
        throw new Error('roll back');
      })
      .catch(() => {});
    let now = await both(parts);
    expect(now.kept).toBe(now.real);

    await db.delete(parts).where(sql`${parts.id} = ${made[2]!.pk}`);
    now = await both(parts);
    expect(now.kept).toBe(now.real);

    await compactRowCounts(db);
    now = await both(parts);
    expect(now.kept).toBe(now.real);
    const rows = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(rowCountDeltas)
      .where(sql`${rowCountDeltas.tableName} = 'parts'`);
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('serve the unfiltered list count; a filtered one is counted', async () => {
    const admin = await tokenFor(await makeUser({ superuser: true }));
    const part = await makePart();
    const all = await api('GET', '/api/part/?limit=1', { token: admin });
    expect(all.status).toBe(200);
    expect(all.body.count).toBeGreaterThan(0);
    const one = await api('GET', `/api/part/?limit=1&search=${encodeURIComponent(String(part.name))}`, {
      token: admin,
    });
    expect(one.body.count).toBe(1);
    await makeItem({ part: part.pk, quantity: '1' });
    const stock = await api('GET', '/api/stock/?limit=1', { token: admin });
    expect(stock.body.count).toBeGreaterThan(0);
    const mine = await api('GET', `/api/stock/?limit=1&part=${part.pk}`, { token: admin });
    expect(mine.body.count).toBe(1);
  });
});
