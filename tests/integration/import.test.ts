import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/scripts/lib/test-db';

/** The importer runs against databases of its own (it refuses non-empty ones), on the test server. */
const root = path.resolve(import.meta.dirname, '..', '..');
const demoDir = path.resolve(root, 'data', 'inventree-demo');
const demoFile = path.join(demoDir, 'inventree_data.json');
const fixturesDir = path.resolve(root, 'data', 'inventree-fixtures');
const demo: { model: string; pk: number; fields: Record<string, unknown> }[] = JSON.parse(
  readFileSync(demoFile, 'utf8'),
);
const exported = (model: string) => demo.filter((r) => r.model === model);
type Fields = Record<string, unknown>;
/** InvenTree's IN_STOCK_FILTER, applied to an exported stock item. */
const isInStock = (f: Fields) =>
  Number(f.quantity) > 0 &&
  f.sales_order === null &&
  f.belongs_to === null &&
  f.customer === null &&
  f.consumed_by === null &&
  !f.is_building &&
  [10, 50, 55, 85].includes(f.status as number);
/** Σ quantity of the exported in-stock items whose part is one of `parts`. */
const exportedInStock = (parts: number[]) =>
  exported('stock.stockitem')
    .filter((r) => parts.includes(r.fields.part as number) && isInStock(r.fields))
    .reduce((n, r) => n + Number(r.fields.quantity), 0);

const embedded = {
  dir: path.join(root, '.data', 'test'),
  port: Number(process.env.EMBEDDED_TEST_PG_PORT ?? 54339),
};
const mediaRoot = mkdtempSync(path.join(tmpdir(), 'import-media-'));
let main: TestDatabase;
let sql: postgres.Sql;
let mod: typeof import('@/db/import');
let firstRunMs = 0;

const count = async (table: string) =>
  Number((await sql.unsafe<{ n: string }[]>(`select count(*) as n from ${table}`))[0]!.n);

async function counts(): Promise<Record<string, number>> {
  const tables = [
    'users',
    'groups',
    'rulesets',
    'owners',
    'global_settings',
    'user_settings',
    'part_categories',
  ];
  tables.push(
    'parts',
    'parameter_templates',
    'parameters',
    'part_test_templates',
    'part_related',
    'attachments',
  );
  tables.push('part_price_breaks', 'part_stars', 'user_groups', 'custom_units');
  tables.push('stock_items', 'stock_item_tracking', 'stock_item_test_results');
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)] as const)));
}

beforeAll(async () => {
  main = await createTestDatabase({ prefix: 'itest_import', embedded });
  // The API below must read the imported database, so point the process pool at it before first use.
  process.env.DATABASE_URL = main.url;
  process.env.MEDIA_ROOT = mediaRoot;
  sql = postgres(main.url, { max: 2, onnotice: () => {} });
  mod = await import('@/db/import');
  const t0 = Date.now();
  await mod.importInventree({
    url: main.url,
    input: demoFile,
    media: path.join(demoDir, 'media'),
    mediaRoot,
  });
  firstRunMs = Date.now() - t0;
  console.log(`demo import: ${firstRunMs} ms`);
}, 120_000);

afterAll(async () => {
  await sql?.end();
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await main?.drop();
  rmSync(mediaRoot, { recursive: true, force: true });
});

/** The fixtures' test results → their templates (result 8 names no known test and is skipped). */
const FIXTURE_RESULT_TEMPLATES = [
  [1, 10],
  [2, 9],
  [3, 8],
  [4, 8],
  [5, 2],
  [6, 2],
  [7, 4],
  [12345, 1],
];

