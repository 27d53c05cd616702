import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { partTestTemplates, stockItems, stockTestResults } from '@/db/schema';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { makePart } from '../parts';
import { history, itemRow, makeLocation, makeStock } from '../stockops-rows';

const setSetting = (token: string, key: string, value: unknown) =>
  api('PATCH', `/api/settings/global/${key}/`, { token, body: { value } });

describe('stock operations', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });
  const post = (path: string, body: unknown, token = admin) => api('POST', path, { token, body });

  it('count sets the quantity, stocktake date/user and writes STOCK_COUNT; 0 + delete_on_deplete deletes', async () => {
    const part = await makePart();
    const a = await makeStock(part, { quantity: '10' });
    const b = await makeStock(part, { quantity: '4', deleteOnDeplete: true });
    const r = await post('/api/stock/count/', {
      items: [
        { pk: a.id, quantity: '7.5' },
        { pk: b.id, quantity: 0 },
      ],
      notes: 'n',
    });
    expect(r.status).toBe(201);
    const row = await itemRow(a.id);
    expect(row!.quantity).toBe('7.50000');
    expect(row!.stocktakeDate).not.toBeNull();
    expect(row!.stocktakeUserId).not.toBeNull();
    const h = await history(a.id);
    expect(h.map((t) => [t.trackingType, t.deltas, t.notes])).toEqual([[10, { quantity: 7.5 }, 'n']]);
    expect(await itemRow(b.id)).toBeUndefined();
  });

  it('add adds in SQL with STOCK_ADD {added, quantity}; serialized items are refused', async () => {
    const part = await makePart({ trackable: true });
    const a = await makeStock(part, { quantity: '2' });
    const s = await makeStock(part, { quantity: '1', serial: unique('S') });
    const ok = await post('/api/stock/add/', { items: [{ pk: a.id, quantity: 3 }] });
    expect(ok.status).toBe(201);
    expect((await itemRow(a.id))!.quantity).toBe('5.00000');
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [11, { added: 3, quantity: 5 }],
    ]);
    const bad = await post('/api/stock/add/', { items: [{ pk: s.id, quantity: 1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.items[0].pk[0]).toMatch(/serialized/);
    expect((await itemRow(s.id))!.quantity).toBe('1.00000');
  });

  it('trackable parts take integer quantities only', async () => {
    const part = await makePart({ trackable: true });
    const a = await makeStock(part, { quantity: '5' });
    const r = await post('/api/stock/remove/', { items: [{ pk: a.id, quantity: '1.5' }] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ items: [{ quantity: ['Quantity must be integer'] }] });
  });

  it('remove never goes below zero; serialized refused; depleted delete_on_deplete item deleted', async () => {
    const part = await makePart();
    const a = await makeStock(part, { quantity: '3', deleteOnDeplete: false });
    const over = await post('/api/stock/remove/', { items: [{ pk: a.id, quantity: '3.00001' }] });
    expect(over.status).toBe(400);
    expect(over.body.items[0].quantity[0]).toMatch(/must not exceed available stock quantity \(3\)/);
    expect((await post('/api/stock/remove/', { items: [{ pk: a.id, quantity: 3 }] })).status).toBe(201);
    expect((await itemRow(a.id))!.quantity).toBe('0.00000');
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [12, { removed: 3, quantity: 0 }],
    ]);
    const d = await makeStock(part, { quantity: '2', deleteOnDeplete: true });
    expect((await post('/api/stock/remove/', { items: [{ pk: d.id, quantity: 2 }] })).status).toBe(201);
    expect(await itemRow(d.id)).toBeUndefined();
    const tp = await makePart({ trackable: true });
    const s = await makeStock(tp, { quantity: '1', serial: unique('S') });
    const rs = await post('/api/stock/remove/', { items: [{ pk: s.id, quantity: 1 }] });
    expect(rs.status).toBe(400);
    expect(await itemRow(s.id)).toBeDefined();
  });

  it('a failing item in a multi-item request leaves everything unchanged and answers aligned errors', async () => {
    const part = await makePart();
    const a = await makeStock(part, { quantity: '5' });
    const b = await makeStock(part, { quantity: '1' });
    const r = await post('/api/stock/remove/', {
      items: [
        { pk: a.id, quantity: 2 },
        { pk: b.id, quantity: 4 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      items: [{}, { quantity: ['Quantity must not exceed available stock quantity (1)'] }],
    });
    expect((await itemRow(a.id))!.quantity).toBe('5.00000');
    expect(await history(a.id)).toEqual([]);
    const missing = await post('/api/stock/add/', {
      items: [
        { pk: a.id, quantity: 1 },
        { pk: 2147483000, quantity: 1 },
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.items[0]).toEqual({});
    expect(missing.body.items[1].pk[0]).toMatch(/object does not exist/);
    const neg = await post('/api/stock/add/', { items: [{ pk: a.id, quantity: -1 }] });
    expect(neg.body).toEqual({ items: [{ quantity: ['Ensure this value is greater than or equal to 0.'] }] });
    expect((await post('/api/stock/add/', { items: [] })).body).toEqual({
      non_field_errors: ['A list of stock items must be provided'],
    });
  });

  it('transfer: partial splits (40 on child, 42 on source), full moves (20), same location updates (25)', async () => {
    const part = await makePart();
    const [l1, l2] = [await makeLocation(), await makeLocation()];
    const a = await makeStock(part, { quantity: '10', locationId: l1.id, batch: 'B1' });
    const r = await post('/api/stock/transfer/', {
      items: [{ pk: a.id, quantity: 4 }],
      location: l2.id,
      notes: 'x',
    });
    expect(r.status).toBe(201);
    const [child] = await db.select().from(stockItems).where(eq(stockItems.parentId, a.id));
    expect(child).toMatchObject({ quantity: '4.00000', locationId: l2.id, batch: 'B1' });
    expect(await itemRow(a.id)).toMatchObject({ quantity: '6.00000', locationId: l1.id });
    expect((await history(child!.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [40, { stockitem: a.id, quantity: 4, location: l2.id }],
    ]);
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [42, { stockitem: child!.id, removed: 4, quantity: 6, location: l2.id }],
    ]);
    await post('/api/stock/transfer/', { items: [{ pk: a.id, quantity: 6 }], location: l2.id });
    expect((await itemRow(a.id))!.locationId).toBe(l2.id);
    await post('/api/stock/transfer/', { items: [{ pk: a.id, quantity: 6 }], location: l2.id });
    expect((await history(a.id)).map((t) => t.trackingType)).toEqual([42, 20, 25]);
  });

  it('transfer refuses structural locations and out-of-stock items unless the setting allows', async () => {
    const part = await makePart();
    const s = await makeLocation({ structural: true });
    const l = await makeLocation();
    const a = await makeStock(part, { quantity: '3' });
    const r1 = await post('/api/stock/transfer/', { items: [{ pk: a.id, quantity: 1 }], location: s.id });
    expect(r1.status).toBe(400);
    expect(r1.body.location[0]).toMatch(/does not exist/);
    const c = await makeStock(part, { quantity: '3', customerId: 7 });
    const r2 = await post('/api/stock/transfer/', { items: [{ pk: c.id, quantity: 3 }], location: l.id });
    expect(r2.body).toEqual({ items: [{ pk: ['Stock item is not in stock'] }] });
    await setSetting(admin, 'STOCK_ALLOW_OUT_OF_STOCK_TRANSFER', true);
    try {
      expect(
        (await post('/api/stock/transfer/', { items: [{ pk: c.id, quantity: 3 }], location: l.id })).status,
      ).toBe(201);
    } finally {
      await setSetting(admin, 'STOCK_ALLOW_OUT_OF_STOCK_TRANSFER', false);
    }
    expect((await itemRow(c.id))!.locationId).toBe(l.id);
  });

  it('merge sums into the first item, weights the purchase price, deletes the others (45)', async () => {
    const part = await makePart();
    const l = await makeLocation();
    const a = await makeStock(part, { quantity: '2', purchasePrice: '10', purchasePriceCurrency: 'USD' });
    const b = await makeStock(part, { quantity: '6', purchasePrice: '2', purchasePriceCurrency: 'USD' });
    const r = await post('/api/stock/merge/', { items: [{ item: a.id }, { item: b.id }], location: l.id });
    expect(r.status).toBe(201);
    expect(await itemRow(b.id)).toBeUndefined();
    expect(await itemRow(a.id)).toMatchObject({
      quantity: '8.00000',
      purchasePrice: '4.000000',
      locationId: l.id,
    });
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [45, { location: l.id, added: 6, quantity: 8 }],
    ]);
  });

  it('merge rules: same part, same supplier part and status unless allowed, nothing serialized/assigned', async () => {
    const [p1, p2] = [await makePart(), await makePart()];
    const l = await makeLocation();
    const a = await makeStock(p1);
    const other = await makeStock(p2);
    const m = (items: number[], extra = {}) =>
      post('/api/stock/merge/', { items: items.map((item) => ({ item })), location: l.id, ...extra });
    expect((await m([a.id, other.id])).body).toEqual({
      non_field_errors: ['Stock items must refer to the same part'],
    });
    const damaged = await makeStock(p1, { status: 55 });
    expect((await m([a.id, damaged.id])).body).toEqual({
      non_field_errors: ['Stock status codes must match'],
    });
    expect((await m([a.id, damaged.id], { allow_mismatched_status: true })).status).toBe(201);
    const b = await makeStock(p1);
    const sp = await makeStock(p1, { supplierPartId: 99 });
    expect((await m([b.id, sp.id])).body).toEqual({
      non_field_errors: ['Stock items must refer to the same supplier part'],
    });
    const cust = await makeStock(p1, { customerId: 3 });
    expect((await m([b.id, cust.id])).body).toEqual({
      items: [{}, { item: ['Stock item has been assigned to a customer'] }],
    });
    const tp = await makePart({ trackable: true });
    const s1 = await makeStock(tp, { quantity: '1', serial: unique('S') });
    const s2 = await makeStock(tp, { quantity: '3' });
    expect((await m([s2.id, s1.id])).body.items[1].item).toEqual(['Serialized stock cannot be merged']);
    expect((await m([b.id])).body).toEqual({
      non_field_errors: ['At least two stock items must be provided'],
    });
  });

  it('assign sends items to a customer (100), clears location; needs salable parts in stock', async () => {
    const part = await makePart({ salable: true });
    const l = await makeLocation();
    const a = await makeStock(part, { locationId: l.id });
    const r = await post('/api/stock/assign/', { items: [{ item: a.id }], customer: 42, notes: 'sold' });
    expect(r.status).toBe(201);
    expect(await itemRow(a.id)).toMatchObject({ customerId: 42, locationId: null, inStock: false });
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([[100, { customer: 42 }]]);
    const again = await post('/api/stock/assign/', { items: [{ item: a.id }], customer: 42 });
    expect(again.body).toEqual({ items: [{ item: ['Item must be in stock'] }] });
    const np = await makePart({ salable: false });
    const b = await makeStock(np);
    expect((await post('/api/stock/assign/', { items: [{ item: b.id }], customer: 42 })).body).toEqual({
      items: [{ item: ['Part must be salable'] }],
    });
  });

  it('return brings items back (105 from a customer, 15 otherwise), splitting partial quantities', async () => {
    const part = await makePart();
    const l = await makeLocation();
    const a = await makeStock(part, { quantity: '5', customerId: 9 });
    const r = await post('/api/stock/return/', { items: [{ pk: a.id, quantity: 5 }], location: l.id });
    expect(r.status).toBe(201);
    expect(await itemRow(a.id)).toMatchObject({ customerId: null, locationId: l.id, inStock: true });
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [105, { location: l.id, customer: 9 }],
    ]);
    const again = await post('/api/stock/return/', { items: [{ pk: a.id, quantity: 1 }], location: l.id });
    expect(again.body).toEqual({ items: [{ pk: ['Stock item is already in stock'] }] });
    const b = await makeStock(part, { quantity: '5', status: 65 });
    await post('/api/stock/return/', { items: [{ pk: b.id, quantity: 2, status: 10 }], location: l.id });
    const [child] = await db.select().from(stockItems).where(eq(stockItems.parentId, b.id));
    expect(child).toMatchObject({ quantity: '2.00000', status: 10, locationId: l.id });
    expect((await history(child!.id)).map((t) => t.trackingType)).toEqual([40, 15]);
    expect((await itemRow(b.id))!.quantity).toBe('3.00000');
  });

  it('change_status writes EDITED with the status delta, skipping unchanged items', async () => {
    const part = await makePart();
    const a = await makeStock(part);
    const b = await makeStock(part, { status: 50 });
    const r = await post('/api/stock/change_status/', { items: [a.id, b.id], status: 50, note: 'check' });
    expect(r.status).toBe(201);
    expect((await itemRow(a.id))!.status).toBe(50);
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas, t.notes])).toEqual([
      [5, { status: 50 }, 'check'],
    ]);
    expect(await history(b.id)).toEqual([]);
    expect((await post('/api/stock/change_status/', { items: [a.id], status: 11 })).body).toEqual({
      status: ['"11" is not a valid choice.'],
    });
    expect((await post('/api/stock/change_status/', { items: [2147483000] })).body).toEqual({
      items: ['Invalid pk "2147483000" - object does not exist.'],
    });
  });

  it('install splits a partial quantity into the assembly item (30/35); uninstall reverses (31/36)', async () => {
    const asmPart = await makePart({ assembly: true });
    const comp = await makePart();
    const l = await makeLocation();
    const asm = await makeStock(asmPart, { quantity: '1', locationId: l.id });
    const c = await makeStock(comp, { quantity: '5', locationId: l.id });
    const r = await post(`/api/stock/${asm.id}/install/`, { stock_item: c.id, quantity: 2, note: 'fit' });
    expect(r.status).toBe(201);
    const [installed] = await db.select().from(stockItems).where(eq(stockItems.belongsToId, asm.id));
    expect(installed).toMatchObject({
      quantity: '2.00000',
      locationId: null,
      parentId: c.id,
      inStock: false,
    });
    expect((await itemRow(c.id))!.quantity).toBe('3.00000');
    expect((await history(installed!.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [40, { stockitem: c.id, quantity: 2 }],
      [30, { stockitem: asm.id }],
    ]);
    expect((await history(asm.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [35, { stockitem: installed!.id }],
    ]);
    const u = await post(`/api/stock/${installed!.id}/uninstall/`, { location: l.id });
    expect(u.status).toBe(201);
    expect(await itemRow(installed!.id)).toMatchObject({
      belongsToId: null,
      locationId: l.id,
      inStock: true,
    });
    expect((await history(asm.id)).map((t) => t.trackingType)).toEqual([35, 36]);
    expect((await history(installed!.id)).map((t) => t.trackingType)).toEqual([40, 30, 31]);
  });

  it('install refuses the same part, too large quantities and items not in stock', async () => {
    const p = await makePart({ assembly: true });
    const a1 = await makeStock(p, { quantity: '1' });
    const a2 = await makeStock(p, { quantity: '1' });
    expect((await post(`/api/stock/${a1.id}/install/`, { stock_item: a2.id })).body.stock_item[0]).toMatch(
      /same part/,
    );
    const comp = await makePart();
    const c = await makeStock(comp, { quantity: '1' });
    expect((await post(`/api/stock/${a1.id}/install/`, { stock_item: c.id, quantity: 2 })).body).toEqual({
      quantity: ['Quantity to install must not exceed available quantity'],
    });
    const gone = await makeStock(comp, { quantity: '1', customerId: 4 });
    expect((await post(`/api/stock/${a1.id}/install/`, { stock_item: gone.id })).body).toEqual({
      stock_item: ['Stock item is unavailable'],
    });
    expect((await post('/api/stock/2147483000/install/', { stock_item: c.id })).status).toBe(404);
  });

  it('serialize creates quantity-1 children (40 + 6), reduces the parent (13), returns them', async () => {
    const part = await makePart({ trackable: true });
    const l = await makeLocation();
    const a = await makeStock(part, { quantity: '5' });
    const [tmpl] = await db
      .insert(partTestTemplates)
      .values({
        partId: part.pk,
        testName: 'Burn in',
        key: unique('burnin'),
      } as typeof partTestTemplates.$inferInsert)
      .returning();
    await db.insert(stockTestResults).values({ stockItemId: a.id, templateId: tmpl!.id, result: true });
    const r = await post(`/api/stock/${a.id}/serialize/`, {
      quantity: 3,
      serial_numbers: '100-102',
      destination: l.id,
    });
    expect(r.status).toBe(201);
    expect(r.body.map((i: { serial: string }) => i.serial)).toEqual(['100', '101', '102']);
    expect(r.body[0]).toMatchObject({ quantity: 1, location: l.id, parent: a.id });
    expect((await itemRow(a.id))!.quantity).toBe('2.00000');
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [13, { removed: 3, quantity: 2 }],
    ]);
    expect((await history(r.body[0].pk)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [40, { stockitem: a.id, quantity: 1, location: l.id }],
      [6, { serial: '100' }],
    ]);
    const copied = await db
      .select()
      .from(stockTestResults)
      .where(eq(stockTestResults.stockItemId, r.body[0].pk));
    expect(copied).toHaveLength(1);
  });

  it('serialize rules: trackable part, quantity limits, serial count and uniqueness in the variant tree', async () => {
    const l = await makeLocation();
    const plain = await makePart();
    const p = await makeStock(plain, { quantity: '3' });
    expect(
      (await post(`/api/stock/${p.id}/serialize/`, { quantity: 1, serial_numbers: '1', destination: l.id }))
        .body,
    ).toEqual({
      non_field_errors: ['Serial numbers cannot be assigned to this part'],
    });
    const tmpl = await makePart({ trackable: true, is_template: true });
    const variant = await makePart({ trackable: true, variant_of: tmpl.pk });
    const a = await makeStock(tmpl, { quantity: '3' });
    const b = await makeStock(variant, { quantity: '3' });
    expect(
      (await post(`/api/stock/${a.id}/serialize/`, { quantity: 4, serial_numbers: '1-4', destination: l.id }))
        .body.quantity[0],
    ).toMatch(/must not exceed/);
    expect(
      (await post(`/api/stock/${a.id}/serialize/`, { quantity: 2, serial_numbers: '1-3', destination: l.id }))
        .body.serial_numbers[0],
    ).toMatch(/must match quantity/);
    expect(
      (await post(`/api/stock/${a.id}/serialize/`, { quantity: 2, serial_numbers: '1,2', destination: l.id }))
        .status,
    ).toBe(201);
    const dup = await post(`/api/stock/${b.id}/serialize/`, {
      quantity: 2,
      serial_numbers: '2,3',
      destination: l.id,
    });
    expect(dup.body).toEqual({ serial_numbers: ['Serial numbers already exist: 2'] });
    expect((await itemRow(b.id))!.quantity).toBe('3.00000');
    const next = await post(`/api/stock/${b.id}/serialize/`, {
      quantity: 1,
      serial_numbers: '~',
      destination: l.id,
    });
    expect(next.body[0].serial).toBe('3');
  });

  it('convert moves an item to a variant in the same tree (48); other trees refused', async () => {
    const tmpl = await makePart({ is_template: true });
    const variant = await makePart({ variant_of: tmpl.pk });
    const stranger = await makePart();
    const a = await makeStock(tmpl);
    expect((await post(`/api/stock/${a.id}/convert/`, { part: stranger.pk })).body).toEqual({
      part: ['Selected part is not a valid option for conversion'],
    });
    const r = await post(`/api/stock/${a.id}/convert/`, { part: variant.pk });
    expect(r.status).toBe(201);
    expect(await itemRow(a.id)).toMatchObject({ partId: variant.pk, partTreeId: tmpl.pk });
    expect((await history(a.id)).map((t) => [t.trackingType, t.deltas])).toEqual([
      [48, { part: variant.pk }],
    ]);
  });

  it('needs stock.change for adjustments and stock.add for item actions', async () => {
    const part = await makePart();
    const a = await makeStock(part);
    const viewer = await tokenFor(await makeUser({ roles: { stock: ['view', 'add'] } }));
    expect((await post('/api/stock/add/', { items: [{ pk: a.id, quantity: 1 }] }, viewer)).status).toBe(403);
    const changer = await tokenFor(await makeUser({ roles: { stock: ['view', 'change'] } }));
    expect((await post('/api/stock/add/', { items: [{ pk: a.id, quantity: 1 }] }, changer)).status).toBe(201);
    expect((await post(`/api/stock/${a.id}/convert/`, { part: part.pk }, changer)).status).toBe(403);
  });
});
