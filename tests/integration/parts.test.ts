import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { parts, partTestTemplates } from '@/db/schema';
import { api } from '../api';
import contract from '../contract/v534.json';
import { makeUser, tokenFor, unique } from '../factories';
import { makeCategory, makePart } from '../parts';

const setSetting = (token: string, key: string, value: unknown) =>
  api('PATCH', `/api/settings/global/${key}/`, { token, body: { value } });

describe('parts', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('creates a part and answers every field of the v534 Part component', async () => {
    const cat = await makeCategory();
    const r = await api('POST', '/api/part/', {
      token: admin,
      body: {
        name: unique('Resistor'),
        IPN: unique('R'),
        description: '10k 0603',
        category: cat.pk,
        minimum_stock: '12.5',
        tags: ['smd', '0603'],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      category: cat.pk,
      category_name: cat.name,
      minimum_stock: 12.5,
      active: true,
      thumbnail: expect.any(String),
    });
    expect(r.body.full_name).toBe(`${r.body.IPN} | ${r.body.name}`);
    const detail = await api(
      'GET',
      `/api/part/${r.body.pk}/?category_detail=true&path_detail=true&location_detail=true&parameters=true&price_breaks=true&tags=true`,
      {
        token: admin,
      },
    );
    for (const f of contract.Part.read) expect(detail.body, f).toHaveProperty(f);
    expect(detail.body.tags).toEqual(['smd', '0603']);
    expect(detail.body.category_path.map((c: { pk: number }) => c.pk)).toEqual([cat.pk]);
    const list = await api('GET', `/api/part/?category=${cat.pk}`, { token: admin });
    expect(list.body[0]).not.toHaveProperty('notes');
    expect(list.body[0]).not.toHaveProperty('tags');
    expect(list.body[0]).not.toHaveProperty('category_detail');
  });

  it('enforces unique (name, IPN, revision), the IPN regex and the duplicate-IPN setting', async () => {
    const name = unique('Cap');
    expect((await api('POST', '/api/part/', { token: admin, body: { name, IPN: 'C-1' } })).status).toBe(201);
    const dup = await api('POST', '/api/part/', { token: admin, body: { name, IPN: 'C-1' } });
    expect(dup.status).toBe(400);
    expect(dup.body.non_field_errors).toEqual(['Part with this Name, IPN and Revision already exists.']);
    await setSetting(admin, 'PART_IPN_REGEX', '^C-\\d+$');
    try {
      const bad = await api('POST', '/api/part/', { token: admin, body: { name: unique('x'), IPN: 'X9' } });
      expect(bad.body.IPN).toEqual(['IPN must match regex pattern ^C-\\d+$']);
    } finally {
      await setSetting(admin, 'PART_IPN_REGEX', '');
    }
    await setSetting(admin, 'PART_ALLOW_DUPLICATE_IPN', false);
    try {
      const again = await api('POST', '/api/part/', {
        token: admin,
        body: { name: unique('other'), IPN: 'c-1' },
      });
      expect(again.body.IPN).toEqual(['Duplicate IPN not allowed in part settings']);
    } finally {
      await setSetting(admin, 'PART_ALLOW_DUPLICATE_IPN', true);
    }
  });

  it('applies the revision rules', async () => {
    const base = await makePart({ assembly: true });
    const noCode = await api('POST', '/api/part/', {
      token: admin,
      body: { name: base.name, revision_of: base.pk, assembly: true },
    });
    expect(noCode.body.revision).toEqual(['Revision code must be specified']);
    const rev = await api('POST', '/api/part/', {
      token: admin,
      body: { name: base.name, revision: 'B', revision_of: base.pk, assembly: true },
    });
    expect(rev.status).toBe(201);
    const revOfRev = await api('POST', '/api/part/', {
      token: admin,
      body: { name: base.name, revision: 'C', revision_of: rev.body.pk },
    });
    expect(revOfRev.body.revision_of).toContain(
      'Cannot make a revision of a part which is already a revision',
    );
    const self = await api('PATCH', `/api/part/${base.pk}/`, {
      token: admin,
      body: { revision: 'A', revision_of: base.pk },
    });
    expect(self.body.revision_of).toContain('Part cannot be a revision of itself');
    const template = await makePart({ is_template: true });
    const ofTemplate = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('t'), revision: 'B', revision_of: template.pk },
    });
    expect(ofTemplate.body.revision_of).toContain('Template parts cannot have revisions');
    expect((await api('GET', `/api/part/${base.pk}/`, { token: admin })).body.revision_count).toBe(1);
    const list = await api('GET', `/api/part/?revision_of=${base.pk}`, { token: admin });
    expect(list.body.map((p: { pk: number }) => p.pk)).toEqual([rev.body.pk]);
  });

  it('keeps variants under templates and filters the variant tree', async () => {
    const plain = await makePart();
    const bad = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('v'), variant_of: plain.pk },
    });
    expect(bad.body.variant_of).toEqual(['Parent part must be a template part']);
    const t = await makePart({ is_template: true });
    const sub = await makePart({ is_template: true, variant_of: t.pk });
    const leaf = await makePart({ variant_of: sub.pk });
    const anc = await api('GET', `/api/part/?ancestor=${t.pk}`, { token: admin });
    expect(anc.body.map((p: { pk: number }) => p.pk).sort()).toEqual([sub.pk, leaf.pk].sort());
    expect(
      (await api('GET', `/api/part/?variant_of=${t.pk}`, { token: admin })).body.map(
        (p: { pk: number }) => p.pk,
      ),
    ).toEqual([sub.pk]);
    const cycle = await api('PATCH', `/api/part/${t.pk}/`, { token: admin, body: { variant_of: leaf.pk } });
    expect(cycle.status).toBe(400);
    const [row] = await db.select().from(parts).where(eq(parts.id, leaf.pk));
    expect(row!.variantTreeIds).toEqual([t.pk, sub.pk, leaf.pk]);
  });

  it('refuses to delete an active or locked part; locked parts are read-only but can be unlocked', async () => {
    const p = await makePart();
    const active = await api('DELETE', `/api/part/${p.pk}/`, { token: admin });
    expect(active.status).toBe(400);
    expect(active.body.non_field_errors).toEqual(['Cannot delete this part as it is still active']);
    await api('PATCH', `/api/part/${p.pk}/`, { token: admin, body: { active: false, locked: true } });
    expect((await api('DELETE', `/api/part/${p.pk}/`, { token: admin })).body.non_field_errors).toEqual([
      'Cannot delete this part as it is locked',
    ]);
    const edit = await api('PATCH', `/api/part/${p.pk}/`, { token: admin, body: { description: 'changed' } });
    expect(edit.status).toBe(400);
    expect((await api('PATCH', `/api/part/${p.pk}/`, { token: admin, body: { locked: false } })).status).toBe(
      200,
    );
    expect((await api('DELETE', `/api/part/${p.pk}/`, { token: admin })).status).toBe(204);
  });

  it('searches name, IPN, description, keywords, tags and category name; every term must match', async () => {
    const tag = unique('zq');
    const cat = await makeCategory({ name: unique('Fasteners') });
    const a = await makePart({ name: unique('Hex bolt'), description: 'M3 x 10 steel', category: cat.pk });
    const b = await makePart({ name: unique('Washer'), keywords: `m3 ${tag}`, tags: ['steel'] });
    const ids = async (q: string) =>
      (await api('GET', `/api/part/?search=${encodeURIComponent(q)}`, { token: admin })).body.map(
        (p: { pk: number }) => p.pk,
      );
    expect(await ids(tag)).toEqual([b.pk]);
    expect(await ids(`${cat.name} steel`)).toEqual([a.pk]);
    expect((await ids(`m3 ${tag}`)).sort()).toEqual([b.pk]);
    expect(await ids(`"hex bolt" ${tag}`)).toEqual([]);
    const regex = await api(
      'GET',
      `/api/part/?search=${encodeURIComponent(`^${a.name}$`)}&search_regex=true`,
      { token: admin },
    );
    expect(regex.body.map((p: { pk: number }) => p.pk)).toEqual([a.pk]);
  });

  it('filters by category with cascade, flags, starred, IPN and name regex; orders and paginates', async () => {
    const root = await makeCategory();
    const child = await makeCategory({ parent: root.pk });
    const p1 = await makePart({ category: root.pk, name: unique('aaa'), assembly: true });
    const p2 = await makePart({ category: child.pk, name: unique('bbb'), IPN: unique('IPN') });
    const pks = (b: { pk: number }[]) => b.map((p) => p.pk);
    expect(pks((await api('GET', `/api/part/?category=${root.pk}`, { token: admin })).body).sort()).toEqual(
      [p1.pk, p2.pk].sort(),
    );
    expect(
      pks((await api('GET', `/api/part/?category=${root.pk}&cascade=false`, { token: admin })).body),
    ).toEqual([p1.pk]);
    expect(
      pks((await api('GET', `/api/part/?category=${root.pk}&assembly=true`, { token: admin })).body),
    ).toEqual([p1.pk]);
    expect(
      pks((await api('GET', `/api/part/?category=${root.pk}&has_ipn=true`, { token: admin })).body),
    ).toEqual([p2.pk]);
    expect(
      pks(
        (await api('GET', `/api/part/?IPN_regex=${encodeURIComponent(String(p2.IPN))}`, { token: admin }))
          .body,
      ),
    ).toEqual([p2.pk]);
    const page = await api('GET', `/api/part/?category=${root.pk}&ordering=-name&limit=1`, { token: admin });
    expect(page.body.count).toBe(2);
    expect(page.body.results[0].pk).toBe(p2.pk);
    expect(page.body.next).toContain('offset=1');
    const editor = await tokenFor(await makeUser({ roles: { part: ['view', 'change'] } }));
    const reader = await tokenFor(await makeUser({ roles: { part: ['view'] } }));
    // InvenTree: starring goes through PATCH, which needs the change permission.
    expect(
      (await api('PATCH', `/api/part/${p1.pk}/`, { token: reader, body: { starred: true } })).status,
    ).toBe(403);
    expect(
      (await api('PATCH', `/api/part/${p1.pk}/`, { token: editor, body: { starred: true } })).body.starred,
    ).toBe(true);
    expect(pks((await api('GET', '/api/part/?starred=true', { token: editor })).body)).toEqual([p1.pk]);
    expect(pks((await api('GET', '/api/part/?starred=true', { token: admin })).body)).not.toContain(p1.pk);
    const ro = await api('OPTIONS', `/api/part/${p1.pk}/`, { token: reader });
    expect(ro.body.actions.PUT).toBeUndefined();
    expect(ro.body.actions.GET).toEqual({});
    expect((await api('GET', '/api/part/?category=abc', { token: admin })).body).toEqual({
      category: ['Enter a number.'],
    });
  });

  it('bulk-updates through the list URL with InvenTree selections and messages, in one transaction', async () => {
    const cat = await makeCategory();
    const target = await makeCategory();
    const a = await makePart({ category: cat.pk });
    const b = await makePart({ category: cat.pk });
    const r = await api('PATCH', '/api/part/', {
      token: admin,
      body: { items: [a.pk, b.pk], category: target.pk },
    });
    expect(r.body).toEqual({ success: 'Updated 2 items' });
    const f = await api('PATCH', '/api/part/', {
      token: admin,
      body: { filters: { category: target.pk }, active: false },
    });
    expect(f.body).toEqual({ success: 'Updated 2 items' });
    expect((await api('PATCH', '/api/part/', { token: admin, body: { active: true } })).body).toEqual({
      non_field_errors: 'List of items or filters must be provided for bulk operation',
    });
    expect(
      (await api('PATCH', '/api/part/', { token: admin, body: { items: 5 } })).body.non_field_errors,
    ).toBe('Items must be provided as a list');
    expect(
      (await api('PATCH', '/api/part/', { token: admin, body: { items: [99999999] } })).body.non_field_errors,
    ).toBe('No items match the provided criteria');
    const badFilter = await api('PATCH', '/api/part/', {
      token: admin,
      body: { filters: { category: 'abc' }, active: true },
    });
    expect(badFilter.body.non_field_errors).toBe('Invalid filters provided');
    // `?all=` takes InvenTree's true words only; a digit string names a category as well as a number.
    const notAll = await api('PATCH', '/api/part/?all=no', { token: admin, body: { active: true } });
    expect([notAll.status, notAll.body.non_field_errors]).toEqual([
      400,
      'All filter must only be used with true',
    ]);
    const byString = await api('PATCH', '/api/part/', {
      token: admin,
      body: { filters: { category: String(target.pk) }, active: true },
    });
    expect(byString.body).toEqual({ success: 'Updated 2 items' });
    expect(
      (await api('PATCH', '/api/part/', { token: admin, body: { filters: { nope: 1 }, active: true } }))
        .status,
    ).toBe(400);
    // One bad row (a structural category) fails the lot: nothing changes.
    const s = await makeCategory({ structural: true });
    const bad = await api('PATCH', '/api/part/', {
      token: admin,
      body: { items: [a.pk, b.pk], category: s.pk },
    });
    expect(bad.status).toBe(400);
    const rows = await db.select().from(parts).where(eq(parts.categoryId, target.pk));
    expect(rows).toHaveLength(2);
  });

  it('duplicates a part with its notes and test templates', async () => {
    const orig = await makePart({ notes: '# Notes\nkeep me', testable: true });
    await db.insert(partTestTemplates).values({ partId: orig.pk, testName: 'Voltage', key: 'voltage' });
    const copy = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('copy'), duplicate: { part: orig.pk } },
    });
    expect(copy.status).toBe(201);
    expect(copy.body.notes).toBe('# Notes\nkeep me');
    const tests = await db.select().from(partTestTemplates).where(eq(partTestTemplates.partId, copy.body.pk));
    expect(tests.map((t) => t.key)).toEqual(['voltage']);
  });

  it('validates units and numbers, and describes the form through OPTIONS', async () => {
    const bad = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('u'), units: 'furlongs per zorp' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.units).toEqual(['Invalid physical unit']);
    const nan = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('u'), minimum_stock: 'abc' },
    });
    expect(nan.body.minimum_stock).toEqual(['A valid number is required.']);
    expect(
      (await api('POST', '/api/part/', { token: admin, body: { name: unique('m'), units: 'mm' } })).status,
    ).toBe(201);
    const o = await api('OPTIONS', '/api/part/', { token: admin });
    expect(o.body.actions.POST.name).toMatchObject({
      type: 'string',
      required: true,
      max_length: 100,
      label: 'Name',
    });
    expect(o.body.actions.POST.category).toMatchObject({
      type: 'related field',
      model: 'partcategory',
      api_url: '/api/part/category/',
    });
    expect(o.body.actions.POST.active).toMatchObject({ type: 'boolean', required: false });
    expect(o.body.actions.POST.in_stock).toMatchObject({ read_only: true });
  });

  it('pre-fills category parameters, shows them with parameters=true, and filters by a parameter value', async () => {
    const cat = await makeCategory();
    const tpl = await api('POST', '/api/parameter/template/', {
      token: admin,
      body: { name: unique('Resistance'), units: 'ohm' },
    });
    expect(tpl.status).toBe(201);
    const link = await api('POST', '/api/part/category/parameters/', {
      token: admin,
      body: { category: cat.pk, template: tpl.body.pk, default_value: '10k' },
    });
    expect(link.status).toBe(201);
    const p = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('R'), category: cat.pk, copy_category_parameters: true },
    });
    const q = await api('POST', '/api/part/', {
      token: admin,
      body: { name: unique('R'), category: cat.pk, copy_category_parameters: false },
    });
    const withParams = await api('GET', `/api/part/?category=${cat.pk}&parameters=true&ordering=pk`, {
      token: admin,
    });
    const byPk = new Map(
      withParams.body.map((x: { pk: number; parameters: unknown[] }) => [x.pk, x.parameters]),
    );
    expect(byPk.get(p.body.pk)).toMatchObject([{ template: tpl.body.pk, data: '10k' }]);
    expect(byPk.get(q.body.pk)).toEqual([]);
    await api('POST', '/api/parameter/', {
      token: admin,
      body: { template: tpl.body.pk, model_type: 'part', model_id: q.body.pk, data: '4.7k' },
    });
    const filtered = await api('GET', `/api/part/?category=${cat.pk}&parameter_${tpl.body.pk}=4700`, {
      token: admin,
    });
    expect(filtered.body.map((x: { pk: number }) => x.pk)).toEqual([q.body.pk]);
    const sorted = await api('GET', `/api/part/?category=${cat.pk}&ordering=-parameter_${tpl.body.pk}`, {
      token: admin,
    });
    expect(sorted.body.map((x: { pk: number }) => x.pk)).toEqual([p.body.pk, q.body.pk]);
    const up = await api('GET', `/api/part/?category=${cat.pk}&ordering=parameter_${tpl.body.pk}`, {
      token: admin,
    });
    expect(up.body.map((x: { pk: number }) => x.pk)).toEqual([q.body.pk, p.body.pk]);
  });

  it('filters by related parts', async () => {
    const a = await makePart();
    const b = await makePart();
    const c = await makePart();
    expect(
      (await api('POST', '/api/part/related/', { token: admin, body: { part_1: a.pk, part_2: b.pk } }))
        .status,
    ).toBe(201);
    const rel = await api('GET', `/api/part/?related=${a.pk}`, { token: admin });
    expect(rel.body.map((p: { pk: number }) => p.pk)).toEqual([b.pk]);
    const ex = await api('GET', `/api/part/?exclude_related=${b.pk}&exclude_id=${b.pk},${c.pk}&limit=1000`, {
      token: admin,
    });
    const ids = ex.body.results.map((p: { pk: number }) => p.pk);
    expect(ids).not.toContain(a.pk);
    expect(ids).not.toContain(b.pk);
    expect(ids).not.toContain(c.pk);
  });

  it('pages a search in name order, the same rows as the unpaged search', async () => {
    const tag = unique('pgsrch').toLowerCase();
    for (const n of ['delta', 'alpha', 'echo', 'charlie', 'bravo'])
      await makePart({ name: `${n} ${tag}`, description: `searchable ${tag}` });
    const all = await api('GET', `/api/part/?search=${tag}`, { token: admin });
    const names = all.body.map((p: { name: string }) => p.name);
    expect(names).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo'].map((n) => `${n} ${tag}`));
    const paged: string[] = [];
    for (let offset = 0; offset < 5; offset += 2) {
      const page = await api('GET', `/api/part/?search=${tag}&limit=2&offset=${offset}`, { token: admin });
      expect(page.body.count).toBe(5);
      paged.push(...page.body.results.map((p: { name: string }) => p.name));
    }
    expect(paged).toEqual(names);
  });
});