describe('import of the InvenTree demo dataset', () => {
  it('imports every record of the supported models, pks kept', async () => {
    const c = await counts();
    expect(c.users).toBe(exported('auth.user').length);
    expect(c.groups).toBe(exported('auth.group').length);
    expect(c.part_categories).toBe(exported('part.partcategory').length);
    expect(c.parts).toBe(exported('part.part').length);
    expect(c.parameter_templates).toBe(exported('part.partparametertemplate').length);
    expect(c.parameters).toBe(exported('part.partparameter').length);
    expect(c.part_test_templates).toBe(exported('part.parttesttemplate').length);
    expect(c.part_related).toBe(exported('part.partrelated').length);
    expect(c.attachments).toBe(exported('part.partattachment').length);
    expect(c.part_stars).toBe(exported('part.partstar').length);
    expect(c.custom_units).toBe(exported('common.customunit').length);
    expect(c.part_price_breaks).toBe(
      exported('part.partinternalpricebreak').length + exported('part.partsellpricebreak').length,
    );
    expect(c.stock_items).toBe(exported('stock.stockitem').length);
    expect(c.stock_item_tracking).toBe(exported('stock.stockitemtracking').length);
    expect(c.stock_item_test_results).toBe(exported('stock.stockitemtestresult').length);
    // Owners as exported; every group has one ruleset per role (exported ones keep their pks).
    expect(c.owners).toBe(exported('users.owner').length);
    const rs = await sql<{ id: number }[]>`select id from rulesets`;
    for (const r of exported('users.ruleset')) expect(rs.some((x) => x.id === r.pk)).toBe(true);
    const missing = await sql`
      select g.id, role from groups g cross join unnest(array['admin','part','bom','transfer_order']) role
      where not exists (select 1 from rulesets r where r.group_id = g.id and r.name = role)`;
    expect(missing).toHaveLength(0);
    // Sequences continue after the highest imported id.
    const [next] = await sql<
      { n: number }[]
    >`select nextval(pg_get_serial_sequence('parts', 'id'))::int as n`;
    expect(next!.n).toBeGreaterThan(Math.max(...exported('part.part').map((p) => p.pk)));
    const [nextItem] = await sql<
      { n: number }[]
    >`select nextval(pg_get_serial_sequence('stock_items', 'id'))::int as n`;
    expect(nextItem!.n).toBeGreaterThan(Math.max(...exported('stock.stockitem').map((p) => p.pk)));
    expect(firstRunMs).toBeLessThan(60_000);
  });

  it('keeps part 77 field by field, with its parameters, tests and image', async () => {
    const src = exported('part.part').find((p) => p.pk === 77)!.fields;
    const [p] = await sql`select * from parts where id = 77`;
    expect(p).toMatchObject({
      name: src.name,
      description: src.description,
      category_id: src.category,
      is_template: true,
      assembly: true,
      trackable: true,
      purchaseable: false,
      salable: true,
      minimum_stock: '3.000000',
      image: 'part_images/assembly.png',
      bom_checked_by_id: 1,
      creation_user_id: 1,
      variant_tree_ids: [77],
    });
    const params = await sql`select * from parameters where model_type = 'part' and model_id = 77`;
    expect(params).toHaveLength(exported('part.partparameter').filter((r) => r.fields.part === 77).length);
    const tests = await sql`select key from part_test_templates where part_id = 77 order by id`;
    expect(tests.map((t) => t.key)).toEqual(
      exported('part.parttesttemplate')
        .filter((r) => r.fields.part === 77)
        .map((r) => r.fields.key),
    );
    const p1 = exported('part.partparameter').find((r) => r.pk === 1)!.fields;
    const [param] = await sql`select * from parameters where id = 1`;
    expect(param).toMatchObject({
      template_id: p1.template,
      model_id: p1.part,
      data: p1.data,
      data_numeric: 402,
    });
    // jsonb columns hold JSON values, not JSON text stored as one string.
    const [strings] = await sql`
      select (select count(*) from parts where jsonb_typeof(tags) <> 'array' or jsonb_typeof(metadata) = 'string')
        + (select count(*) from stock_item_tracking where jsonb_typeof(deltas) <> 'object') as n`;
    expect(Number(strings!.n)).toBe(0);
    for (const f of ['assembly.png', 'assembly.thumbnail.png', 'assembly.preview.png'])
      expect(statSync(path.join(mediaRoot, 'part_images', f)).size).toBeGreaterThan(0);
    // Category tree computed from parents.
    const [cat] = await sql`select * from part_categories where id = ${src.category as number}`;
    expect(cat!.tree_ids.at(-1)).toBe(src.category);
    expect(cat!.level).toBe(cat!.tree_ids.length - 1);
    const srcCat = exported('part.partcategory').find((r) => r.pk === src.category)!.fields;
    expect(cat!.pathstring).toBe(srcCat.pathstring);
  });

  it('lets users sign in with their InvenTree passwords, with their roles', async () => {
    const { api } = await import('@/tests/api');
    const me = await api('GET', '/api/user/me/', { basic: ['reader', 'readonly'] });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('reader');
    expect((await api('GET', '/api/user/me/', { basic: ['reader', 'wrong'] })).status).toBe(401);
    expect((await api('GET', '/api/part/77/', { basic: ['reader', 'readonly'] })).status).toBe(200);
    const post = await api('POST', '/api/part/', {
      basic: ['reader', 'readonly'],
      body: { name: 'Nope', description: 'x', category: 1 },
    });
    expect(post.status).toBe(403);
    expect((await api('GET', '/api/user/me/', { basic: ['admin', 'inventree'] })).status).toBe(200);
  });

  it('keeps serialized stock item 206 with its history and test results, as the API returns them', async () => {
    const { api } = await import('@/tests/api');
    const admin: [string, string] = ['admin', 'inventree'];
    const userIds = new Map(exported('auth.user').map((u) => [u.fields.username, u.pk]));
    const userOf = (v: unknown) => (Array.isArray(v) ? userIds.get(v[0]) : (v ?? null));
    const src = exported('stock.stockitem').find((r) => r.pk === 206)!.fields;
    expect(src.serial).toBe('2');
    const history = exported('stock.stockitemtracking')
      .filter((r) => r.fields.item === 206)
      .sort((a, b) => a.pk - b.pk);
    expect(history.length).toBeGreaterThan(5);

    const [item] = await sql`select * from stock_items where id = 206`;
    expect(item).toMatchObject({
      part_id: src.part,
      part_tree_id: 77,
      serial: src.serial,
      serial_int: src.serial_int,
      location_id: src.location,
      quantity: '1.00000',
      status: src.status,
      build_id: src.build,
      delete_on_deplete: false,
      customer_id: null,
      belongs_to_id: null,
      in_stock: true,
    });
    // No creation date in the export: the item's first history row gives it.
    const first = Math.min(...history.map((h) => Date.parse(h.fields.date as string)));
    expect(item!.created.getTime()).toBe(first);
    const rows = await sql`select * from stock_item_tracking where item_id = 206 order by id`;
    expect(rows.map((r) => [Number(r.id), r.tracking_type, r.deltas, r.user_id, r.part_id])).toEqual(
      history.map((h) => [h.pk, h.fields.tracking_type, h.fields.deltas, userOf(h.fields.user), src.part]),
    );

    const detail = await api('GET', '/api/stock/206/', { basic: admin });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      pk: 206,
      part: src.part,
      serial: '2',
      location: src.location,
      quantity: 1,
      status: src.status,
      in_stock: true,
      build: src.build,
      tracking_items: history.length,
    });
    const track = await api('GET', '/api/stock/track/?item=206&ordering=pk', { basic: admin });
    expect(track.status).toBe(200);
    const tracked = (track.body as { pk: number; tracking_type: number; deltas: unknown }[])
      .map((t) => [t.pk, t.tracking_type, t.deltas])
      .sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(tracked).toEqual(history.map((h) => [h.pk, h.fields.tracking_type, h.fields.deltas]));

    const results = exported('stock.stockitemtestresult').filter((r) => r.fields.stock_item === 206);
    const t22 = results.find((r) => r.pk === 22)!.fields;
    const [result] = await sql`select * from stock_item_test_results where id = 22`;
    expect(result).toMatchObject({
      stock_item_id: 206,
      template_id: t22.template,
      result: t22.result,
      value: t22.value,
      notes: t22.notes,
      attachment: null,
      user_id: userOf(t22.user),
    });
    expect(result!.date.toISOString()).toBe(t22.date);
    expect(result!.started_datetime.toISOString()).toBe(t22.started_datetime);
    const tests = await api('GET', '/api/stock/test/?stock_item=206', { basic: admin });
    expect(tests.status).toBe(200);
    expect(
      (tests.body as { pk: number; template: number }[])
        .map((t) => [t.pk, t.template])
        .sort((a, b) => a[0]! - b[0]!),
    ).toEqual(
      results.map((r) => [r.pk, r.fields.template]).sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });

  it('gives parts the stock figures the export implies (sold and installed items not in stock)', async () => {
    const { api } = await import('@/tests/api');
    const admin: [string, string] = ['admin', 'inventree'];
    // Items sold to a customer or installed in another item keep their raw references and leave stock.
    const sold = exported('stock.stockitem').filter((r) => r.fields.customer !== null);
    const installed = exported('stock.stockitem').filter((r) => r.fields.belongs_to !== null);
    expect(sold.length).toBeGreaterThan(0);
    const states = await sql<{ id: number; in_stock: boolean; customer_id: number | null }[]>`
      select id, in_stock, customer_id from stock_items where id in ${sql([...sold, ...installed].map((r) => r.pk))}`;
    expect(states).toHaveLength(sold.length + installed.length);
    for (const s of states) expect(s.in_stock).toBe(false);
    const inStockCount = Number((await sql`select count(*) as n from stock_items where in_stock`)[0]!.n);
    expect(inStockCount).toBe(exported('stock.stockitem').filter((r) => isInStock(r.fields)).length);

    // An ordinary part, with items out of stock among its own.
    const p81 = await api('GET', '/api/part/81/', { basic: admin });
    expect(p81.status).toBe(200);
    expect(p81.body.in_stock).toBe(exportedInStock([81]));
    expect(p81.body.stock_item_count).toBe(
      exported('stock.stockitem').filter((r) => r.fields.part === 81).length,
    );
    // A template: its variants' stock counts in its total.
    const variantOf = new Map(exported('part.part').map((p) => [p.pk, p.fields.variant_of as number | null]));
    const inTree = (id: number, root: number): boolean =>
      id === root || (variantOf.get(id) ? inTree(variantOf.get(id)!, root) : false);
    const tree71 = [...variantOf.keys()].filter((id) => inTree(id, 71));
    expect(tree71.length).toBeGreaterThan(1);
    const p71 = await api('GET', '/api/part/71/', { basic: admin });
    expect(p71.body.total_in_stock).toBe(exportedInStock(tree71));
    expect(p71.body.total_in_stock).toBeGreaterThan(0);
  });

  it('skips stock records it cannot keep, counting each reason', async () => {
    const before = await counts();
    const dir = mkdtempSync(path.join(tmpdir(), 'import-skip-'));
    try {
      const item = (pk: number, fields: Fields) => ({
        model: 'stock.stockitem',
        pk,
        fields: { part: 77, location: 1, quantity: '1', ...fields },
      });
      writeFileSync(
        path.join(dir, 'skips.json'),
        JSON.stringify([
          // Serial 2 of part 77's tree is item 206's, already in the database.
          item(99980, { serial: '2' }),
          item(99981, { quantity: '-3' }),
          item(99982, { belongs_to: 99981 }),
          {
            model: 'stock.stockitemtracking',
            pk: 99990,
            fields: { item: 99981, tracking_type: 1, deltas: {} },
          },
          {
            model: 'stock.stockitemtestresult',
            pk: 99990,
            fields: { stock_item: 99980, template: 2, result: true },
          },
          {
            model: 'stock.stockitemtestresult',
            pk: 99991,
            fields: { stock_item: 206, test: 'No such test' },
          },
        ]),
      );
      const report = await mod.importInventree({
        url: main.url,
        input: path.join(dir, 'skips.json'),
        merge: true,
        mediaRoot,
      });
      const why = (model: string) => report.models.find((m) => m.model === model)?.why;
      expect(why('stock.stockitem')).toEqual({
        "serial number already used in the part's variant tree": 1,
        'negative quantity (stock quantities are ≥ 0)': 1,
        'its containing (belongs_to) stock item was skipped': 1,
      });
      expect(why('stock.stockitemtracking')).toEqual({ 'its stock item was skipped': 1 });
      expect(why('stock.stockitemtestresult')).toEqual({
        'its stock item was skipped': 1,
        "test name matches no test template of the item's part or the parts it is a variant of": 1,
      });
      expect(await counts()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is idempotent with --merge and refuses a non-empty database without it', async () => {
    const before = await counts();
    await expect(mod.importInventree({ url: main.url, input: demoFile, mediaRoot })).rejects.toThrow(
      /not empty.*--merge/s,
    );
    const report = await mod.importInventree({
      url: main.url,
      input: demoFile,
      media: path.join(demoDir, 'media'),
      merge: true,
      mediaRoot,
    });
    expect(await counts()).toEqual(before);
    expect(report.unsupported['stock.stockitem']).toBeUndefined();
    expect(report.unsupported['build.build']).toBe(exported('build.build').length);
    // Every supported model of the demo set: imported = exported, nothing skipped (obsolete
    // setting keys are kept as InvenTree keeps them).
    expect(report.models.length).toBeGreaterThanOrEqual(21);
    for (const m of report.models)
      expect({ model: m.model, imported: m.imported, skipped: m.skipped }).toEqual({
        model: m.model,
        imported: exported(m.model).length,
        skipped: 0,
      });
    expect(report.media.missing).toHaveLength(0);
  });

  it('rolls back everything when a record breaks, naming it', async () => {
    const before = await counts();
    const dir = mkdtempSync(path.join(tmpdir(), 'import-bad-'));
    try {
      const bad = [
        { model: 'auth.group', pk: 50, fields: { name: 'should not stay' } },
        ...demo.filter((r) => r.model === 'part.partcategory'),
        { model: 'part.part', pk: 99999, fields: { name: 'Broken', category: 424242 } },
      ];
      writeFileSync(path.join(dir, 'bad.json'), JSON.stringify(bad));
      await expect(
        mod.importInventree({ url: main.url, input: path.join(dir, 'bad.json'), merge: true, mediaRoot }),
      ).rejects.toThrow(/part\.part pk=99999.*category.*424242/);
      // A failure inside the transaction (here: a duplicate group name) is rolled back as well.
      writeFileSync(
        path.join(dir, 'dup.json'),
        JSON.stringify([
          { model: 'part.partcategory', pk: 500, fields: { name: 'Fresh' } },
          { model: 'auth.group', pk: 51, fields: { name: 'readers' } },
        ]),
      );
      await expect(
        mod.importInventree({ url: main.url, input: path.join(dir, 'dup.json'), merge: true, mediaRoot }),
      ).rejects.toThrow(/auth\.group pk=51/);
      // A stock item the database refuses (not a number) rolls back the good items written before it.
      writeFileSync(
        path.join(dir, 'stock.json'),
        JSON.stringify([
          { model: 'stock.stockitem', pk: 99990, fields: { part: 81, quantity: '3' } },
          { model: 'stock.stockitem', pk: 99991, fields: { part: 81, quantity: 'lots' } },
          { model: 'stock.stockitemtracking', pk: 99990, fields: { item: 99990, tracking_type: 1 } },
        ]),
      );
      await expect(
        mod.importInventree({ url: main.url, input: path.join(dir, 'stock.json'), merge: true, mediaRoot }),
      ).rejects.toThrow(/stock\.stockitem pk=99991/);
      expect(await counts()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('import of the InvenTree fixture folder (YAML)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ prefix: 'itest_import_fx', embedded });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('imports the YAML fixtures, legacy test-template links included', async () => {
    const report = await mod.importInventree({ url: db.url, input: fixturesDir, mediaRoot });
    const fx = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const n = async (t: string) => Number((await fx.unsafe(`select count(*) as n from ${t}`))[0]!.n);
      expect(await n('users')).toBe(4);
      expect(await n('groups')).toBe(3);
      expect(await n('part_categories')).toBe(8);
      expect(await n('parts')).toBe(14);
      expect(await n('parameter_templates')).toBe(3);
      expect(await n('parameters')).toBe(7);
      expect(await n('category_parameter_templates')).toBe(2);
      expect(await n('part_test_templates')).toBe(9);
      expect(await n('owners')).toBe(7);
      expect(await n('rulesets')).toBe(33);
      const [chair] = await fx`select variant_tree_ids from parts where id = 10004`;
      expect(chair!.variant_tree_ids).toEqual([10000, 10003, 10004]);
      const [mcu] = await fx`select pathstring, tree_ids, level from part_categories where id = 5`;
      expect(mcu).toEqual({ pathstring: 'Electronics/IC/MCU', tree_ids: [1, 4, 5], level: 2 });
      const [t5] = await fx`select part_id, required from part_test_templates where id = 5`;
      expect(t5).toEqual({ part_id: 10000, required: false });
      expect(report.unsupported['stock.stockitem']).toBeUndefined();
      expect(report.models.find((m) => m.model === 'part.parttest')?.skipped).toBe(9);
      // Stock: chair variants share the template's tree; 522 is installed in 105, so out of stock.
      expect(await n('stock_items')).toBe(29);
      const items =
        await fx`select id, part_tree_id, serial, serial_int, quantity, status, belongs_to_id, parent_id, in_stock
        from stock_items where id in (105, 522, 1001, 102) order by id`;
      expect(items).toEqual([
        {
          id: 102,
          part_tree_id: 25,
          serial: null,
          serial_int: 0,
          quantity: '0.00000',
          status: 10,
          belongs_to_id: null,
          parent_id: null,
          in_stock: false,
        },
        {
          id: 105,
          part_tree_id: 25,
          serial: '1000',
          serial_int: 1000,
          quantity: '1.00000',
          status: 10,
          belongs_to_id: null,
          parent_id: null,
          in_stock: true,
        },
        {
          id: 522,
          part_tree_id: 10000,
          serial: '22',
          serial_int: 22,
          quantity: '1.00000',
          status: 70,
          belongs_to_id: 105,
          parent_id: null,
          in_stock: false,
        },
        {
          id: 1001,
          part_tree_id: 100,
          serial: null,
          serial_int: 0,
          quantity: '11.00000',
          status: 10,
          belongs_to_id: null,
          parent_id: 1000,
          in_stock: true,
        },
      ]);
      // Results name their template (_derived) or only their test: result 8's name matches no key.
      const results = report.models.find((m) => m.model === 'stock.stockitemtestresult')!;
      expect(results).toMatchObject({ records: 9, imported: 8, skipped: 1 });
      expect(results.why).toEqual({
        "test name matches no test template of the item's part or the parts it is a variant of": 1,
      });
      const byResult = await fx`select id, template_id from stock_item_test_results order by id`;
      expect(byResult.map((r) => [r.id, r.template_id])).toEqual(FIXTURE_RESULT_TEMPLATES);
    } finally {
      await fx.end();
    }
  });

  it('resolves test results that name their test (no template field) by the test key', async () => {
    // Only the upstream files: results carry `test`, templates hang on parts through part.parttest.
    const dir = mkdtempSync(path.join(tmpdir(), 'import-legacy-'));
    const legacy = await createTestDatabase({ prefix: 'itest_import_lg', embedded });
    const fx = postgres(legacy.url, { max: 1, onnotice: () => {} });
    try {
      cpSync(fixturesDir, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}_derived`) });
      const report = await mod.importInventree({ url: legacy.url, input: dir, mediaRoot });
      expect(report.models.find((m) => m.model === 'stock.stockitemtestresult')).toMatchObject({
        imported: 8,
        skipped: 1,
      });
      const byResult = await fx`select id, template_id from stock_item_test_results order by id`;
      // 105 (part 25) uses its own part's templates; 522 (chair variant 10004) its templates' ones.
      expect(byResult.map((r) => [r.id, r.template_id])).toEqual(FIXTURE_RESULT_TEMPLATES);
    } finally {
      await fx.end();
      await legacy.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
