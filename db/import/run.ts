import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { ROLES } from '@/domain/roles';
import { mediaRoot as defaultMediaRoot } from '@/server/media/storage';
import { AUXILIARY_MODELS, MAPPERS } from './mappers';
import { copyMedia, type MediaResult, type MediaTask } from './media';
import { readSource, type SourceRecord } from './reader';
import {
  type Emitted,
  type ExistingData,
  ImportError,
  type MapContext,
  type Mapper,
  REF_TABLES,
  type RefKind,
  type Row,
  Skip,
} from './types';

export interface ImportOptions {
  /** PostgreSQL URL of the (migrated) target database. */
  url: string;
  /** A dumpdata JSON, a fixture YAML, or a folder of them. */
  input: string;
  /** InvenTree's MEDIA_ROOT copy to take files from. */
  media?: string;
  /** Upsert by pk into a database that already holds rows. */
  merge?: boolean;
  /** Where to write the JSON report. */
  report?: string;
  /** Target media root (default: the app's MEDIA_ROOT). */
  mediaRoot?: string;
  /** Receives progress lines (default: none). */
  progress?: (line: string) => void;
  /** Rows per INSERT statement (default 1000). */
  batchSize?: number;
}

export interface ModelSummary {
  model: string;
  table: string | null;
  records: number;
  imported: number;
  skipped: number;
  /** Reason → count, for skipped records. */
  why: Record<string, number>;
}

export interface ImportReport {
  input: string;
  files: string[];
  ignoredFiles: string[];
  merge: boolean;
  startedAt: string;
  durationMs: number;
  models: ModelSummary[];
  /** Models the project does not have yet: record counts, not imported. */
  unsupported: Record<string, number>;
  generated: { owners: number; rulesets: number };
  media: MediaResult;
}

const BATCH = 1000;
/** PostgreSQL's bind-parameter limit per statement. */
const MAX_PARAMS = 65000;

function label(r: SourceRecord): string {
  return `${r.model} pk=${r.pk} (${path.basename(r.source)})`;
}

/** Natural-key references (`["admin"]`, `["readers"]`) or pks, as Django serialises foreign keys. */
function naturalKey(v: unknown): string | null {
  return Array.isArray(v) && v.length === 1 && typeof v[0] === 'string' ? v[0] : null;
}

async function loadExisting(sql: postgres.Sql, withStock: boolean): Promise<ExistingData> {
  const ids = {} as Record<RefKind, Set<number>>;
  for (const [kind, table] of Object.entries(REF_TABLES) as [RefKind, string][]) {
    const rows = await sql.unsafe<{ id: number }[]>(`select id from ${table}`);
    ids[kind] = new Set(rows.map((r) => r.id));
  }
  const users = await sql<{ id: number; username: string }[]>`select id, username from users`;
  const groups = await sql<{ id: number; name: string }[]>`select id, name from groups`;
  const cats = await sql<
    { id: number; parent_id: number | null; name: string }[]
  >`select id, parent_id, name from part_categories`;
  const locs = await sql<
    { id: number; parent_id: number | null; name: string }[]
  >`select id, parent_id, name from stock_locations`;
  const parts = await sql<
    { id: number; variant_of_id: number | null }[]
  >`select id, variant_of_id from parts`;
  const units = await sql<
    { name: string; symbol: string; definition: string }[]
  >`select name, symbol, definition from custom_units order by id`;
  const templates = await sql<
    { id: number; part: number; key: string }[]
  >`select id, part_id as part, key from part_test_templates`;
  // Every item's part and serial is only needed (and only worth loading) when stock is imported.
  const items = withStock
    ? await sql<
        { id: number; part: number; tree: number; serial: string | null }[]
      >`select id, part_id as part, part_tree_id as tree, serial from stock_items`
    : [];
  return {
    ids,
    usernames: new Map(users.map((u) => [u.username.toLowerCase(), u.id])),
    groupNames: new Map(groups.map((g) => [g.name, g.id])),
    categories: new Map(cats.map((c) => [c.id, { parent: c.parent_id, name: c.name }])),
    locations: new Map(locs.map((c) => [c.id, { parent: c.parent_id, name: c.name }])),
    partVariantOf: new Map(parts.map((p) => [p.id, p.variant_of_id])),
    customUnits: [...units],
    testTemplates: [...templates],
    stockItems: new Map(items.map(({ id, ...rest }) => [id, rest])),
  };
}

