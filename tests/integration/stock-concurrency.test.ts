import { inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { stockItems } from '@/db/schema';
import { api } from '../api';
import { makeUser, tokenFor } from '../factories';
import { makePart } from '../parts';
import { makeLocation, makeStock } from '../stockops-rows';

/**
 * N clients each run M random add/remove/transfer operations over the same few items. Afterwards
 * every item's quantity must equal its start plus the ledger's deltas, none may be negative, and no
 * request may have failed with anything but an expected 400 (no 500, no 409 deadlock).
 */
describe('stock operations under concurrency', () => {
  it('keeps quantities equal to start + ledger deltas with 8 clients × 25 operations', async () => {
    const N = 8;
    const M = 25;
    const token = await tokenFor(await makeUser({ roles: { stock: ['view', 'change'] } }));
    const part = await makePart();
    const [l1, l2] = [await makeLocation(), await makeLocation()];
    const items = [];
    for (let i = 0; i < 4; i++)
      items.push(
        await makeStock(part, { quantity: '50', deleteOnDeplete: false, locationId: i % 2 ? l1.id : l2.id }),
      );
    const ids = items.map((i) => i.id);
    const start = Object.fromEntries(items.map((i) => [i.id, i.quantity]));
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const statuses: number[] = [];
    const t0 = Date.now();
    await Promise.all(
      Array.from({ length: N }, async () => {
        for (let k = 0; k < M; k++) {
          const pick = () => ids[rand(ids.length)]!;
          const op = rand(3);
          let r: { status: number; body: unknown };
          if (op === 0)
            r = await api('POST', '/api/stock/add/', {
              token,
              body: {
                items: [
                  { pk: pick(), quantity: `${1 + rand(5)}.25` },
                  { pk: pick(), quantity: 1 },
                ],
              },
            });
          else if (op === 1)
            // Sometimes more than any item can hold: must fail with a 400, changing nothing.
            r = await api('POST', '/api/stock/remove/', {
              token,
              body: {
                items: [
                  { pk: pick(), quantity: rand(4) === 0 ? 500 : 1 + rand(6) },
                  { pk: pick(), quantity: '0.5' },
                ],
              },
            });
          else
            r = await api('POST', '/api/stock/transfer/', {
              token,
              body: {
                items: [
                  { pk: pick(), quantity: 1 },
                  { pk: pick(), quantity: 1 },
                ],
                location: rand(2) ? l1.id : l2.id,
              },
            });
          statuses.push(r.status);
        }
      }),
    );
    const elapsed = Date.now() - t0;
    console.log(`stock concurrency: ${N}×${M} = ${N * M} requests in ${elapsed} ms`);
    expect(statuses).toHaveLength(N * M);
    expect(statuses.filter((s) => s !== 201 && s !== 400)).toEqual([]);
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(0);

    // Split children (from partial transfers) belong to the same family: include them.
    const familyRows = await db.execute<{ id: number }>(sql`
      with recursive fam(id) as (
        select id from stock_items where id in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})
        union all
        select s.id from stock_items s join fam on s.parent_id = fam.id
      ) select id from fam`);
    const family = Array.from(familyRows);
    expect(family.length).toBeGreaterThan(ids.length);
    const ledger = await db.execute<{
      item_id: number;
      added: string;
      removed: string;
      born: string | null;
    }>(sql`
      select item_id,
        coalesce(sum((deltas->>'added')::numeric) filter (where tracking_type in (11, 45)), 0)::text as added,
        coalesce(sum((deltas->>'removed')::numeric) filter (where tracking_type in (12, 42, 13)), 0)::text as removed,
        max((deltas->>'quantity')::numeric) filter (where tracking_type = 40)::text as born
      from stock_item_tracking
      where item_id in (${sql.join(
        family.map((f) => sql`${f.id}`),
        sql`, `,
      )})
      group by item_id`);
    const byItem = new Map(Array.from(ledger).map((l) => [l.item_id, l]));
    const check = await db.execute<{ id: number; ok: boolean; q: string }>(sql`
      select s.id, s.quantity = (v.start + v.added - v.removed) as ok, s.quantity::text as q
      from stock_items s join (values ${sql.join(
        family.map((f) => {
          const l = byItem.get(f.id);
          const base = start[f.id] ?? l?.born ?? '0';
          return sql`(${f.id}::int, ${base}::numeric, ${l?.added ?? '0'}::numeric, ${l?.removed ?? '0'}::numeric)`;
        }),
        sql`, `,
      )}) as v(id, start, added, removed) on v.id = s.id`);
    for (const row of check) expect(row, `item ${row.id} quantity ${row.q}`).toMatchObject({ ok: true });
    const [neg] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(stockItems)
      .where(
        sql`${stockItems.quantity} < 0 and ${inArray(
          stockItems.id,
          family.map((f) => f.id),
        )}`,
      );
    expect(neg!.n).toBe(0);
    // Total stock is conserved by transfers: start + all adds − all removes over the family.
    const total = await db.execute<{ ok: boolean }>(sql`
      select (select sum(quantity) from stock_items where id in (${sql.join(
        family.map((f) => sql`${f.id}`),
        sql`, `,
      )}))
        = 200 + coalesce((select sum((deltas->>'added')::numeric) from stock_item_tracking where tracking_type = 11 and item_id in (${sql.join(
          family.map((f) => sql`${f.id}`),
          sql`, `,
        )})), 0)
              - coalesce((select sum((deltas->>'removed')::numeric) from stock_item_tracking where tracking_type = 12 and item_id in (${sql.join(
                family.map((f) => sql`${f.id}`),
                sql`, `,
              )})), 0) as ok`);
    expect(total[0]!.ok).toBe(true);
  }, 120_000);
});
