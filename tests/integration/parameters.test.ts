import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { parameters, partCategories, parts } from '@/db/schema';
import { systemCtx } from '@/server/context';
import {
  applyCategoryParameterTemplates,
  copyParameters,
  parameterFilter,
  parameterFilterSql,
  parameterOrderSql,
  parametersFor,
} from '@/server/parameters';
import { setGlobalSetting } from '@/server/settings';
import { api } from '../api';
import { ctxFor, makeUser, type TestUser, tokenFor, unique } from '../factories';

/** Parts and categories are inserted directly: the parts API is another module's. */
async function makePart(overrides: Partial<typeof parts.$inferInsert> = {}) {
  const [p] = await db
    .insert(parts)
    .values({ name: unique('part'), ...overrides })
    .returning();
  return p!;
}

async function makeCategory(parent?: { id: number; treeIds: number[]; level: number }) {
  const [c] = await db
    .insert(partCategories)
    .values({ name: unique('cat'), parentId: parent?.id ?? null, level: parent ? parent.level + 1 : 0 })
    .returning();
  const treeIds = [...(parent?.treeIds ?? []), c!.id];
  await db.update(partCategories).set({ treeIds }).where(eq(partCategories.id, c!.id));
  return { ...c!, treeIds };
}

const TEMPLATE_KEYS = [
  'pk',
  'name',
  'units',
  'description',
  'model_type',
  'checkbox',
  'choices',
  'selectionlist',
  'enabled',
  'unique',
];
const PARAMETER_KEYS = [
  'pk',
  'template',
  'model_type',
  'model_id',
  'data',
  'data_numeric',
  'note',
  'updated',
  'updated_by',
  'template_detail',
  'updated_by_detail',
];

