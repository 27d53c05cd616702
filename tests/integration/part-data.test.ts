import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { insertPart, type PartRow } from '../part-rows';

const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';

let editor: string;
let viewer: string;
let nobody: string;
let admin: string;

beforeAll(async () => {
  editor = await tokenFor(await makeUser({ roles: { part: ['view', 'add', 'change', 'delete'] } }));
  viewer = await tokenFor(await makeUser({ roles: { part: ['view'] } }));
  nobody = await tokenFor(await makeUser({ roles: { stock: ['view'] } }));
  admin = await tokenFor(await makeUser({ superuser: true }));
});

describe('test templates (/api/part/test-template/)', () => {
  let template: PartRow;
  let variant: PartRow;
  let plain: PartRow;
  const post = (body: Record<string, unknown>, token = editor) =>
    api('POST', '/api/part/test-template/', { token, body });
  const list = (query: string, token = viewer) => api('GET', `/api/part/test-template/?${query}`, { token });

  beforeAll(async () => {
    template = await insertPart({ isTemplate: true, testable: true });
    variant = await insertPart({ testable: true, variantOf: template });
    plain = await insertPart({ testable: false });
  });

  it('creates a template with the key derived from the name, InvenTree’s fields and defaults', async () => {
    const r = await post({ part: template.id, test_name: '  3.3V Rail check! ' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual([
      'pk',
      'key',
      'part',
      'test_name',
      'description',
      'enabled',
      'required',
      'requires_value',
      'requires_attachment',
      'results',
      'choices',
    ]);
    expect(r.body).toMatchObject({
      key: '_33vrailcheck',
      part: template.id,
      test_name: '3.3V Rail check!',
      enabled: true,
      required: true,
      requires_value: false,
      requires_attachment: false,
      results: 0,
      choices: '',
    });
    const got = await api('GET', `/api/part/test-template/${r.body.pk}/`, { token: viewer });
    expect(got.body).toEqual(r.body);
  });

  it('refuses a name without a usable character, and parts that are not testable', async () => {
    const empty = await post({ part: template.id, test_name: '!!! ...' });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({
      test_name: ['Invalid template name - must include at least one alphanumeric character'],
    });
    const untestable = await post({ part: plain.id, test_name: 'Voltage' });
    expect(untestable.status).toBe(400);
    expect(untestable.body).toEqual({ part: [`Invalid pk "${plain.id}" - object does not exist.`] });
    expect((await post({ part: 99999999, test_name: 'Voltage' })).body.part).toBeDefined();
  });

  it('keeps keys unique per part and across the template ancestors', async () => {
    expect((await post({ part: template.id, test_name: 'Leak Test' })).status).toBe(201);
    const samePart = await post({ part: template.id, test_name: 'leak-test' });
    expect(samePart.status).toBe(400);
    expect(samePart.body).toEqual({ test_name: ['Test template with the same key already exists for part'] });
    // The variant inherits the template's tests, so it cannot define the same key again.
    const inherited = await post({ part: variant.id, test_name: 'LEAK TEST' });
    expect(inherited.status).toBe(400);
    expect(inherited.body.test_name).toEqual(['Test template with the same key already exists for part']);
  });

  it('validates choices as a comma list of unique values', async () => {
    const dup = await post({ part: variant.id, test_name: 'Colour', choices: 'red, green,red' });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ choices: ['Choices must be unique'] });
    const ok = await post({
      part: variant.id,
      test_name: 'Colour',
      choices: ' red, green,, blue ',
      requires_value: true,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.choices).toBe('red, green,, blue');
  });

  it('lists the part’s own and inherited templates, and filters by key and flags', async () => {
    const own = await post({
      part: variant.id,
      test_name: 'Burn in',
      required: false,
      requires_attachment: true,
      enabled: false,
    });
    expect(own.status).toBe(201);
    const keys = (r: { body: { key: string }[] }) => r.body.map((t) => t.key);
    const inherited = await list(`part=${variant.id}`);
    expect(inherited.status).toBe(200);
    expect(keys(inherited)).toEqual(['_33vrailcheck', 'burnin', 'colour', 'leaktest']);
    expect(keys(await list(`part=${variant.id}&include_inherited=true`))).toEqual(keys(inherited));
    expect(keys(await list(`part=${variant.id}&include_inherited=false`))).toEqual(['burnin', 'colour']);
    expect(keys(await list(`part=${template.id}`))).toEqual(['_33vrailcheck', 'leaktest']);
    expect(keys(await list(`part=${variant.id}&key=leaktest`))).toEqual(['leaktest']);
    expect(keys(await list(`part=${variant.id}&enabled=false`))).toEqual(['burnin']);
    expect(keys(await list(`part=${variant.id}&required=false`))).toEqual(['burnin']);
    expect(keys(await list(`part=${variant.id}&requires_attachment=true`))).toEqual(['burnin']);
    expect(keys(await list(`part=${variant.id}&requires_value=true`))).toEqual(['colour']);
    expect(keys(await list(`part=${variant.id}&has_results=true`))).toEqual([]);
    expect(keys(await list(`part=${variant.id}&has_results=false`))).toEqual(keys(inherited));
    expect(keys(await list(`part=${variant.id}&ordering=-test_name`))).toEqual([
      'leaktest',
      'colour',
      'burnin',
      '_33vrailcheck',
    ]);
    expect(keys(await list(`part=${variant.id}&search=burn`))).toEqual(['burnin']);
    const paged = await list(`part=${variant.id}&limit=2`);
    expect(paged.body).toMatchObject({ count: 4 });
    expect(paged.body.results).toHaveLength(2);
    for (const bad of [String(plain.id), '99999999', 'abc']) {
      const r = await list(`part=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body).toEqual({ part: [INVALID_CHOICE] });
    }
  });

  it('re-derives the key on edit, checks it again, and deletes', async () => {
    const r = await post({ part: variant.id, test_name: 'Visual' });
    const renamed = await api('PATCH', `/api/part/test-template/${r.body.pk}/`, {
      token: editor,
      body: { test_name: 'Visual Inspection', description: 'Look at it' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ key: 'visualinspection', description: 'Look at it' });
    const clash = await api('PATCH', `/api/part/test-template/${r.body.pk}/`, {
      token: editor,
      body: { test_name: 'Leak test' },
    });
    expect(clash.status).toBe(400);
    const put = await api('PUT', `/api/part/test-template/${r.body.pk}/`, {
      token: editor,
      body: { part: variant.id, test_name: 'Visual' },
    });
    expect(put.status).toBe(200);
    expect(
      (await api('PUT', `/api/part/test-template/${r.body.pk}/`, { token: editor, body: {} })).body,
    ).toEqual({
      part: ['This field is required.'],
      test_name: ['This field is required.'],
    });
    expect((await api('DELETE', `/api/part/test-template/${r.body.pk}/`, { token: editor })).status).toBe(
      204,
    );
    const gone = await api('GET', `/api/part/test-template/${r.body.pk}/`, { token: editor });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ detail: 'No PartTestTemplate matches the given query.' });
  });

  it('follows the part role: view to read, add/change/delete to write', async () => {
    expect((await api('GET', '/api/part/test-template/')).status).toBe(401);
    expect((await list('', nobody)).status).toBe(403);
    expect((await list('', viewer)).status).toBe(200);
    expect((await post({ part: variant.id, test_name: 'Nope' }, viewer)).status).toBe(403);
    const r = await post({ part: variant.id, test_name: 'Admin made' }, admin);
    expect(r.status).toBe(201);
    expect((await api('DELETE', `/api/part/test-template/${r.body.pk}/`, { token: viewer })).status).toBe(
      403,
    );
  });
});

describe('related parts (/api/part/related/)', () => {
  let a: PartRow;
  let b: PartRow;
  let c: PartRow;
  const post = (body: Record<string, unknown>) => api('POST', '/api/part/related/', { token: editor, body });

  beforeAll(async () => {
    a = await insertPart({ name: unique('Plug'), ipn: 'PLG-1', description: 'Mating plug' });
    b = await insertPart({ name: unique('Socket') });
    c = await insertPart({ name: unique('Crimp') });
  });

  it('relates two parts and answers both as brief parts', async () => {
    const r = await post({ part_1: a.id, part_2: b.id, note: 'mates with' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual(['pk', 'part_1', 'part_1_detail', 'part_2', 'part_2_detail', 'note']);
    expect(r.body).toMatchObject({ part_1: a.id, part_2: b.id, note: 'mates with' });
    expect(r.body.part_1_detail).toMatchObject({
      pk: a.id,
      name: a.name,
      IPN: 'PLG-1',
      full_name: `PLG-1 | ${a.name}`,
      description: 'Mating plug',
      image: null,
      thumbnail: '/static/img/blank_image.thumbnail.png',
      active: true,
    });
    expect(r.body.part_2_detail.pk).toBe(b.id);
  });

  it('refuses a part related to itself and a pair that exists, in either order', async () => {
    const self = await post({ part_1: c.id, part_2: c.id });
    expect(self.status).toBe(400);
    expect(self.body).toEqual({
      non_field_errors: ['Part relationship cannot be created between a part and itself'],
    });
    const same = await post({ part_1: a.id, part_2: b.id });
    expect(same.status).toBe(400);
    expect(same.body).toEqual({ non_field_errors: ['The fields part_1, part_2 must make a unique set.'] });
    const reversed = await post({ part_1: b.id, part_2: a.id });
    expect(reversed.status).toBe(400);
    expect(reversed.body).toEqual({ non_field_errors: ['Duplicate relationship already exists'] });
    const missing = await post({ part_1: a.id, part_2: 99999999 });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ part_2: ['Invalid pk "99999999" - object does not exist.'] });
  });

  it('answers concurrent inserts of one pair, in both orders, with one 201 and 400s (never a 500)', async () => {
    const x = await insertPart();
    const y = await insertPart();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post(i % 2 ? { part_1: x.id, part_2: y.id } : { part_1: y.id, part_2: x.id }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400, 400]);
  });

  it('filters by part on either side, by one side, and searches part names', async () => {
    const ac = await post({ part_1: c.id, part_2: a.id });
    expect(ac.status).toBe(201);
    const pks = (r: { body: { pk: number }[] }) => r.body.map((x) => x.pk).sort();
    const forA = await api('GET', `/api/part/related/?part=${a.id}`, { token: viewer });
    expect(forA.status).toBe(200);
    expect(forA.body).toHaveLength(2);
    expect(pks(await api('GET', `/api/part/related/?part=${b.id}`, { token: viewer }))).toHaveLength(1);
    expect(pks(await api('GET', `/api/part/related/?part_1=${c.id}`, { token: viewer }))).toEqual([
      ac.body.pk,
    ]);
    expect(pks(await api('GET', `/api/part/related/?part_2=${c.id}`, { token: viewer }))).toEqual([]);
    const byName = await api('GET', `/api/part/related/?search=${encodeURIComponent(c.name)}`, {
      token: viewer,
    });
    expect(pks(byName)).toEqual([ac.body.pk]);
    const bad = await api('GET', '/api/part/related/?part=99999999', { token: viewer });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ part: [INVALID_CHOICE] });
  });

  it('edits (re-checking the pair) and deletes', async () => {
    const d = await insertPart();
    const r = await post({ part_1: b.id, part_2: d.id });
    const note = await api('PATCH', `/api/part/related/${r.body.pk}/`, {
      token: editor,
      body: { note: 'spare' },
    });
    expect(note.body.note).toBe('spare');
    const dup = await api('PATCH', `/api/part/related/${r.body.pk}/`, {
      token: editor,
      body: { part_2: a.id },
    });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ non_field_errors: ['Duplicate relationship already exists'] });
    expect(
      (await api('PATCH', `/api/part/related/${r.body.pk}/`, { token: viewer, body: { note: 'x' } })).status,
    ).toBe(403);
    expect((await api('DELETE', `/api/part/related/${r.body.pk}/`, { token: editor })).status).toBe(204);
    expect((await api('GET', `/api/part/related/${r.body.pk}/`, { token: editor })).status).toBe(404);
  });
});

describe('price breaks (/api/part/internal-price/, /api/part/sale-price/)', () => {
  let salable: PartRow;
  let unsalable: PartRow;
  const post = (kind: string, body: Record<string, unknown>) =>
    api('POST', `/api/part/${kind}/`, { token: editor, body });

  beforeAll(async () => {
    salable = await insertPart({ salable: true });
    unsalable = await insertPart({ salable: false });
  });

  it('stores decimals exactly and answers quantity and price as JSON numbers', async () => {
    const r = await post('internal-price', { part: unsalable.id, quantity: '10', price: '1.1234567' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual(['pk', 'part', 'quantity', 'price', 'price_currency']);
    expect(r.body).toEqual({
      pk: r.body.pk,
      part: unsalable.id,
      quantity: 10,
      price: 1.123457,
      price_currency: 'USD',
    });
    expect(typeof r.body.quantity).toBe('number');
    const frac = await post('internal-price', { part: unsalable.id, quantity: 2.5, price: 3 });
    expect(frac.body).toMatchObject({ quantity: 2.5, price: 3 });
    const noPrice = await post('internal-price', { part: unsalable.id, quantity: 100, price: '' });
    expect(noPrice.body.price).toBeNull();
  });

  it('takes the default currency from INVENTREE_DEFAULT_CURRENCY and checks given ones', async () => {
    const set = (value: string) =>
      api('PATCH', '/api/settings/global/INVENTREE_DEFAULT_CURRENCY/', { token: admin, body: { value } });
    expect((await set('EUR')).status).toBe(200);
    try {
      const r = await post('sale-price', { part: salable.id, quantity: 7, price: 2 });
      expect(r.body.price_currency).toBe('EUR');
    } finally {
      await set('USD');
    }
    const gbp = await post('sale-price', { part: salable.id, quantity: 8, price: 2, price_currency: 'GBP' });
    expect(gbp.body.price_currency).toBe('GBP');
    const bad = await post('sale-price', { part: salable.id, quantity: 9, price: 2, price_currency: 'XYZ' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ price_currency: ['"XYZ" is not a valid choice.'] });
  });

  it('keeps (part, quantity) unique per kind', async () => {
    expect((await post('sale-price', { part: salable.id, quantity: 50, price: 1 })).status).toBe(201);
    const dup = await post('sale-price', { part: salable.id, quantity: '50.000', price: 2 });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ non_field_errors: ['The fields part, quantity must make a unique set.'] });
    // The same quantity as an internal price break is another list.
    expect((await post('internal-price', { part: salable.id, quantity: 50, price: 1 })).status).toBe(201);
  });

  it('answers concurrent inserts of one quantity with one 201 and 400s (never a 500)', async () => {
    const p = await insertPart();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post('internal-price', { part: p.id, quantity: 5, price: 1 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400))
      expect(r.body).toEqual({ non_field_errors: ['The fields part, quantity must make a unique set.'] });
  });

  it('validates quantity, price and the part (sale prices only on salable parts)', async () => {
    const err = async (kind: string, body: Record<string, unknown>) => (await post(kind, body)).body;
    expect(await err('internal-price', { part: unsalable.id, quantity: 'lots' })).toEqual({
      quantity: ['Invalid value'],
    });
    expect(await err('internal-price', { part: unsalable.id, quantity: 0 })).toEqual({
      quantity: ['Ensure this value is greater than or equal to 1.'],
    });
    expect(await err('internal-price', { part: unsalable.id })).toEqual({
      quantity: ['This field is required.'],
    });
    expect(await err('internal-price', { part: unsalable.id, quantity: 3, price: -1 })).toEqual({
      price: ['Ensure this value is greater than or equal to 0.'],
    });
    expect(await err('internal-price', { part: unsalable.id, quantity: 3, price: 'cheap' })).toEqual({
      price: ['Must be a valid number'],
    });
    expect(await err('sale-price', { part: unsalable.id, quantity: 3, price: 1 })).toEqual({
      part: [`Invalid pk "${unsalable.id}" - object does not exist.`],
    });
  });

  it('lists by part, ordered by quantity unless asked otherwise, and keeps the kinds apart', async () => {
    const p = await insertPart({ salable: true });
    for (const [quantity, price] of [
      [100, '0.5'],
      [1, '2'],
      [10, '1'],
    ])
      expect((await post('sale-price', { part: p.id, quantity, price })).status).toBe(201);
    const r = await api('GET', `/api/part/sale-price/?part=${p.id}`, { token: viewer });
    expect(r.status).toBe(200);
    expect(r.body.map((x: { quantity: number }) => x.quantity)).toEqual([1, 10, 100]);
    const byPrice = await api('GET', `/api/part/sale-price/?part=${p.id}&ordering=-price`, { token: viewer });
    expect(byPrice.body.map((x: { price: number }) => x.price)).toEqual([2, 1, 0.5]);
    expect((await api('GET', `/api/part/internal-price/?part=${p.id}`, { token: viewer })).body).toEqual([]);
    const bad = await api('GET', '/api/part/sale-price/?part=99999999', { token: viewer });
    expect(bad.body).toEqual({ part: [INVALID_CHOICE] });
    const id = r.body[0].pk;
    expect((await api('GET', `/api/part/internal-price/${id}/`, { token: viewer })).status).toBe(404);
    const patched = await api('PATCH', `/api/part/sale-price/${id}/`, {
      token: editor,
      body: { price: '2.25' },
    });
    expect(patched.body).toMatchObject({ quantity: 1, price: 2.25 });
    const clash = await api('PATCH', `/api/part/sale-price/${id}/`, {
      token: editor,
      body: { quantity: 10 },
    });
    expect(clash.status).toBe(400);
    expect((await api('DELETE', `/api/part/sale-price/${id}/`, { token: viewer })).status).toBe(403);
    expect((await api('DELETE', `/api/part/sale-price/${id}/`, { token: editor })).status).toBe(204);
    expect((await api('GET', `/api/part/sale-price/${id}/`, { token: editor })).status).toBe(404);
    expect((await api('GET', '/api/part/sale-price/', { token: nobody })).status).toBe(403);
  });
});
