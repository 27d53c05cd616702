import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { stockItems } from '@/db/schema';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { makePart } from '../parts';
import { makeItem, makeLocation } from '../stock';

const pks = (body: { pk: number }[]) => body.map((i) => i.pk).sort((a, b) => a - b);
const setSetting = (token: string, key: string, value: unknown) =>
  api('PATCH', `/api/settings/global/${key}/`, { token, body: { value } });

describe('stock list', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('filters by location with cascade (default on) and by part with variants (default on)', async () => {
    const root = await makeLocation();
    const child = await makeLocation({ parent: root.pk });
    const tpl = await makePart({ is_template: true });
    const variant = await makePart({ variant_of: tpl.pk });
    const a = await makeItem({ part: tpl.pk, location: root.pk });
    const b = await makeItem({ part: variant.pk, location: child.pk });
    expect(pks((await api('GET', `/api/stock/?location=${root.pk}`, { token: admin })).body)).toEqual([
      a.pk,
      b.pk,
    ]);
    expect(
      pks((await api('GET', `/api/stock/?location=${root.pk}&cascade=false`, { token: admin })).body),
    ).toEqual([a.pk]);
    expect(pks((await api('GET', `/api/stock/?part=${tpl.pk}`, { token: admin })).body)).toEqual([
      a.pk,
      b.pk,
    ]);
    expect(
      pks((await api('GET', `/api/stock/?part=${tpl.pk}&include_variants=false`, { token: admin })).body),
    ).toEqual([a.pk]);
    expect((await api('GET', '/api/stock/?location=99999999', { token: admin })).status).toBe(400);
    const page = await api('GET', `/api/stock/?location=${root.pk}&limit=1`, { token: admin });
    expect(page.body.count).toBe(2);
    expect(page.body.results).toHaveLength(1);
  });

  it('filters in_stock, available, depleted, serialized, serial ranges, batch, status, installed, tracked', async () => {
    const part = await makePart({ trackable: true });
    const s = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: part.pk, quantity: 3, serial_numbers: '5-7' },
    });
    const [s5, s6, s7] = s.body.map((i: { pk: number }) => i.pk);
    const plain = await makeItem({ part: part.pk, quantity: '4', batch: unique('LOT') });
    const empty = await makeItem({ part: part.pk, quantity: '0' });
    await db.update(stockItems).set({ status: 65 }).where(eq(stockItems.id, s7));
    await db.update(stockItems).set({ belongsToId: s5 }).where(eq(stockItems.id, s6));
    const q = async (f: string) =>
      pks((await api('GET', `/api/stock/?part=${part.pk}&${f}`, { token: admin })).body);
    expect(await q('in_stock=true')).toEqual([s5, plain.pk]);
    expect(await q('available=true')).toEqual([s5, plain.pk]);
    expect(await q('depleted=true')).toEqual([empty.pk]);
    expect(await q('serialized=true')).toEqual([s5, s6, s7]);
    expect(await q('serial_gte=6&serial_lte=7')).toEqual([s6, s7]);
    expect(await q('serial=5')).toEqual([s5]);
    expect(await q(`batch=${plain.batch}`)).toEqual([plain.pk]);
    expect(await q('batch_regex=^LOT')).toEqual([plain.pk]);
    expect(await q('status=65')).toEqual([s7]);
    expect(await q('installed=true')).toEqual([s6]);
    expect(await q(`belongs_to=${s5}`)).toEqual([s6]);
    expect(await q('has_installed_items=true')).toEqual([s5]);
    expect(await q('tracked=false')).toEqual([empty.pk]);
  });

  it('filters expired and stale when expiry is enabled, and reports them per item', async () => {
    const part = await makePart();
    const old = await makeItem({ part: part.pk, expiry_date: '2000-01-01' });
    const soon = await makeItem({
      part: part.pk,
      expiry_date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10),
    });
    const fresh = await makeItem({ part: part.pk, expiry_date: '2999-01-01' });
    await setSetting(admin, 'STOCK_ENABLE_EXPIRY', true);
    await setSetting(admin, 'STOCK_STALE_DAYS', 7);
    try {
      const q = async (f: string) =>
        pks((await api('GET', `/api/stock/?part=${part.pk}&${f}`, { token: admin })).body);
      expect(await q('expired=true')).toEqual([old.pk]);
      expect(await q('expired=false')).toEqual([soon.pk, fresh.pk]);
      expect(await q('stale=true')).toEqual([old.pk, soon.pk]);
      const one = await api('GET', `/api/stock/${soon.pk}/`, { token: admin });
      expect(one.body).toMatchObject({ expired: false, stale: true });
    } finally {
      await setSetting(admin, 'STOCK_ENABLE_EXPIRY', false);
      await setSetting(admin, 'STOCK_STALE_DAYS', 0);
    }
  });

  it('searches serial, batch, part and location names; orders by quantity and part name', async () => {
    const loc = await makeLocation({ name: unique('Drawer') });
    const p1 = await makePart({ name: unique('Alpha') });
    const p2 = await makePart({ name: unique('Beta') });
    const a = await makeItem({ part: p1.pk, quantity: '5', location: loc.pk });
    const b = await makeItem({ part: p2.pk, quantity: '2', location: loc.pk, batch: unique('ZZ') });
    const byLoc = await api('GET', `/api/stock/?search=${encodeURIComponent(loc.name)}`, { token: admin });
    expect(pks(byLoc.body)).toEqual([a.pk, b.pk]);
    expect(
      pks(
        (await api('GET', `/api/stock/?search=${encodeURIComponent(p2.name as string)}`, { token: admin }))
          .body,
      ),
    ).toEqual([b.pk]);
    expect(
      pks(
        (await api('GET', `/api/stock/?search=${encodeURIComponent(b.batch as string)}`, { token: admin }))
          .body,
      ),
    ).toEqual([b.pk]);
    const ordered = await api('GET', `/api/stock/?location=${loc.pk}&ordering=quantity`, { token: admin });
    expect(ordered.body.map((i: { pk: number }) => i.pk)).toEqual([b.pk, a.pk]);
    const byName = await api('GET', `/api/stock/?location=${loc.pk}&ordering=-part__name`, { token: admin });
    expect(byName.body.map((i: { pk: number }) => i.pk)).toEqual([b.pk, a.pk]);
  });

  it('includes part_detail by default; other details on request; quantities are numbers', async () => {
    const loc = await makeLocation();
    const part = await makePart();
    const item = await makeItem({ part: part.pk, quantity: '2.5', location: loc.pk });
    const plain = await api('GET', `/api/stock/?location=${loc.pk}`, { token: admin });
    expect(plain.body[0]).toMatchObject({
      pk: item.pk,
      quantity: 2.5,
      allocated: 0,
      part_detail: { pk: part.pk },
    });
    expect(plain.body[0]).not.toHaveProperty('location_detail');
    expect(plain.body[0]).not.toHaveProperty('location_path');
    const noPart = await api(
      'GET',
      `/api/stock/?location=${loc.pk}&part_detail=false&location_detail=true&path_detail=true`,
      {
        token: admin,
      },
    );
    expect(noPart.body[0]).not.toHaveProperty('part_detail');
    expect(noPart.body[0].location_detail).toMatchObject({ pk: loc.pk, name: loc.name });
    expect(noPart.body[0].location_path).toEqual([{ pk: loc.pk, name: loc.name, icon: '' }]);
  });

  it('feeds the part stock figures and stock filters of the parts list', async () => {
    const tpl = await makePart({ is_template: true, minimum_stock: '100' });
    const variant = await makePart({ variant_of: tpl.pk });
    const ext = await makeLocation({ external: true });
    await makeItem({ part: tpl.pk, quantity: '3' });
    await makeItem({ part: variant.pk, quantity: '4', location: ext.pk });
    await makeItem({ part: variant.pk, quantity: '0' });
    const t = await api('GET', `/api/part/${tpl.pk}/`, { token: admin });
    expect(t.body).toMatchObject({
      in_stock: 3,
      total_in_stock: 7,
      variant_stock: 4,
      unallocated_stock: 7,
      stock_item_count: 1,
    });
    const v = await api('GET', `/api/part/${variant.pk}/`, { token: admin });
    expect(v.body).toMatchObject({ in_stock: 4, total_in_stock: 4, external_stock: 4, stock_item_count: 2 });
    const has = await api('GET', `/api/part/?ancestor=${tpl.pk}&has_stock=true`, { token: admin });
    expect(pks(has.body)).toEqual([variant.pk]);
    const low = await api(
      'GET',
      `/api/part/?is_template=true&low_stock=true&search=${encodeURIComponent(tpl.name as string)}`,
      {
        token: admin,
      },
    );
    expect(pks(low.body)).toEqual([tpl.pk]);
  });

  it('pages a location subtree in the InvenTree default order (part name, quantity, location), same as without paging', async () => {
    const root = await makeLocation();
    const shelf = await makeLocation({ parent: root.pk });
    const tag = unique('ord').toLowerCase();
    const b = await makePart({ name: `b-${tag}` });
    const a = await makePart({ name: `a-${tag}` });
    const c = await makePart({ name: `c-${tag}` });
    const made = [
      await makeItem({ part: c.pk, location: root.pk, quantity: '1' }),
      await makeItem({ part: a.pk, location: shelf.pk, quantity: '5' }),
      await makeItem({ part: b.pk, location: root.pk, quantity: '2' }),
      await makeItem({ part: a.pk, location: root.pk, quantity: '3' }),
    ];
    const all = await api('GET', `/api/stock/?location=${root.pk}`, { token: admin });
    const expected = all.body.map((i: { pk: number }) => i.pk);
    expect(expected).toHaveLength(made.length);
    const names = all.body.map((i: { part_detail: { name: string } }) => i.part_detail.name);
    expect(names).toEqual([...names].sort());
    expect(all.body.slice(0, 2).map((i: { quantity: number }) => i.quantity)).toEqual([3, 5]);
    const paged: number[] = [];
    for (let offset = 0; offset < made.length; offset += 3) {
      const page = await api('GET', `/api/stock/?location=${root.pk}&limit=3&offset=${offset}`, {
        token: admin,
      });
      expect(page.body.count).toBe(made.length);
      paged.push(...page.body.results.map((i: { pk: number }) => i.pk));
    }
    expect(paged).toEqual(expected);
    const desc = await api('GET', `/api/stock/?location=${root.pk}&limit=10&ordering=-quantity`, {
      token: admin,
    });
    expect(desc.body.results.map((i: { quantity: number }) => i.quantity)).toEqual([5, 3, 2, 1]);
  });

  it('breaks ties on part name and quantity by location path across pages, and follows a part rename', async () => {
    const root = await makeLocation();
    const z = await makeLocation({ parent: root.pk, name: 'z-shelf' });
    const a = await makeLocation({ parent: root.pk, name: 'a-shelf' });
    const tag = unique('tie').toLowerCase();
    const p = await makePart({ name: `m-${tag}` });
    const q = await makePart({ name: `n-${tag}` });
    // Same part and quantity everywhere: only the location's path orders them, not the id.
    const inZ = await makeItem({ part: p.pk, location: z.pk, quantity: '2' });
    const inA = await makeItem({ part: p.pk, location: a.pk, quantity: '2' });
    const inRoot = await makeItem({ part: p.pk, location: root.pk, quantity: '2' });
    const other = await makeItem({ part: q.pk, location: a.pk, quantity: '1' });
    const pageOf = async () => {
      const out: number[] = [];
      for (let offset = 0; offset < 4; offset++) {
        const r = await api('GET', `/api/stock/?location=${root.pk}&cascade=true&limit=1&offset=${offset}`, {
          token: admin,
        });
        out.push(r.body.results[0].pk);
      }
      return out;
    };
    expect(await pageOf()).toEqual([inRoot.pk, inA.pk, inZ.pk, other.pk]);
    // Renaming a part re-sorts its stock at once (the sort key follows the part).
    const renamed = await api('PATCH', `/api/part/${q.pk}/`, { token: admin, body: { name: `a-${tag}` } });
    expect(renamed.status).toBe(200);
    expect(await pageOf()).toEqual([other.pk, inRoot.pk, inA.pk, inZ.pk]);
  });
});