describe('parameters, templates, units and selection lists', () => {
  let staff: string;
  let superToken: string;
  let editor: TestUser;
  let editorToken: string;
  let viewerToken: string;
  let plain: string;
  let catEditor: TestUser;
  let catEditorToken: string;
  const prefix = unique('PT');

  /** A template created through the API by staff. */
  async function template(body: Record<string, unknown> = {}) {
    const r = await api('POST', '/api/parameter/template/', {
      token: staff,
      body: { name: unique(prefix), ...body },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { pk: number; name: string; units: string };
  }

  const addParameter = (token: string, body: Record<string, unknown>) =>
    api('POST', '/api/parameter/', { token, body: { model_type: 'part', ...body } });

  beforeAll(async () => {
    staff = await tokenFor(await makeUser({ staff: true }));
    superToken = await tokenFor(await makeUser({ superuser: true }));
    editor = await makeUser({ roles: { part: ['view', 'add', 'change', 'delete'] } });
    editorToken = await tokenFor(editor);
    viewerToken = await tokenFor(await makeUser({ roles: { part: ['view'] } }));
    plain = await tokenFor(await makeUser());
    catEditor = await makeUser({ roles: { part_category: ['view', 'add', 'change', 'delete'] } });
    catEditorToken = await tokenFor(catEditor);
  });

  afterAll(async () => {
    await setGlobalSetting(systemCtx(), 'PARAMETER_ENFORCE_UNITS', true);
  });

  describe('/api/parameter/template/', () => {
    it('creates templates as staff with InvenTree’s fields; others get 403, anonymous 401', async () => {
      const t = await api('POST', '/api/parameter/template/', {
        token: staff,
        body: { name: `${prefix} Resistance`, units: 'ohm', description: 'R', model_type: 'part' },
      });
      expect(t.status).toBe(201);
      expect(Object.keys(t.body)).toEqual(TEMPLATE_KEYS);
      expect(t.body).toMatchObject({
        units: 'ohm',
        model_type: 'part.part',
        checkbox: false,
        choices: '',
        selectionlist: null,
        enabled: true,
        unique: 0,
      });
      const denied = await api('POST', '/api/parameter/template/', {
        token: editorToken,
        body: { name: unique('x') },
      });
      expect(denied.status).toBe(403);
      expect((await api('POST', '/api/parameter/template/', { body: { name: unique('x') } })).status).toBe(
        401,
      );
      expect((await api('GET', '/api/parameter/template/')).status).toBe(401);
      const read = await api('GET', `/api/parameter/template/${t.body.pk}/`, { token: plain });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(t.body);
      const patched = await api('PATCH', `/api/parameter/template/${t.body.pk}/`, {
        token: plain,
        body: { units: 'V' },
      });
      expect(patched.status).toBe(403);
    });

    it('validates units, checkbox, choices, names, selection lists and the unique option', async () => {
      const bad = (body: Record<string, unknown>) =>
        api('POST', '/api/parameter/template/', { token: staff, body: { name: unique(prefix), ...body } });
      expect((await bad({ units: 'bananas' })).body).toEqual({ units: ['Invalid physical unit'] });
      expect((await bad({ checkbox: true, units: 'mm' })).body).toEqual({
        units: ['Checkbox parameters cannot have units'],
      });
      expect((await bad({ checkbox: true, choices: 'a,b' })).body).toEqual({
        choices: ['Checkbox parameters cannot have choices'],
      });
      expect((await bad({ choices: 'a, b, a' })).body).toEqual({ choices: ['Choices must be unique'] });
      expect((await bad({ selectionlist: 999999 })).body).toEqual({
        selectionlist: ['Invalid pk "999999" - object does not exist.'],
      });
      expect((await bad({ unique: 3 })).status).toBe(400);
      expect((await bad({ model_type: 'spaceship' })).status).toBe(400);
      const t = await template();
      const dup = await api('POST', '/api/parameter/template/', {
        token: staff,
        body: { name: t.name.toUpperCase() },
      });
      expect(dup.body).toEqual({ name: ['Parameter template name must be unique'] });
      expect((await bad({ units: 'kΩ', unique: '2' })).body).toMatchObject({ units: 'kΩ', unique: 2 });
    });

    it('filters, searches, orders and pages', async () => {
      const tag = unique('flt');
      const a = await template({ name: `${tag} a`, units: 'mm', model_type: 'part' });
      const b = await template({
        name: `${tag} b`,
        checkbox: true,
        model_type: 'partcategory',
        enabled: false,
      });
      const c = await template({ name: `${tag} c`, choices: 'x,y', unique: 1 });
      const names = async (q: string) =>
        (
          await api('GET', `/api/parameter/template/?search=${encodeURIComponent(tag)}&${q}`, {
            token: plain,
          })
        ).body.map((t: { pk: number }) => t.pk);
      expect(await names('ordering=-name')).toEqual([c.pk, b.pk, a.pk]);
      expect(await names('checkbox=true')).toEqual([b.pk]);
      expect(await names('has_units=true')).toEqual([a.pk]);
      expect(await names('has_units=false')).toEqual([b.pk, c.pk]);
      expect(await names('has_choices=1')).toEqual([c.pk]);
      expect(await names('enabled=false')).toEqual([b.pk]);
      expect(await names('model_type=part')).toEqual([a.pk]);
      expect(await names('model_type=part.partcategory')).toEqual([b.pk]);
      expect(await names('for_model=part')).toEqual([a.pk, c.pk]);
      expect(await names('unique=1')).toEqual([c.pk]);
      expect(await names('units=mm')).toEqual([a.pk]);
      const page = await api('GET', `/api/parameter/template/?search=${tag}&limit=2&ordering=name`, {
        token: plain,
      });
      expect(page.body.count).toBe(3);
      expect(page.body.results.map((t: { pk: number }) => t.pk)).toEqual([a.pk, b.pk]);
      expect(page.body.next).toContain('offset=2');
      const part = await makePart();
      await addParameter(editorToken, { template: a.pk, model_id: part.id, data: '3' });
      expect(await names(`exists_for_model=part&exists_for_model_id=${part.id}`)).toEqual([a.pk]);
    });

    it('describes its POST form in OPTIONS, only for those who may write', async () => {
      const o = await api('OPTIONS', '/api/parameter/template/', { token: staff });
      expect(o.status).toBe(200);
      expect(o.body).toMatchObject({ name: 'Parameter Template List', model: 'parametertemplate' });
      const post = o.body.actions.POST;
      expect(post.pk).toMatchObject({ type: 'integer', read_only: true });
      expect(post.name).toMatchObject({ type: 'string', required: true, read_only: false, max_length: 100 });
      expect(post.units).toMatchObject({ type: 'string', required: false, max_length: 25 });
      expect(post.checkbox).toMatchObject({
        type: 'boolean',
        required: false,
        help_text: 'Is this parameter a checkbox?',
      });
      expect(post.model_type.type).toBe('choice');
      expect(post.model_type.choices).toContainEqual({ value: 'part.part', display_name: 'Part' });
      expect(post.selectionlist).toMatchObject({
        type: 'related field',
        model: 'selectionlist',
        api_url: '/api/selection/',
      });
      expect(post.unique.choices).toEqual([
        { value: 0, display_name: 'No uniqueness required' },
        { value: 1, display_name: 'Unique for model type' },
        { value: 2, display_name: 'Globally unique' },
      ]);
      expect(o.body.actions.GET).toEqual({});
      const asUser = await api('OPTIONS', '/api/parameter/template/', { token: plain });
      expect(asUser.body.actions).toEqual({ GET: {} });
      expect((await api('OPTIONS', '/api/parameter/template/')).status).toBe(401);
      const schema = await api('GET', '/api/schema/', { token: superToken });
      for (const path of ['/api/parameter/', '/api/units/all/', '/api/selection/{id}/entry/{entrypk}/'])
        expect(Object.keys(schema.body.paths)).toContain(path);
    });
  });

  describe('/api/parameter/', () => {
    it('stores values converted into the template’s units as data_numeric', async () => {
      const part = await makePart();
      const cases: [Record<string, unknown>, string, number | null][] = [
        [{ units: 'F' }, '4.7 uF', 4.7e-6],
        [{ units: 'ohm' }, '10k', 10000],
        [{ units: 'mm' }, '1/2 inch', 12.7],
        [{ units: 'V' }, '3.3V', 3.3],
        [{ units: 'A' }, '100 mA', 0.1],
        [{ units: 'mm' }, '10', 10],
        [{ units: 'degC' }, '77 degF', 25],
        [{}, '12.5', 12.5],
        [{}, 'blue', null],
      ];
      for (const [tpl, data, expected] of cases) {
        const t = await template(tpl);
        const r = await addParameter(editorToken, { template: t.pk, model_id: part.id, data });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        expect(r.body.data).toBe(data);
        if (expected === null) expect(r.body.data_numeric).toBeNull();
        else expect(r.body.data_numeric).toBeCloseTo(expected, 12);
      }
    });

    it('answers InvenTree’s shape, with the actor as updated_by', async () => {
      const part = await makePart();
      const t = await template({ units: 'mm' });
      const r = await addParameter(editorToken, {
        template: t.pk,
        model_id: part.id,
        data: '5',
        note: 'measured',
      });
      expect(Object.keys(r.body)).toEqual(PARAMETER_KEYS);
      expect(r.body).toMatchObject({
        template: t.pk,
        model_type: 'part.part',
        model_id: part.id,
        data: '5',
        data_numeric: 5,
        note: 'measured',
        updated_by: editor.id,
        template_detail: { pk: t.pk, name: t.name, units: 'mm' },
        updated_by_detail: { pk: editor.id, username: editor.username },
      });
      expect(r.body.updated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      const patched = await api('PATCH', `/api/parameter/${r.body.pk}/`, {
        token: editorToken,
        body: { data: '2 cm' },
      });
      expect(patched.body).toMatchObject({ data: '2 cm', data_numeric: 20, note: 'measured' });
      const missing = await addParameter(editorToken, { template: t.pk, model_id: part.id });
      expect(missing.body).toEqual({ data: ['This field is required.'] });
      const blank = await addParameter(editorToken, { template: 99999999, model_id: part.id, data: 'x' });
      expect(blank.body).toEqual({ template: ['Invalid pk "99999999" - object does not exist.'] });
      const noPart = await addParameter(editorToken, { template: t.pk, model_id: 99999999, data: '1' });
      expect(noPart.body).toEqual({ model_id: ['Invalid pk "99999999" - object does not exist.'] });
    });

    it('enforces template units unless PARAMETER_ENFORCE_UNITS is off', async () => {
      const part = await makePart();
      const t = await template({ units: 'V' });
      const r = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: '5 A' });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ data: ['Could not convert 5 A to V'] });
      const text = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: 'about five' });
      expect(text.body).toEqual({ data: ['Could not convert about five to V'] });
      await setGlobalSetting(systemCtx(), 'PARAMETER_ENFORCE_UNITS', false);
      try {
        const ok = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: '5 A' });
        expect(ok.status).toBe(201);
        expect(ok.body.data_numeric).toBeNull();
      } finally {
        await setGlobalSetting(systemCtx(), 'PARAMETER_ENFORCE_UNITS', true);
      }
    });

    it('stores checkbox values as True/False with 1/0 and refuses non-booleans', async () => {
      const part = await makePart();
      const part2 = await makePart();
      const t = await template({ checkbox: true });
      const yes = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: 'yes' });
      expect(yes.body).toMatchObject({ data: 'True', data_numeric: 1 });
      const no = await addParameter(editorToken, { template: t.pk, model_id: part2.id, data: false });
      expect(no.body).toMatchObject({ data: 'False', data_numeric: 0 });
      const bad = await api('PATCH', `/api/parameter/${yes.body.pk}/`, {
        token: editorToken,
        body: { data: 'maybe' },
      });
      expect(bad.body).toEqual({ data: ['Must be a valid boolean.'] });
    });

    it('requires one of the template’s choices, or an active entry of its selection list', async () => {
      const part = await makePart();
      const colour = await template({ choices: 'Red, Green' });
      const bad = await addParameter(editorToken, { template: colour.pk, model_id: part.id, data: 'Blue' });
      expect(bad.body).toEqual({ data: ['Invalid choice for parameter value'] });
      expect(
        (await addParameter(editorToken, { template: colour.pk, model_id: part.id, data: 'Green' })).status,
      ).toBe(201);

      const list = await api('POST', '/api/selection/', { token: staff, body: { name: unique('list') } });
      for (const [value, active] of [
        ['a', true],
        ['b', false],
      ] as const) {
        const e = await api('POST', `/api/selection/${list.body.pk}/entry/`, {
          token: staff,
          body: { value, label: value.toUpperCase(), active },
        });
        expect(e.status).toBe(201);
      }
      const sel = await template({ selectionlist: list.body.pk });
      for (const v of ['b', 'zzz'])
        expect(
          (await addParameter(editorToken, { template: sel.pk, model_id: part.id, data: v })).body,
        ).toEqual({
          data: ['Invalid choice for parameter value'],
        });
      expect(
        (await addParameter(editorToken, { template: sel.pk, model_id: part.id, data: 'a' })).status,
      ).toBe(201);
    });

    it('keeps values unique per model type (unique=1) or globally (unique=2)', async () => {
      const [p1, p2] = [await makePart(), await makePart()];
      const cat = await makeCategory();
      const perType = await template({ unique: 1 });
      const global = await template({ unique: 2 });
      const free = await template({ unique: 0 });
      const value = unique('SKU');
      for (const t of [perType, global, free])
        expect(
          (await addParameter(editorToken, { template: t.pk, model_id: p1.id, data: value })).status,
        ).toBe(201);
      const again = await addParameter(editorToken, { template: perType.pk, model_id: p2.id, data: value });
      expect(again.status).toBe(400);
      expect(again.body).toEqual({ data: ['Parameter value must be unique'] });
      expect(
        (await addParameter(editorToken, { template: global.pk, model_id: p2.id, data: value })).body,
      ).toEqual({
        data: ['Parameter value must be unique'],
      });
      expect(
        (await addParameter(editorToken, { template: free.pk, model_id: p2.id, data: value })).status,
      ).toBe(201);
      // Another model type: allowed for unique=1, not for unique=2.
      const onCat = (t: { pk: number }) =>
        api('POST', '/api/parameter/', {
          token: superToken,
          body: { template: t.pk, model_type: 'partcategory', model_id: cat.id, data: value },
        });
      expect((await onCat(perType)).status).toBe(201);
      expect((await onCat(global)).body).toEqual({ data: ['Parameter value must be unique'] });
      // Editing a parameter to its own value is not a clash.
      const mine = await db
        .select({ id: parameters.id })
        .from(parameters)
        .where(and(eq(parameters.templateId, perType.pk), eq(parameters.modelId, p1.id)));
      const same = await api('PATCH', `/api/parameter/${mine[0]!.id}/`, {
        token: editorToken,
        body: { data: value },
      });
      expect(same.status).toBe(200);
    });

    it('respects the template’s model type and allows one parameter per object and template', async () => {
      const part = await makePart();
      const cat = await makeCategory();
      const forParts = await template({ model_type: 'part' });
      const r = await api('POST', '/api/parameter/', {
        token: superToken,
        body: { template: forParts.pk, model_type: 'part.partcategory', model_id: cat.id, data: 'x' },
      });
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ template: ['Parameter template does not apply to this model type'] });
      expect(
        (await addParameter(editorToken, { template: forParts.pk, model_id: part.id, data: 'x' })).status,
      ).toBe(201);
      const twice = await addParameter(editorToken, { template: forParts.pk, model_id: part.id, data: 'y' });
      expect(twice.status).toBe(400);
      expect(twice.body).toEqual({
        non_field_errors: ['The fields model_type, model_id, template must make a unique set.'],
      });
      const bogus = await api('POST', '/api/parameter/', {
        token: superToken,
        body: { template: forParts.pk, model_type: 'stockitem', model_id: part.id, data: 'x' },
      });
      expect(bogus.status).toBe(400);
      expect(bogus.body.model_type).toBeDefined();
    });

    it('refuses changes to the parameters of a locked part', async () => {
      const part = await makePart();
      const t = await template();
      const p = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: '1' });
      await db.update(parts).set({ locked: true }).where(eq(parts.id, part.id));
      const edit = await api('PATCH', `/api/parameter/${p.body.pk}/`, {
        token: editorToken,
        body: { data: '2' },
      });
      expect(edit.body).toEqual({ non_field_errors: ['Parameter cannot be modified - item is locked'] });
      expect((await api('DELETE', `/api/parameter/${p.body.pk}/`, { token: editorToken })).status).toBe(400);
      const t2 = await template();
      expect(
        (await addParameter(editorToken, { template: t2.pk, model_id: part.id, data: '1' })).status,
      ).toBe(400);
    });

    it('needs the owner’s change right to write and its view right to read', async () => {
      const part = await makePart();
      const cat = await makeCategory();
      const t = await template();
      const denied = await addParameter(viewerToken, { template: t.pk, model_id: part.id, data: '1' });
      expect(denied.status).toBe(403);
      expect(denied.body).toEqual({
        detail: 'User does not have permission to create or edit parameters for this model',
      });
      expect((await addParameter('', { template: t.pk, model_id: part.id, data: '1' })).status).toBe(401);
      const anonymous = await api('POST', '/api/parameter/', {
        body: { template: t.pk, model_type: 'part', model_id: part.id, data: '1' },
      });
      expect(anonymous.status).toBe(401);
      // part.change does not reach category parameters; part_category.change does.
      const onCat = (token: string) =>
        api('POST', '/api/parameter/', {
          token,
          body: { template: t.pk, model_type: 'partcategory', model_id: cat.id, data: '1' },
        });
      expect((await onCat(editorToken)).status).toBe(403);
      expect((await onCat(catEditorToken)).status).toBe(201);

      const p = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: '1' });
      expect((await api('GET', `/api/parameter/${p.body.pk}/`, { token: viewerToken })).status).toBe(200);
      expect((await api('GET', `/api/parameter/${p.body.pk}/`, { token: plain })).status).toBe(404);
      const seen = await api('GET', `/api/parameter/?template=${t.pk}`, { token: plain });
      expect(seen.body).toEqual([]);
      const byViewer = await api('GET', `/api/parameter/?template=${t.pk}`, { token: viewerToken });
      expect(byViewer.body.map((x: { pk: number }) => x.pk)).toEqual([p.body.pk]);
      expect(
        (await api('PATCH', `/api/parameter/${p.body.pk}/`, { token: viewerToken, body: { data: '2' } }))
          .status,
      ).toBe(403);
      expect((await api('DELETE', `/api/parameter/${p.body.pk}/`, { token: viewerToken })).status).toBe(403);
      expect((await api('DELETE', `/api/parameter/${p.body.pk}/`, { token: editorToken })).status).toBe(204);
      expect((await api('GET', `/api/parameter/${p.body.pk}/`, { token: editorToken })).status).toBe(404);
    });

    it('filters by template, model, search and orders by data', async () => {
      const [p1, p2] = [await makePart(), await makePart()];
      const t = await template({ units: 'mm', description: unique('desc') });
      const a = await addParameter(editorToken, { template: t.pk, model_id: p1.id, data: '20' });
      const b = await addParameter(editorToken, { template: t.pk, model_id: p2.id, data: '10' });
      const pks = async (q: string) =>
        (await api('GET', `/api/parameter/?${q}`, { token: editorToken })).body.map(
          (x: { pk: number }) => x.pk,
        );
      expect(await pks(`template=${t.pk}`)).toEqual([a.body.pk, b.body.pk]);
      expect(await pks(`template=${t.pk}&ordering=data`)).toEqual([b.body.pk, a.body.pk]);
      expect(await pks(`template=${t.pk}&model_id=${p2.id}&model_type=part.part`)).toEqual([b.body.pk]);
      expect(await pks(`template=${t.pk}&model_type=partcategory`)).toEqual([]);
      expect(await pks(`search=${encodeURIComponent(t.name)}`)).toEqual([a.body.pk, b.body.pk]);
      const page = await api('GET', `/api/parameter/?template=${t.pk}&limit=1`, { token: editorToken });
      expect(page.body.count).toBe(2);
    });

    it('bulk-deletes with {"items": [...]} or filters, all or nothing', async () => {
      const [p1, p2] = [await makePart(), await makePart()];
      const t = await template();
      const ids: number[] = [];
      for (const p of [p1, p2])
        ids.push((await addParameter(editorToken, { template: t.pk, model_id: p.id, data: 'v' })).body.pk);
      const none = await api('DELETE', '/api/parameter/', { token: editorToken, body: {} });
      expect(none.status).toBe(400);
      expect(none.body).toEqual({
        non_field_errors: 'List of items or filters must be provided for bulk operation',
      });
      expect(
        (await api('DELETE', '/api/parameter/', { token: editorToken, body: { items: 'x' } })).body,
      ).toEqual({
        non_field_errors: 'Items must be provided as a list',
      });
      const denied = await api('DELETE', '/api/parameter/', { token: viewerToken, body: { items: ids } });
      expect(denied.status).toBe(403);
      expect(await db.$count(parameters, inArray(parameters.id, ids))).toBe(2);
      const r = await api('DELETE', '/api/parameter/', { token: editorToken, body: { items: ids } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ success: 'Deleted 2 items' });
      expect(await db.$count(parameters, inArray(parameters.id, ids))).toBe(0);
      const again = await api('DELETE', '/api/parameter/', { token: editorToken, body: { items: ids } });
      expect(again.body).toEqual({ non_field_errors: 'No items match the provided criteria' });
      await addParameter(editorToken, { template: t.pk, model_id: p1.id, data: 'v' });
      const byFilter = await api('DELETE', '/api/parameter/', {
        token: editorToken,
        body: { filters: { template: t.pk, model_type: 'part' } },
      });
      expect(byFilter.body).toEqual({ success: 'Deleted 1 items' });
    });
  });

  describe('template unit changes', () => {
    it('recompute data_numeric of every parameter when the units change', async () => {
      const t = await template({ units: 'mm' });
      const values = ['10', '2 cm', '1 inch', 'n/a'];
      const ids: number[] = [];
      // 'n/a' does not convert: stored only with unit enforcement off.
      await setGlobalSetting(systemCtx(), 'PARAMETER_ENFORCE_UNITS', false);
      try {
        for (const v of values) {
          const part = await makePart();
          ids.push((await addParameter(editorToken, { template: t.pk, model_id: part.id, data: v })).body.pk);
        }
      } finally {
        await setGlobalSetting(systemCtx(), 'PARAMETER_ENFORCE_UNITS', true);
      }
      const numbers = async () =>
        (
          await db
            .select({ n: parameters.dataNumeric })
            .from(parameters)
            .where(inArray(parameters.id, ids))
            .orderBy(asc(parameters.id))
        ).map((r) => r.n);
      expect(await numbers()).toEqual([10, 20, 25.4, null]);
      const r = await api('PATCH', `/api/parameter/template/${t.pk}/`, {
        token: staff,
        body: { units: 'm' },
      });
      expect(r.status).toBe(200);
      // Plain numbers are read in the template's (new) units, as when they are saved.
      expect(await numbers()).toEqual([10, 0.02, 0.0254, null]);
      await api('PATCH', `/api/parameter/template/${t.pk}/`, { token: staff, body: { units: '' } });
      expect(await numbers()).toEqual([10, null, null, null]);
    });
  });

  describe('/api/part/category/parameters/', () => {
    it('needs the part_category role and links templates with default values', async () => {
      const root = await makeCategory();
      const child = await makeCategory(root);
      const t1 = await template({ units: 'ohm' });
      const t2 = await template();
      expect((await api('GET', '/api/part/category/parameters/', { token: plain })).status).toBe(403);
      expect((await api('GET', '/api/part/category/parameters/')).status).toBe(401);
      const link = (category: number, template: number, default_value: string, token = catEditorToken) =>
        api('POST', '/api/part/category/parameters/', { token, body: { category, template, default_value } });
      expect((await link(root.id, t1.pk, '1k', editorToken)).status).toBe(403);
      const r1 = await link(root.id, t1.pk, '1k');
      expect(r1.status).toBe(201);
      expect(r1.body).toMatchObject({
        category: root.id,
        template: t1.pk,
        template_detail: { pk: t1.pk, units: 'ohm' },
        default_value: '1k',
      });
      expect(r1.body.category_detail).toBeUndefined();
      const dup = await link(root.id, t1.pk, '2k');
      expect(dup.body).toEqual({
        non_field_errors: ['The fields category, template must make a unique set.'],
      });
      const r2 = await link(child.id, t2.pk, 'x');
      const r3 = await link(child.id, t1.pk, '4k7');
      const list = async (q: string) =>
        (await api('GET', `/api/part/category/parameters/?${q}`, { token: catEditorToken })).body.map(
          (x: { pk: number }) => x.pk,
        );
      expect(await list(`category=${child.id}`)).toEqual([r1.body.pk, r2.body.pk, r3.body.pk]);
      expect(await list(`category=${child.id}&fetch_parent=false`)).toEqual([r2.body.pk, r3.body.pk]);
      expect(await list(`category=${root.id}`)).toEqual([r1.body.pk]);
      const detail = await api('GET', `/api/part/category/parameters/${r2.body.pk}/?category_detail=true`, {
        token: catEditorToken,
      });
      expect(detail.body.category_detail).toMatchObject({ pk: child.id, name: child.name, parent: root.id });
      const patched = await api('PATCH', `/api/part/category/parameters/${r2.body.pk}/`, {
        token: catEditorToken,
        body: { default_value: 'y' },
      });
      expect(patched.body.default_value).toBe('y');

      // New parts in the child category get both levels' templates; the child's default wins.
      const part = await makePart({ categoryId: child.id });
      const created = await applyCategoryParameterTemplates(await ctxFor(editor), part.id, child.id);
      expect(created).toBe(2);
      const got = (await parametersFor(systemCtx(), 'part', [part.id])).get(part.id)!;
      const byTemplate = Object.fromEntries(got.map((p) => [p.template, p]));
      expect(byTemplate[t1.pk]).toMatchObject({ data: '4k7', data_numeric: 4700 });
      expect(byTemplate[t2.pk]).toMatchObject({ data: 'y', data_numeric: null });
      expect(await applyCategoryParameterTemplates(await ctxFor(editor), part.id, child.id)).toBe(0);
      await expect(
        applyCategoryParameterTemplates(
          await ctxFor(await makeUser({ roles: { part: ['view'] } })),
          part.id,
          child.id,
        ),
      ).rejects.toMatchObject({ code: 'forbidden' });

      expect(
        (await api('DELETE', `/api/part/category/parameters/${r2.body.pk}/`, { token: catEditorToken }))
          .status,
      ).toBe(204);
    });
  });

  describe('verbs for other modules', () => {
    it('parametersFor returns every requested id with its parameters in one map', async () => {
      const [p1, p2] = [await makePart(), await makePart()];
      const t = await template({ units: 'V' });
      await addParameter(editorToken, { template: t.pk, model_id: p1.id, data: '5' });
      const map = await parametersFor(systemCtx(), 'part', [p1.id, p2.id]);
      expect(map.get(p2.id)).toEqual([]);
      expect(map.get(p1.id)).toEqual([
        {
          pk: expect.any(Number),
          template: t.pk,
          template_detail: { pk: t.pk, name: t.name, units: 'V' },
          data: '5',
          data_numeric: 5,
        },
      ]);
    });

    it('copyParameters copies values to another part, skipping unique templates and existing ones', async () => {
      const [from, to] = [await makePart(), await makePart()];
      const plainT = await template({ units: 'mm' });
      const uniqueT = await template({ unique: 1 });
      const existing = await template();
      await addParameter(editorToken, { template: plainT.pk, model_id: from.id, data: '7' });
      await addParameter(editorToken, { template: uniqueT.pk, model_id: from.id, data: unique('sn') });
      await addParameter(editorToken, { template: existing.pk, model_id: from.id, data: 'old' });
      await addParameter(editorToken, { template: existing.pk, model_id: to.id, data: 'kept' });
      expect(await copyParameters(await ctxFor(editor), 'part', from.id, to.id)).toBe(1);
      const got = (await parametersFor(systemCtx(), 'part', [to.id])).get(to.id)!;
      expect(got.map((p) => [p.template, p.data]).sort()).toEqual(
        [
          [plainT.pk, '7'],
          [existing.pk, 'kept'],
        ].sort(),
      );
      await expect(
        copyParameters(await ctxFor(await makeUser({ roles: { part: ['view'] } })), 'part', from.id, to.id),
      ).rejects.toMatchObject({ code: 'forbidden' });
    });

    it('parameterFilterSql filters parts numerically in template units, else by text', async () => {
      const t = await template({ units: 'ohm' });
      const made: { id: number; data: string }[] = [];
      for (const data of ['100', '4k7', '10k', '1M', 'open']) {
        const p = await makePart();
        await addParameter(editorToken, {
          template: t.pk,
          model_id: p.id,
          data: data === 'open' ? '0' : data,
        });
        made.push({ id: p.id, data });
      }
      const ids = made.map((m) => m.id);
      const find = async (cond: ReturnType<typeof parameterFilterSql>) =>
        (
          await db
            .select({ id: parts.id })
            .from(parts)
            .where(and(inArray(parts.id, ids), cond))
            .orderBy(asc(parts.id))
        ).map((r) => r.id);
      const [p100, p4k7, p10k, p1M, p0] = ids as [number, number, number, number, number];
      expect(await find(parameterFilterSql(t.pk, '>', '5k', { units: 'ohm' }))).toEqual([p10k, p1M]);
      expect(await find(parameterFilterSql(t.pk, 'lte', 4700))).toEqual([p100, p4k7, p0]);
      expect(await find(parameterFilterSql(t.pk, '=', '10000'))).toEqual([p10k]);
      expect(await find(parameterFilterSql(t.pk, '=', '4k7'))).toEqual([p4k7]);
      expect(await find(parameterFilterSql(t.pk, '!=', '100'))).toEqual([p4k7, p10k, p1M, p0]);
      expect(await find(parameterFilterSql(t.pk, 'contains', 'K'))).toEqual([p4k7, p10k]);
      expect(await find(await parameterFilter(systemCtx(), t.pk, '>=', '1 Mohm'))).toEqual([p1M]);
      expect(await find(await parameterFilter(systemCtx(), t.pk, '=', '0.1 kohm'))).toEqual([p100]);
      const sorted = await db
        .select({ id: parts.id })
        .from(parts)
        .where(inArray(parts.id, ids))
        .orderBy(...parameterOrderSql(t.pk, 'desc'));
      expect(sorted.map((r) => r.id)).toEqual([p1M, p10k, p4k7, p100, p0]);
    });
  });

  describe('/api/units/', () => {
    it('manages custom units (staff) that then work in templates and values', async () => {
      const name = unique('fathom').replace(/_/g, 'x');
      const symbol = `f${Date.now().toString(36).slice(-6)}`;
      expect(
        (await api('POST', '/api/units/', { token: plain, body: { name, definition: '6 ft' } })).status,
      ).toBe(403);
      const u = await api('POST', '/api/units/', {
        token: staff,
        body: { name, symbol, definition: '6 ft' },
      });
      expect(u.status).toBe(201);
      expect(u.body).toEqual({ pk: expect.any(Number), name, symbol, definition: '6 ft' });
      const bad = (body: Record<string, unknown>) => api('POST', '/api/units/', { token: staff, body });
      expect((await bad({ name: '2x', definition: '1 m' })).body).toEqual({
        name: ['Unit name must be a valid identifier'],
      });
      expect((await bad({ name: 'meter', definition: '1 m' })).body).toEqual({
        name: ['Unit "meter" is already defined'],
      });
      expect(
        (await bad({ name: unique('u').replace(/_/g, 'x'), definition: '3 wombats' })).body.definition,
      ).toBeDefined();
      expect((await bad({ name: unique('u').replace(/_/g, 'x'), symbol, definition: '1 m' })).body).toEqual({
        symbol: ['Unit symbol must be unique'],
      });

      const t = await template({ units: name });
      const part = await makePart();
      const p = await addParameter(editorToken, { template: t.pk, model_id: part.id, data: `12 ft` });
      expect(p.body.data_numeric).toBe(2);
      const p2 = await addParameter(editorToken, {
        template: (await template({ units: 'm' })).pk,
        model_id: part.id,
        data: `1 ${symbol}`,
      });
      expect(p2.body.data_numeric).toBeCloseTo(1.8288, 9);

      const all = await api('GET', '/api/units/all/', { token: plain });
      expect(all.status).toBe(200);
      expect(all.body.available_units[name]).toMatchObject({ name, is_alias: false, isdimensionless: false });
      expect(all.body.available_units.meter.compatible_units).toContain(name);
      const listed = await api('GET', `/api/units/?search=${name}`, { token: plain });
      expect(listed.body).toEqual([u.body]);
      const edited = await api('PATCH', `/api/units/${u.body.pk}/`, {
        token: staff,
        body: { definition: '2 yd' },
      });
      expect(edited.body.definition).toBe('2 yd');
      expect((await api('DELETE', `/api/units/${u.body.pk}/`, { token: plain })).status).toBe(403);
      expect((await api('DELETE', `/api/units/${u.body.pk}/`, { token: staff })).status).toBe(204);
      expect((await api('GET', `/api/units/${u.body.pk}/`, { token: plain })).status).toBe(404);
    });
  });

  describe('/api/selection/', () => {
    it('manages lists and entries (staff), with choices, counts and locking', async () => {
      expect((await api('GET', '/api/selection/')).status).toBe(401);
      expect((await api('POST', '/api/selection/', { token: plain, body: { name: 'x' } })).status).toBe(403);
      const l = await api('POST', '/api/selection/', {
        token: staff,
        body: { name: unique('Colours'), description: 'paint' },
      });
      expect(l.status).toBe(201);
      expect(l.body).toMatchObject({
        active: true,
        locked: false,
        source_plugin: null,
        source_string: '',
        default: null,
        entry_count: 0,
        choices: [],
      });
      const id = l.body.pk;
      const add = (value: string, extra: Record<string, unknown> = {}) =>
        api('POST', `/api/selection/${id}/entry/`, { token: staff, body: { value, label: value, ...extra } });
      const red = await add('red', { description: 'warm' });
      expect(red.body).toEqual({
        id: expect.any(Number),
        value: 'red',
        label: 'red',
        description: 'warm',
        active: true,
        list: id,
      });
      await add('blue', { active: false });
      expect((await add('red')).body).toEqual({
        non_field_errors: ['The fields list, value must make a unique set.'],
      });
      const got = await api('GET', `/api/selection/${id}/`, { token: plain });
      expect(got.body.entry_count).toBe(2);
      expect(got.body.choices.map((c: { value: string }) => c.value)).toEqual(['red', 'blue']);
      const entries = async (q: string) =>
        (await api('GET', `/api/selection/${id}/entry/?${q}`, { token: plain })).body.map(
          (e: { value: string }) => e.value,
        );
      expect(await entries('active=true')).toEqual(['red']);
      expect(await entries('ordering=label')).toEqual(['blue', 'red']);
      expect(await entries('search=warm')).toEqual(['red']);
      const edited = await api('PATCH', `/api/selection/${id}/entry/${red.body.id}/`, {
        token: staff,
        body: { label: 'Red' },
      });
      expect(edited.body.label).toBe('Red');

      const locked = await api('PATCH', `/api/selection/${id}/`, { token: staff, body: { locked: true } });
      expect(locked.body.locked).toBe(true);
      expect((await add('green')).body).toEqual({ non_field_errors: ['Selection list is locked'] });
      expect(
        (await api('PATCH', `/api/selection/${id}/`, { token: staff, body: { name: 'x' } })).body,
      ).toEqual({
        locked: ['Selection list is locked'],
      });
      expect((await api('DELETE', `/api/selection/${id}/`, { token: staff })).status).toBe(400);
      expect(
        (await api('PATCH', `/api/selection/${id}/`, { token: staff, body: { locked: false } })).status,
      ).toBe(200);
      expect(
        (await api('DELETE', `/api/selection/${id}/entry/${red.body.id}/`, { token: staff })).status,
      ).toBe(204);
      expect((await api('DELETE', `/api/selection/${id}/`, { token: staff })).status).toBe(204);
      expect((await api('GET', `/api/selection/${id}/entry/`, { token: plain })).status).toBe(404);
    });
  });
});
