import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { stockItems, stockLocations } from '@/db/schema';
import { api } from '../api';
import contract from '../contract/v534.json';
import { makeUser, tokenFor, unique } from '../factories';
import { makePart } from '../parts';
import { makeItem, makeLocation } from '../stock';

describe('stock locations', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('stores path, level and ancestors; moving or renaming rewrites the whole subtree', async () => {
    const a = await api('POST', '/api/stock/location/', { token: admin, body: { name: unique('A') } });
    expect(a.status).toBe(201);
    const b = await api('POST', '/api/stock/location/', {
      token: admin,
      body: { name: 'B', parent: a.body.pk },
    });
    const c = await api('POST', '/api/stock/location/', {
      token: admin,
      body: { name: 'C', parent: b.body.pk },
    });
    expect(c.body).toMatchObject({ pathstring: `${a.body.name}/B/C`, level: 2, parent: b.body.pk });
    const d = await makeLocation();
    const moved = await api('PATCH', `/api/stock/location/${b.body.pk}/`, {
      token: admin,
      body: { parent: d.pk },
    });
    expect(moved.body).toMatchObject({ pathstring: `${d.name}/B`, level: 1 });
    await api('PATCH', `/api/stock/location/${d.pk}/`, { token: admin, body: { name: `${d.name}x` } });
    const c2 = await api('GET', `/api/stock/location/${c.body.pk}/?path_detail=true`, { token: admin });
    expect(c2.body.pathstring).toBe(`${d.name}x/B/C`);
    expect(c2.body.path.map((p: { name: string }) => p.name)).toEqual([`${d.name}x`, 'B', 'C']);
    const cycle = await api('PATCH', `/api/stock/location/${d.pk}/`, {
      token: admin,
      body: { parent: c.body.pk },
    });
    expect(cycle.status).toBe(400);
  });

  it('counts items here and below and sublocations; filters parent, cascade, depth, top level, structural, external', async () => {
    const part = await makePart();
    const root = await makeLocation();
    const child = await makeLocation({ parent: root.pk, external: true });
    const grandchild = await makeLocation({ parent: child.pk, structural: true });
    await makeItem({ part: part.pk, location: root.pk });
    await makeItem({ part: part.pk, location: child.pk });
    await makeItem({ part: part.pk, location: child.pk });
    const r = await api('GET', `/api/stock/location/${root.pk}/`, { token: admin });
    expect(r.body).toMatchObject({ items: 3, sublocations: 2 });
    const list = await api('GET', `/api/stock/location/?parent=${root.pk}&cascade=true`, { token: admin });
    expect(list.body.map((l: { pk: number }) => l.pk).sort()).toEqual([child.pk, grandchild.pk].sort());
    const direct = await api('GET', `/api/stock/location/?parent=${root.pk}`, { token: admin });
    expect(direct.body.map((l: { pk: number }) => l.pk)).toEqual([child.pk]);
    const shallow = await api('GET', `/api/stock/location/?parent=${root.pk}&cascade=true&depth=1`, {
      token: admin,
    });
    expect(shallow.body.map((l: { pk: number }) => l.pk)).toEqual([child.pk]);
    const structural = await api(
      'GET',
      `/api/stock/location/?parent=${root.pk}&cascade=true&structural=true`,
      {
        token: admin,
      },
    );
    expect(structural.body.map((l: { pk: number }) => l.pk)).toEqual([grandchild.pk]);
    const external = await api('GET', `/api/stock/location/?parent=${root.pk}&cascade=true&external=true`, {
      token: admin,
    });
    expect(external.body.map((l: { pk: number }) => l.pk)).toEqual([child.pk]);
    const top = await api('GET', '/api/stock/location/?top_level=true', { token: admin });
    expect(top.body.every((l: { parent: number | null }) => l.parent === null)).toBe(true);
    const search = await api('GET', `/api/stock/location/?search=${encodeURIComponent(root.name)}`, {
      token: admin,
    });
    expect(search.body.map((l: { pk: number }) => l.pk)).toContain(root.pk);
    expect((await api('GET', '/api/stock/location/?parent=99999999', { token: admin })).status).toBe(400);
  });

  it('refuses stock in structural locations, and structural status while items are inside', async () => {
    const part = await makePart();
    const s = await makeLocation({ structural: true });
    const r = await api('POST', '/api/stock/', {
      token: admin,
      body: { part: part.pk, quantity: 1, location: s.pk },
    });
    expect(r.status).toBe(400);
    expect(r.body.location).toEqual(['Stock items cannot be located into structural stock locations!']);
    const l = await makeLocation();
    await makeItem({ part: part.pk, location: l.pk });
    const m = await api('PATCH', `/api/stock/location/${l.pk}/`, {
      token: admin,
      body: { structural: true },
    });
    expect(m.status).toBe(400);
    expect(m.body.non_field_errors[0]).toMatch(/structural/);
  });

  it('deletes with InvenTree options: items and children move up, or go with delete_* flags', async () => {
    const part = await makePart();
    const root = await makeLocation();
    const mid = await makeLocation({ parent: root.pk });
    const leaf = await makeLocation({ parent: mid.pk });
    const item = await makeItem({ part: part.pk, location: mid.pk });
    expect((await api('DELETE', `/api/stock/location/${mid.pk}/`, { token: admin })).status).toBe(204);
    const [moved] = await db.select().from(stockItems).where(eq(stockItems.id, item.pk));
    expect(moved!.locationId).toBe(root.pk);
    const [leafRow] = await db.select().from(stockLocations).where(eq(stockLocations.id, leaf.pk));
    expect(leafRow).toMatchObject({ parentId: root.pk, level: 1 });
    const other = await makeItem({ part: part.pk, location: leaf.pk });
    const del = await api(
      'DELETE',
      `/api/stock/location/${root.pk}/?delete_stock_items=true&delete_sub_locations=true`,
      { token: admin },
    );
    expect(del.status).toBe(204);
    expect(await db.select().from(stockItems).where(eq(stockItems.id, other.pk))).toHaveLength(0);
    expect(await db.select().from(stockItems).where(eq(stockItems.id, item.pk))).toHaveLength(0);
    expect(await db.select().from(stockLocations).where(eq(stockLocations.id, leaf.pk))).toHaveLength(0);
  });

  it('takes the icon from the location type unless a custom icon is set; types count their locations', async () => {
    const t = await api('POST', '/api/stock/location-type/', {
      token: admin,
      body: { name: unique('Shelf'), icon: 'ti:box' },
    });
    expect(t.status).toBe(201);
    const l = await makeLocation({ location_type: t.body.pk });
    const got = await api('GET', `/api/stock/location/${l.pk}/`, { token: admin });
    expect(got.body).toMatchObject({
      icon: 'ti:box',
      custom_icon: '',
      location_type_detail: { pk: t.body.pk },
    });
    const custom = await api('PATCH', `/api/stock/location/${l.pk}/`, {
      token: admin,
      body: { custom_icon: 'ti:star' },
    });
    expect(custom.body.icon).toBe('ti:star');
    const typed = await api('GET', `/api/stock/location/?location_type=${t.body.pk}`, { token: admin });
    expect(typed.body.map((x: { pk: number }) => x.pk)).toEqual([l.pk]);
    expect(
      (await api('GET', `/api/stock/location-type/${t.body.pk}/`, { token: admin })).body.location_count,
    ).toBe(1);
  });

  it('serves the tree in path order with sublocations of all levels and resolved icons, paged with limit', async () => {
    const type = await api('POST', '/api/stock/location-type/', {
      token: admin,
      body: { name: unique('Type'), icon: 'ti:box:outline' },
    });
    const root = await makeLocation();
    const child = await makeLocation({ parent: root.pk, location_type: type.body.pk });
    const grandchild = await makeLocation({ parent: child.pk, structural: true });
    const tree = await api('GET', '/api/stock/location/tree/', { token: admin });
    expect(tree.status).toBe(200);
    const node = (pk: number) => tree.body.find((t: { pk: number }) => t.pk === pk);
    const detail = (await api('GET', `/api/stock/location/${root.pk}/`, { token: admin })).body;
    expect(node(root.pk)).toStrictEqual({
      pk: root.pk,
      name: root.name,
      description: '',
      pathstring: root.name,
      parent: null,
      tree_id: root.pk,
      level: 0,
      icon: detail.icon,
      structural: false,
      sublocations: 2,
    });
    expect(node(child.pk)).toMatchObject({
      tree_id: root.pk,
      level: 1,
      icon: 'ti:box:outline',
      sublocations: 1,
    });
    expect(node(grandchild.pk)).toMatchObject({ level: 2, structural: true, sublocations: 0 });
    const at = (pk: number) => tree.body.findIndex((t: { pk: number }) => t.pk === pk);
    expect(at(root.pk)).toBeLessThan(at(child.pk));
    expect(at(child.pk)).toBeLessThan(at(grandchild.pk));
    const page = await api('GET', '/api/stock/location/tree/?limit=2&offset=1', { token: admin });
    expect(Object.keys(page.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(page.body).toMatchObject({
      count: tree.body.length,
      previous: 'http://localhost:3000/api/stock/location/tree/?limit=2',
      results: tree.body.slice(1, 3),
    });
    const sub = await api('GET', `/api/stock/location/tree/?tree_id=${root.pk}&ordering=-sublocations`, {
      token: admin,
    });
    expect(sub.body.map((t: { pk: number }) => t.pk)).toEqual([root.pk, child.pk, grandchild.pk]);
  });

  it('needs the stock_location role, stars per user, serves the tree and every v534 Location field', async () => {
    const reader = await tokenFor(await makeUser({ roles: { stock_location: ['view'] } }));
    const editor = await tokenFor(await makeUser({ roles: { stock_location: ['view', 'change'] } }));
    const stockOnly = await tokenFor(await makeUser({ roles: { stock: ['view'] } }));
    const l = await makeLocation();
    expect((await api('GET', '/api/stock/location/', { token: stockOnly })).status).toBe(403);
    expect(
      (await api('POST', '/api/stock/location/', { token: reader, body: { name: unique('x') } })).status,
    ).toBe(403);
    expect(
      (await api('PATCH', `/api/stock/location/${l.pk}/`, { token: editor, body: { starred: true } })).status,
    ).toBe(200);
    const starred = await api('GET', '/api/stock/location/?starred=true', { token: editor });
    expect(starred.body.map((x: { pk: number }) => x.pk)).toEqual([l.pk]);
    const tree = await api('GET', '/api/stock/location/tree/', { token: reader });
    expect(tree.body.find((t: { pk: number }) => t.pk === l.pk)).toMatchObject({
      name: l.name,
      level: 0,
      sublocations: 0,
    });
    for (const f of contract.LocationTree.read) expect(tree.body[0], f).toHaveProperty(f);
    const detail = await api('GET', `/api/stock/location/${l.pk}/?path_detail=true`, { token: reader });
    for (const f of contract.Location.read.filter((f) => f !== 'parameters'))
      expect(detail.body, f).toHaveProperty(f);
    const bulk = await api('PATCH', '/api/stock/location/', {
      token: editor,
      body: { items: [l.pk], description: 'bulk' },
    });
    expect(bulk.body).toEqual({ success: 'Updated 1 items' });
  });
});
