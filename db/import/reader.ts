import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** One Django fixture / dumpdata record, with the model name lower-cased and the file it came from. */
export interface SourceRecord {
  model: string;
  pk: number;
  fields: Record<string, unknown>;
  source: string;
}

function isRecordList(v: unknown): v is { model: string; pk?: unknown; fields?: Record<string, unknown> }[] {
  return (
    Array.isArray(v) &&
    v.every((r) => r && typeof r === 'object' && typeof (r as { model?: unknown }).model === 'string')
  );
}

function parseFile(file: string): SourceRecord[] | null {
  const text = readFileSync(file, 'utf8');
  const data: unknown = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  if (data === null || data === undefined) return [];
  // Other JSON/YAML in a fixture folder (a manifest, a config) is not a record list: not ours to read.
  if (!isRecordList(data)) return null;
  return data.map((r, i) => {
    const pk = typeof r.pk === 'string' && /^\d+$/.test(r.pk) ? Number(r.pk) : r.pk;
    if (typeof pk !== 'number' || !Number.isInteger(pk))
      throw new Error(`${file}: record ${i} (${r.model}) has no integer pk`);
    return { model: r.model.toLowerCase(), pk, fields: r.fields ?? {}, source: file };
  });
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full));
    else if (/\.(json|ya?ml)$/i.test(e.name)) out.push(full);
  }
  return out;
}

/** Folders whose name starts with `_` (derived or corrected data) load after the primary files. */
function loadRank(rel: string): string {
  return rel
    .split(path.sep)
    .map((s) => (s.startsWith('_') ? `~${s}` : s))
    .join('/');
}

export interface ReadResult {
  records: SourceRecord[];
  files: string[];
  ignoredFiles: string[];
  /** Records that appeared again in a later file (same model and pk): their fields were merged. */
  merged: number;
}

/**
 * Reads a dumpdata JSON, a fixture YAML, or a folder of them (recursively). A record whose model and
 * pk appear again later is merged field by field, later files winning, as Django's loaddata
 * overwrites earlier objects with later ones; folders starting with `_` load last.
 */
export function readSource(input: string): ReadResult {
  const st = statSync(input);
  const files = st.isDirectory()
    ? listFiles(input).sort((a, b) =>
        loadRank(path.relative(input, a)).localeCompare(loadRank(path.relative(input, b))),
      )
    : [input];
  const byKey = new Map<string, SourceRecord>();
  const ignoredFiles: string[] = [];
  const used: string[] = [];
  let merged = 0;
  for (const f of files) {
    const recs = parseFile(f);
    if (recs === null) {
      ignoredFiles.push(f);
      continue;
    }
    used.push(f);
    for (const r of recs) {
      const key = `${r.model}#${r.pk}`;
      const prev = byKey.get(key);
      if (prev) {
        merged++;
        prev.fields = { ...prev.fields, ...r.fields };
        prev.source = `${prev.source}, ${r.source}`;
      } else byKey.set(key, r);
    }
  }
  return { records: [...byKey.values()], files: used, ignoredFiles, merged };
}
