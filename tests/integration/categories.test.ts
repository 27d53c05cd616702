import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { partCategories, parts } from '@/db/schema';
import { api } from '../api';
import contract from '../contract/v534.json';
import { makeUser, tokenFor, unique } from '../factories';
import { makeCategory, makePart } from '../parts';

describe('part categories', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('stores path, level and ancestors; moving or renaming rewrites the whole subtree', async () => {
    const a = await api('POST', '/api/part/category/', { token: admin, body: { name: unique('A') } });
    expect(a.status).toBe(201);
    const b = await api('POST', '/api/part/category/', {
      token: admin,
      body: { name: 'B', parent: a.body.pk },
    });
    const c = await api('POST', '/api/part/category/', {
      token: admin,
      body: { name: 'C', parent: b.body.pk },
    });
    expect(c.body).toMatchObject({ pathstring: `${a.body.name}/B/C`, level: 2, parent: b.body.pk });
    const d = await api('POST', '/api/part/category/', { token: admin, body: { name: unique('D') } });
    const moved = await api('PATCH', `/api/part/category/${b.body.pk}/`, {
      token: admin,
      body: { parent: d.body.pk },
    });
    expect(moved.body).toMatchObject({ pathstring: `${d.body.name}/B`, level: 1 });
    const c2 = await api('GET', `/api/part/category/${c.body.pk}/?path_detail=true`, { token: admin });
    expect(c2.body.pathstring).toBe(`${d.body.name}/B/C`);
    expect(c2.body.path.map((p: { name: string }) => p.name)).toEqual([d.body.name, 'B', 'C']);
    await api('PATCH', `/api/part/category/${d.body.pk}/`, {
      token: admin,
      body: { name: `${d.body.name}x` },
    });
    expect((await api('GET', `/api/part/category/${c.body.pk}/`, { token: admin })).body.pathstring).toBe(
      `${d.body.name}x/B/C`,
    );
    const cycle = await api('PATCH', `/api/part/category/${d.body.pk}/`, {
      token: admin,
      body: { parent: c.body.pk },
    });
    expect(cycle.status).toBe(400);
    expect(cycle.body.parent).toBeDefined();
  });

  it('counts parts across subcategories and filters by parent, cascade, depth and top level', async () => {
    const root = await makeCategory();
    const child = await makeCategory({ parent: root.pk });
    const grandchild = await makeCategory({ parent: child.pk });
    await makePart({ category: root.pk });
    await makePart({ category: grandchild.pk });
    await makePart({ category: grandchild.pk });
    const r = await api('GET', `/api/part/category/${root.pk}/`, { token: admin });
    // InvenTree counts every level below (its lft/rght range), not only the direct children.
    expect(r.body).toMatchObject({ part_count: 3, subcategories: 2 });
    const direct = await api('GET', `/api/part/category/?parent=${root.pk}`, { token: admin });
    expect(direct.body.map((c: { pk: number }) => c.pk)).toEqual([child.pk]);
    const all = await api('GET', `/api/part/category/?parent=${root.pk}&cascade=true`, { token: admin });
    expect(all.body.map((c: { pk: number }) => c.pk).sort()).toEqual([child.pk, grandchild.pk].sort());
    const top = await api('GET', '/api/part/category/?top_level=true', { token: admin });
    expect(top.body.every((c: { parent: number | null }) => c.parent === null)).toBe(true);
    const shallow = await api('GET', `/api/part/category/?parent=${root.pk}&cascade=true&depth=1`, {
      token: admin,
    });
    expect(shallow.body.map((c: { pk: number }) => c.pk)).toEqual([child.pk]);
    const bad = await api('GET', '/api/part/category/?parent=99999999', { token: admin });
    expect(bad.status).toBe(400);
  });

  it('serves the tree in path order with subcategories of all levels, paged with limit', async () => {
    const root = await makeCategory();
    const child = await makeCategory({ parent: root.pk });
    const grandchild = await makeCategory({ parent: child.pk });
    const tree = await api('GET', '/api/part/category/tree/', { token: admin });
    expect(tree.status).toBe(200);
    const node = (pk: number) => tree.body.find((t: { pk: number }) => t.pk === pk);
    expect(node(root.pk)).toStrictEqual({
      pk: root.pk,
      name: root.name,
      description: '',
      pathstring: root.name,
      parent: null,
      tree_id: root.pk,
      level: 0,
      icon: '',
      structural: false,
      subcategories: 2,
    });
    expect(node(child.pk)).toMatchObject({ parent: root.pk, tree_id: root.pk, level: 1, subcategories: 1 });
    expect(node(grandchild.pk)).toMatchObject({
      pathstring: `${root.name}/${child.name}/${grandchild.name}`,
    });
    expect(node(grandchild.pk).subcategories).toBe(0);
    const at = (pk: number) => tree.body.findIndex((t: { pk: number }) => t.pk === pk);
    expect(at(root.pk)).toBeLessThan(at(child.pk));
    expect(at(child.pk)).toBeLessThan(at(grandchild.pk));
    const page = await api('GET', '/api/part/category/tree/?limit=1&offset=1', { token: admin });
    expect(Object.keys(page.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(page.body).toMatchObject({
      count: tree.body.length,
      previous: 'http://localhost:3000/api/part/category/tree/?limit=1',
      results: [tree.body[1]],
    });
    const most = await api('GET', '/api/part/category/tree/?limit=1&ordering=-subcategories', {
      token: admin,
    });
    expect(most.body.results[0].subcategories).toBe(
      Math.max(...tree.body.map((t: { subcategories: number }) => t.subcategories)),
    );
    const children = await api('GET', `/api/part/category/tree/?parent=${root.pk}`, { token: admin });
    expect(children.body).toEqual([node(child.pk)]);
    const none = await api('GET', '/api/part/category/tree/?search=no-such-category-anywhere', {
      token: admin,
    });
    expect(none.body).toEqual([]);
  });

  it('refuses parts in structural categories, and structural status while parts are inside', async () => {
    const s = await makeCategory({ structural: true });
    const p = await api('POST', '/api/part/', { token: admin, body: { name: unique('P'), category: s.pk } });
    expect(p.status).toBe(400);
    expect(p.body.category).toEqual(['Parts cannot be assigned to structural part categories!']);
    const c = await makeCategory();
    await makePart({ category: c.pk });
    const r = await api('PATCH', `/api/part/category/${c.pk}/`, { token: admin, body: { structural: true } });
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors[0]).toMatch(/structural/);
  });

  it('deletes with InvenTree options: parts and children move up, or go with delete_* flags', async () => {
    const root = await makeCategory();
    const mid = await makeCategory({ parent: root.pk });
    const leaf = await makeCategory({ parent: mid.pk });
    const p = await makePart({ category: mid.pk });
    expect((await api('DELETE', `/api/part/category/${mid.pk}/`, { token: admin })).status).toBe(204);
    const [moved] = await db.select().from(parts).where(eq(parts.id, p.pk));
    expect(moved!.categoryId).toBe(root.pk);
    const [leafRow] = await db.select().from(partCategories).where(eq(partCategories.id, leaf.pk));
    expect(leafRow).toMatchObject({ parentId: root.pk, level: 1 });
    const q = await makePart({ category: leaf.pk, active: false });
    expect(
      (
        await api('DELETE', `/api/part/category/${root.pk}/?delete_parts=true&delete_child_categories=true`, {
          token: admin,
        })
      ).status,
    ).toBe(204);
    expect(await db.select().from(parts).where(eq(parts.id, q.pk))).toHaveLength(0);
    expect(await db.select().from(partCategories).where(eq(partCategories.id, leaf.pk))).toHaveLength(0);
  });

  it('stars per user, serves the tree endpoint, and answers every v534 Category field', async () => {
    const viewer = await tokenFor(await makeUser({ roles: { part_category: ['view', 'change'] } }));
    const reader = await tokenFor(await makeUser({ roles: { part_category: ['view'] } }));
    const c = await makeCategory();
    // InvenTree: starring goes through PATCH, which needs the change permission.
    expect(
      (await api('PATCH', `/api/part/category/${c.pk}/`, { token: reader, body: { starred: true } })).status,
    ).toBe(403);
    const s = await api('PATCH', `/api/part/category/${c.pk}/`, { token: viewer, body: { starred: true } });
    expect(s.status).toBe(200);
    expect(s.body.starred).toBe(true);
    expect((await api('GET', `/api/part/category/${c.pk}/`, { token: admin })).body.starred).toBe(false);
    const starred = await api('GET', '/api/part/category/?starred=true', { token: viewer });
    expect(starred.body.map((x: { pk: number }) => x.pk)).toEqual([c.pk]);
    const tree = await api('GET', '/api/part/category/tree/', { token: viewer });
    expect(tree.body.find((t: { pk: number }) => t.pk === c.pk)).toMatchObject({
      name: c.name,
      level: 0,
      subcategories: 0,
    });
    for (const f of contract.CategoryTree.read) expect(tree.body[0], f).toHaveProperty(f);
    const detail = await api('GET', `/api/part/category/${c.pk}/?path_detail=true`, { token: admin });
    for (const f of contract.Category.read.filter((f) => f !== 'parameters'))
      expect(detail.body, f).toHaveProperty(f);
  });
});
