import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    expect(report.unsupported['stock.stockitem']).toBe(exported('stock.stockitem').length);
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
      expect(report.unsupported['stock.stockitem']).toBe(29);
      expect(report.models.find((m) => m.model === 'part.parttest')?.skipped).toBe(9);
    } finally {
      await fx.end();
    }
  });
});
