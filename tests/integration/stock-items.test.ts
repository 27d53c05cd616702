import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { partTestTemplates, stockItems, stockTracking } from '@/db/schema';
import { api } from '../api';
import contract from '../contract/v534.json';
import { makeUser, tokenFor, unique } from '../factories';
import { makePart } from '../parts';
import { makeItem, makeLocation } from '../stock';

const setSetting = (token: string, key: string, value: unknown) =>
  api('PATCH', `/api/settings/global/${key}/`, { token, body: { value } });
const ledger = (itemId: number) =>
  db.select().from(stockTracking).where(eq(stockTracking.itemId, itemId)).orderBy(asc(stockTracking.id));

describe('stock items', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('creates a list of items with a CREATED ledger row carrying the deltas', async () => {
    const part = await makePart();
    const loc = await makeLocation();
    const r = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: part.pk, quantity: '12.5', location: loc.pk, batch: 'B1', purchase_price: '1.25' },
    });
    expect(r.status).toBe(201);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body[0]).toMatchObject({
      part: part.pk,
      quantity: 12.5,
      location: loc.pk,
      batch: 'B1',
      in_stock: true,
    });
    expect(r.body[0].status_text).toBe('OK');
    const rows = await ledger(r.body[0].pk);
    expect(rows.map((t) => t.trackingType)).toEqual([1]);
    expect(rows[0]!.deltas).toEqual({ status: 10, quantity: 12.5, location: loc.pk });
    const detail = await api(
      'GET',
      `/api/stock/${r.body[0].pk}/?location_detail=true&path_detail=true&supplier_part_detail=true&tests=true`,
      {
        token: admin,
      },
    );
    for (const f of contract.StockItem.read) expect(detail.body, f).toHaveProperty(f);
    expect(detail.body.part_detail.pk).toBe(part.pk);
    expect(detail.body.tracking_items).toBe(1);
  });

  it('refuses virtual parts and fractional quantities of trackable parts', async () => {
    const virtual = await makePart({ virtual: true });
    const v = await api('POST', '/api/stock/', { token: admin, body: { part: virtual.pk, quantity: 1 } });
    expect(v.status).toBe(400);
    expect(v.body.part).toEqual(['Stock item cannot be created for virtual parts']);
    const tracked = await makePart({ trackable: true });
    const t = await api('POST', '/api/stock/', { token: admin, body: { part: tracked.pk, quantity: 1.5 } });
    expect(t.status).toBe(400);
    expect(t.body.quantity).toBeDefined();
  });

  it('expands serial numbers into one item each; counts must match; `~` takes the next free serial', async () => {
    const tpl = await makePart({ trackable: true, is_template: true });
    const variant = await makePart({ trackable: true, variant_of: tpl.pk });
    const r = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: tpl.pk, quantity: 4, serial_numbers: '1, 3-4, 10' },
    });
    expect(r.status).toBe(201);
    expect(r.body.map((i: { serial: string }) => i.serial)).toEqual(['1', '3', '4', '10']);
    expect(r.body.every((i: { quantity: number }) => i.quantity === 1)).toBe(true);
    const mismatch = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: tpl.pk, quantity: 3, serial_numbers: '20-21' },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.serial_numbers[0]).toMatch(/must match quantity/);
    // Unique across the variant tree: the variant cannot reuse the template's serial.
    const dup = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: variant.pk, quantity: 1, serial_numbers: '3' },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.serial_numbers).toEqual(['Serial numbers already exist: 3']);
    const next = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: variant.pk, quantity: 2, serial_numbers: '~+1' },
    });
    expect(next.status).toBe(201);
    expect(next.body.map((i: { serial: string }) => i.serial)).toEqual(['11', '12']);
    const created = await ledger(next.body[0].pk);
    expect(created[0]!.trackingType).toBe(1);
  });

  it('lets exactly one of two concurrent requests take the same serial', async () => {
    const part = await makePart({ trackable: true });
    const body = { part: part.pk, quantity: 1, serial_numbers: '500' };
    const [a, b] = await Promise.all([
      api('POST', '/api/stock/', { token: admin, body }),
      api('POST', '/api/stock/', { token: admin, body }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 400]);
    const failed = a.status === 400 ? a : b;
    expect(failed.body.serial_numbers[0]).toMatch(/^Serial numbers already exist/);
    expect(await db.select().from(stockItems).where(eq(stockItems.partId, part.pk))).toHaveLength(1);
  });

  it('defaults expiry from the part and delete_on_deplete from the setting', async () => {
    const part = await makePart({ default_expiry: 10 });
    const item = await makeItem({ part: part.pk });
    const expected = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(item.expiry_date).toBe(expected);
    await setSetting(admin, 'STOCK_DELETE_DEPLETED_DEFAULT', false);
    try {
      expect((await makeItem({ part: part.pk })).delete_on_deplete).toBe(false);
    } finally {
      await setSetting(admin, 'STOCK_DELETE_DEPLETED_DEFAULT', true);
    }
    expect((await makeItem({ part: part.pk })).delete_on_deplete).toBe(true);
  });

  it('edits with an EDITED ledger row of the changed fields; a serialized quantity stays 1', async () => {
    const part = await makePart({ trackable: true });
    const [item] = (
      await api('POST', '/api/stock/', {
        token: admin,
        body: { part: part.pk, quantity: 1, serial_numbers: '7' },
      })
    ).body;
    const r = await api('PATCH', `/api/stock/${item.pk}/`, {
      token: admin,
      body: { status: 50, notes: 'x' },
    });
    expect(r.status).toBe(200);
    expect(r.body.status_text).toBe('Attention needed');
    const rows = await ledger(item.pk);
    expect(rows.map((t) => t.trackingType)).toEqual([1, 5]);
    expect(rows[1]!.deltas).toEqual({ status: 50 });
    const q = await api('PATCH', `/api/stock/${item.pk}/`, { token: admin, body: { quantity: 2 } });
    expect(q.status).toBe(400);
    expect(q.body.quantity).toEqual(['Quantity must be 1 for item with a serial number']);
    const s = await makeLocation({ structural: true });
    expect(
      (await api('PATCH', `/api/stock/${item.pk}/`, { token: admin, body: { location: s.pk } })).status,
    ).toBe(400);
  });

  it('refuses deletes while items are installed or serialized deletion is off', async () => {
    const part = await makePart({ trackable: true });
    const parent = await makeItem({ part: part.pk, quantity: '1', serial_numbers: '1' });
    const child = await makeItem({ part: part.pk, quantity: '1', serial_numbers: '2' });
    await db.update(stockItems).set({ belongsToId: parent.pk }).where(eq(stockItems.id, child.pk));
    const r = await api('DELETE', `/api/stock/${parent.pk}/`, { token: admin });
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors[0]).toMatch(/installed items/);
    await db.update(stockItems).set({ belongsToId: null }).where(eq(stockItems.id, child.pk));
    await setSetting(admin, 'STOCK_ALLOW_DELETE_SERIALIZED', false);
    try {
      expect((await api('DELETE', `/api/stock/${parent.pk}/`, { token: admin })).status).toBe(400);
    } finally {
      await setSetting(admin, 'STOCK_ALLOW_DELETE_SERIALIZED', true);
    }
    await db.update(stockItems).set({ salesOrderId: 1 }).where(eq(stockItems.id, child.pk));
    expect((await api('DELETE', `/api/stock/${child.pk}/`, { token: admin })).status).toBe(400);
    expect((await api('DELETE', `/api/stock/${parent.pk}/`, { token: admin })).status).toBe(204);
  });

  it('bulk updates and deletes with InvenTree selection; needs the stock role', async () => {
    const part = await makePart();
    const a = await makeItem({ part: part.pk });
    const b = await makeItem({ part: part.pk });
    const reader = await tokenFor(await makeUser({ roles: { stock: ['view'] } }));
    expect(
      (await api('POST', '/api/stock/', { token: reader, body: { part: part.pk, quantity: 1 } })).status,
    ).toBe(403);
    const up = await api('PATCH', '/api/stock/', { token: admin, body: { items: [a.pk, b.pk], status: 55 } });
    expect(up.body).toEqual({ success: 'Updated 2 items' });
    const none = await api('PATCH', '/api/stock/', { token: admin, body: { status: 55 } });
    expect(none.body.non_field_errors).toBe('List of items or filters must be provided for bulk operation');
    const del = await api('DELETE', '/api/stock/', { token: admin, body: { filters: { part: part.pk } } });
    expect(del.body).toEqual({ success: 'Deleted 2 items' });
  });

  it('records test results against the part tree templates, and counts them on the template', async () => {
    const part = await makePart({ testable: true });
    const other = await makePart({ testable: true });
    const [t] = await db
      .insert(partTestTemplates)
      .values({ partId: part.pk, testName: 'Voltage', key: 'voltage' })
      .returning();
    const [t2] = await db
      .insert(partTestTemplates)
      .values({ partId: other.pk, testName: 'Other', key: 'other' })
      .returning();
    const item = await makeItem({ part: part.pk });
    const ok = await api('POST', '/api/stock/test/', {
      token: admin,
      body: [
        { stock_item: item.pk, template: t!.id, result: true, value: '5V' },
        { stock_item: item.pk, template: t!.id, result: false },
      ],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toHaveLength(2);
    const bad = await api('POST', '/api/stock/test/', {
      token: admin,
      body: { stock_item: item.pk, template: t2!.id },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.template).toBeDefined();
    const list = await api(
      'GET',
      `/api/stock/test/?stock_item=${item.pk}&result=true&user_detail=true&template_detail=true`,
      {
        token: admin,
      },
    );
    expect(list.body).toHaveLength(1);
    for (const f of contract.StockItemTestResult.read) expect(list.body[0], f).toHaveProperty(f);
    const tpl = await api('GET', `/api/part/test-template/${t!.id}/`, { token: admin });
    expect(tpl.body.results).toBe(2);
    const withTests = await api('GET', `/api/stock/${item.pk}/?tests=true`, { token: admin });
    expect(withTests.body.tests).toHaveLength(2);
  });

  it('serves the ledger with filters and details, and the status classes', async () => {
    const user = await makeUser({ superuser: true });
    const token = await tokenFor(user);
    const part = await makePart();
    const [item] = (await api('POST', '/api/stock/', { token, body: { part: part.pk, quantity: 3 } })).body;
    const t = await api('GET', `/api/stock/track/?item=${item.pk}&user_detail=true&item_detail=true`, {
      token,
    });
    expect(t.body).toHaveLength(1);
    expect(t.body[0]).toMatchObject({ tracking_type: 1, label: 'Stock item created', user: user.id });
    expect(t.body[0].user_detail.username).toBe(user.username);
    expect(t.body[0].item_detail.pk).toBe(item.pk);
    for (const f of contract.StockTracking.read.filter((f) => f !== 'part_detail'))
      expect(t.body[0], f).toHaveProperty(f);
    expect(
      (await api('GET', `/api/stock/track/?part=${part.pk}&user=${user.id}`, { token })).body,
    ).toHaveLength(1);
    expect((await api('GET', `/api/stock/track/${t.body[0].pk}/`, { token })).body.pk).toBe(t.body[0].pk);
    const s = await api('GET', '/api/stock/status/', { token });
    expect(s.body.class).toBe('StockStatus');
    expect(s.body.values.OK).toEqual({ key: 10, name: 'OK', label: 'OK', color: 'success' });
    expect((await api('GET', '/api/stock/track/status/', { token })).body.values.CREATED.key).toBe(1);
    expect(unique('x')).toBeTruthy();
  });
});