interface Planned {
  mapper: Mapper;
  rows: Row[];
  recs: SourceRecord[];
}

/**
 * Imports an InvenTree export (dumpdata JSON, fixture YAML, or a folder of them) in one transaction:
 * every record of a model this project has is written with its pk kept (upserted by pk with
 * `merge`), records of other models are counted, references to rows that exist neither in the
 * import nor in the database fail the import naming each record, and media files are copied after
 * the commit. Refuses a non-empty database without `merge`. Returns (and optionally writes) the report.
 */
export async function importInventree(opts: ImportOptions): Promise<ImportReport> {
  const started = Date.now();
  const progress = opts.progress ?? (() => {});
  const source = readSource(opts.input);
  const byModel = new Map<string, SourceRecord[]>();
  for (const r of source.records) {
    const list = byModel.get(r.model) ?? [];
    list.push(r);
    byModel.set(r.model, list);
  }
  const contentTypes = new Map<number, string>();
  for (const ct of byModel.get('contenttypes.contenttype') ?? [])
    contentTypes.set(ct.pk, `${ct.fields.app_label}.${ct.fields.model}`);

  const sql = postgres(opts.url, { max: 1, onnotice: () => {} });
  try {
    const tables = [...new Set([...MAPPERS.map((m) => m.table), 'user_groups'])];
    if (!opts.merge) {
      const counts = await Promise.all(
        tables.map(async (t) => {
          const [row] = await sql.unsafe<{ n: boolean }[]>(`select exists (select 1 from ${t}) as n`);
          return row?.n ? t : null;
        }),
      );
      const full = counts.filter((t) => t !== null);
      if (full.length)
        throw new ImportError(
          `the database is not empty (rows in ${full.join(', ')}): re-run with --merge to upsert by pk`,
        );
    }
    const existing = await loadExisting(
      sql,
      [...byModel.keys()].some((m) => m.startsWith('stock.stockitem')),
    );

    // Everything the import defines can be referenced (pks kept), plus what the database holds.
    const ids = Object.fromEntries(Object.entries(existing.ids).map(([k, v]) => [k, new Set(v)])) as Record<
      RefKind,
      Set<number>
    >;
    const usernames = new Map(existing.usernames);
    const groupNames = new Map(existing.groupNames);
    for (const m of MAPPERS)
      if (m.defines)
        for (const model of m.models) for (const r of byModel.get(model) ?? []) ids[m.defines].add(r.pk);
    for (const u of byModel.get('auth.user') ?? [])
      usernames.set(String(u.fields.username).toLowerCase(), u.pk);
    for (const g of byModel.get('auth.group') ?? []) groupNames.set(String(g.fields.name), g.pk);

    const problems: string[] = [];
    let emitted: Emitted[] = [];
    const ctx: MapContext = {
      existing,
      state: {},
      emit: (e) => emitted.push(e),
      contentType(v) {
        let key: string | undefined;
        if (Array.isArray(v) && v.length === 2) key = `${v[0]}.${v[1]}`.toLowerCase();
        else if (typeof v === 'number') key = contentTypes.get(v);
        else if (typeof v === 'string') key = v.includes('.') ? v.toLowerCase() : `?.${v.toLowerCase()}`;
        if (!key) return null;
        const model = key.split('.')[1]!;
        return model;
      },
      mediaSize(rel) {
        if (!rel || !opts.media) return 0;
        try {
          return statSync(path.join(opts.media, ...rel.split('/'))).size;
        } catch {
          return 0;
        }
      },
      ref(kind, value, rec, field) {
        let id: number | undefined;
        const nk = naturalKey(value);
        if (nk !== null) {
          if (kind === 'user') id = usernames.get(nk.toLowerCase());
          else if (kind === 'group') id = groupNames.get(nk);
        } else {
          const n = Number(value);
          if (value !== null && value !== '' && Number.isInteger(n) && ids[kind].has(n)) id = n;
        }
        if (id === undefined) {
          problems.push(`${label(rec)}: ${field} → ${kind} ${JSON.stringify(value)} does not exist`);
          return null;
        }
        return id;
      },
    };

    // Map every record (no writes yet): skips are counted, missing references collected.
    const summaries = new Map<string, ModelSummary>();
    const planned: Planned[] = [];
    const extras: { e: Emitted; rec: SourceRecord }[] = [];
    for (const mapper of MAPPERS) {
      let recs = mapper.models.flatMap((m) => byModel.get(m) ?? []);
      for (const m of mapper.models)
        summaries.set(m, { model: m, table: mapper.table, records: 0, imported: 0, skipped: 0, why: {} });
      if (!recs.length) continue;
      try {
        if (mapper.prepare) recs = mapper.prepare(recs, ctx, byModel);
      } catch (e) {
        throw new ImportError((e as Error).message);
      }
      const plan: Planned = { mapper, rows: [], recs: [] };
      for (const rec of recs) {
        const s = summaries.get(rec.model)!;
        s.records++;
        emitted = [];
        const row = mapper.map(rec, ctx);
        if (row instanceof Skip) {
          s.skipped++;
          s.why[row.reason] = (s.why[row.reason] ?? 0) + 1;
          continue;
        }
        s.imported++;
        plan.rows.push(row);
        plan.recs.push(rec);
        for (const e of emitted) extras.push({ e, rec });
      }
      planned.push(plan);
    }
    if (problems.length)
      throw new ImportError(
        `${problems.length} reference(s) to missing rows, nothing imported:\n  ${problems.slice(0, 50).join('\n  ')}${
          problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''
        }`,
      );

    const unsupported: Record<string, number> = {};
    for (const [model, recs] of byModel)
      if (!summaries.has(model) && !(model in AUXILIARY_MODELS)) unsupported[model] = recs.length;

    const batchSize = opts.batchSize ?? BATCH;
    const generated = { owners: 0, rulesets: 0 };
    await sql.begin(async (tx) => {
      // A bulk load: the audit trigger would write one row per imported row.
      await tx`set local inventree.audit = 'off'`;

      const write = async (
        table: string,
        columns: string[],
        conflict: string[],
        onConflict: 'update' | 'nothing',
        rows: Row[],
        recs: SourceRecord[],
        name: string,
      ) => {
        const size = Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMS / columns.length)));
        const update = columns.filter((c) => !conflict.includes(c) && !(c === 'id' && conflict[0] !== 'id'));
        const tail =
          onConflict === 'nothing' || !update.length
            ? `on conflict (${conflict.join(', ')}) do nothing`
            : `on conflict (${conflict.join(', ')}) do update set ${update.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`;
        for (let i = 0; i < rows.length; i += size) {
          const batch = rows.slice(i, i + size);
          const run = (t: postgres.TransactionSql, b: Row[]) =>
            t`insert into ${t(table)} ${t(b, ...columns)} ${t.unsafe(tail)}`;
          try {
            await tx.savepoint((sp) => run(sp, batch));
          } catch (batchError) {
            // Find the record that broke the batch, so the message can name it.
            for (let j = 0; j < batch.length; j++) {
              try {
                await tx.savepoint((sp) => run(sp, [batch[j]!]));
              } catch (e) {
                throw new ImportError(`${label(recs[i + j]!)}: ${(e as Error).message}`);
              }
            }
            throw batchError;
          }
          progress(`${name}: ${Math.min(i + size, rows.length)}/${rows.length}`);
        }
      };

      for (const { mapper, rows, recs } of planned) {
        const name = mapper.models.filter((m) => summaries.get(m)!.records).join('+');
        const withId = rows.map((r, i) => [r, recs[i]!] as const).filter(([r]) => r.id !== null);
        const withoutId = rows.map((r, i) => [r, recs[i]!] as const).filter(([r]) => r.id === null);
        await write(
          mapper.table,
          mapper.columns,
          mapper.conflict ?? ['id'],
          'update',
          withId.map(([r]) => r),
          withId.map(([, s]) => s),
          name,
        );
        if (withoutId.length && mapper.naturalKey) {
          // New ids come from the sequence: move it past the pks written just now.
          await tx.unsafe(setval(mapper.table));
          await write(
            mapper.table,
            mapper.columns.filter((c) => c !== 'id'),
            mapper.naturalKey,
            'update',
            withoutId.map(([r]) => r),
            withoutId.map(([, s]) => s),
            name,
          );
        }
      }
      const byTable = new Map<string, { e: Emitted; rec: SourceRecord }[]>();
      for (const x of extras) byTable.set(x.e.table, [...(byTable.get(x.e.table) ?? []), x]);
      for (const [table, list] of byTable) {
        const first = list[0]!.e;
        await write(
          table,
          Object.keys(first.row),
          first.conflict ?? ['id'],
          first.onConflict ?? 'update',
          list.map((x) => x.e.row),
          list.map((x) => x.rec),
          table,
        );
      }

      // Sequences continue after the highest id (imported or not).
      for (const table of tables) {
        if (table === 'user_groups') continue;
        await tx.unsafe(setval(table));
      }
      // Every user and group has an Owner; every group one ruleset per role.
      const o = await tx`
        insert into owners (owner_type, owner_id)
        select 'user', u.id from users u
        where not exists (select 1 from owners o where o.owner_type = 'user' and o.owner_id = u.id)
        union all
        select 'group', g.id from groups g
        where not exists (select 1 from owners o where o.owner_type = 'group' and o.owner_id = g.id)`;
      generated.owners = o.count;
      const r = await tx`
        insert into rulesets (group_id, name)
        select g.id, role from groups g cross join unnest(string_to_array(${ROLES.join(',')}, ',')) as role
        on conflict (group_id, name) do nothing`;
      generated.rulesets = r.count;
    });

    // Files after the commit: a failed import copies nothing; a missing file is reported, not fatal.
    const tasks: MediaTask[] = [];
    for (const { mapper, rows, recs } of planned) {
      rows.forEach((row, i) => {
        if (mapper.table === 'parts' && row.image)
          tasks.push({ rel: String(row.image), model: recs[i]!.model, pk: recs[i]!.pk, image: true });
        if ((mapper.table === 'attachments' || mapper.table === 'stock_item_test_results') && row.attachment)
          tasks.push({ rel: String(row.attachment), model: recs[i]!.model, pk: recs[i]!.pk, image: false });
      });
    }
    progress(`media: ${tasks.length} file reference(s)`);
    const media = await copyMedia(tasks, opts.media, opts.mediaRoot ?? defaultMediaRoot());

    const report: ImportReport = {
      input: opts.input,
      files: source.files,
      ignoredFiles: source.ignoredFiles,
      merge: Boolean(opts.merge),
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      models: [...summaries.values()].filter((s) => s.records),
      unsupported,
      generated,
      media,
    };
    for (const [model, why] of Object.entries(AUXILIARY_MODELS)) {
      const n = byModel.get(model)?.length;
      if (n)
        report.models.push({ model, table: null, records: n, imported: 0, skipped: n, why: { [why]: n } });
    }
    if (opts.report) writeFileSync(opts.report, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const setval = (table: string) =>
  `select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`;

/** The summary table (model → imported / skipped / why) as printable lines. */
export function formatReport(r: ImportReport): string {
  const rows: string[][] = [['model', 'imported', 'skipped', 'why']];
  for (const m of r.models)
    rows.push([
      m.model,
      String(m.imported),
      String(m.skipped),
      Object.entries(m.why)
        .map(([k, v]) => `${v}× ${k}`)
        .join('; '),
    ]);
  for (const [model, n] of Object.entries(r.unsupported).sort())
    rows.push([model, '0', String(n), 'model not supported yet']);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i]!.length)));
  const lines = rows.map(
    (x) => `${x[0]!.padEnd(w[0]!)}  ${x[1]!.padStart(w[1]!)}  ${x[2]!.padStart(w[2]!)}  ${x[3]}`,
  );
  lines.splice(1, 0, '-'.repeat(Math.min(120, Math.max(...lines.map((l) => l.length)))));
  lines.push(
    '',
    `generated: ${r.generated.owners} owner(s), ${r.generated.rulesets} ruleset(s) for missing roles`,
    `media: ${r.media.copied} copied, ${r.media.alreadyPresent} already present, ${r.media.renditionsGenerated} rendition(s) generated, ${r.media.missing.length} missing`,
    ...r.media.missing.map((m) => `  missing: ${m.model} pk=${m.pk} ${m.path} (${m.reason})`),
    ...r.media.warnings.map((w) => `  warning: ${w}`),
    `${r.merge ? 'merged' : 'imported'} in ${(r.durationMs / 1000).toFixed(2)} s`,
  );
  return lines.join('\n');
}
