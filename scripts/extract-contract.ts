/**
 * Extracts the response fields of InvenTree's v534 schema components our API implements into
 * tests/contract/v534.json, so contract tests run without ../shared. Run after adding a model:
 * `npx tsx scripts/extract-contract.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const COMPONENTS = [
  'Part',
  'Category',
  'CategoryTree',
  'User',
  'Group',
  'Owner',
  'ApiToken',
  'RuleSet',
  'NotificationMessage',
  'Attachment',
  'GlobalSettings',
  'UserSettings',
  'StockItem',
  'Location',
  'LocationTree',
  'StockLocationType',
  'StockTracking',
  'StockItemTestResult',
];
const root = path.resolve(import.meta.dirname, '..');
const yaml = readFileSync(path.join(root, '..', 'shared', 'inventree-api', 'api.yaml'), 'utf8');

// The schema is large; a tiny indentation-based reader of `components.schemas.<Name>.properties` suffices.
function fields(name: string): { read: string[]; writeOnly: string[] } {
  const start = yaml.indexOf(`\n    ${name}:\n`);
  if (start < 0) throw new Error(`no component ${name}`);
  const lines = yaml
    .slice(start + 1)
    .split('\n')
    .slice(1);
  const read: string[] = [];
  const writeOnly: string[] = [];
  let inProps = false;
  let current = '';
  for (const line of lines) {
    if (/^ {4}\S/.test(line)) break;
    if (/^ {6}properties:/.test(line)) {
      inProps = true;
      continue;
    }
    if (/^ {6}\S/.test(line)) inProps = false;
    if (!inProps) continue;
    const m = /^ {8}([A-Za-z_][\w]*):/.exec(line);
    if (m) {
      current = m[1]!;
      read.push(current);
    } else if (/^ {10}writeOnly: true/.test(line)) writeOnly.push(current);
  }
  return { read: read.filter((f) => !writeOnly.includes(f)), writeOnly };
}

/** Query parameters of a GET path (name and type), from its `parameters:` block. */
function queryParams(pathKey: string): { name: string; type: string }[] {
  const start = yaml.indexOf(`\n  ${pathKey}:\n`);
  if (start < 0) throw new Error(`no path ${pathKey}`);
  const block = yaml
    .slice(start + 1)
    .split('\n')
    .slice(1);
  const out: { name: string; type: string }[] = [];
  let inGet = false;
  let pending: { name?: string; inQuery?: boolean } = {};
  for (const line of block) {
    if (/^ {2}\S/.test(line)) break;
    if (/^ {4}get:/.test(line)) inGet = true;
    else if (/^ {4}\S/.test(line)) inGet = false;
    if (!inGet) continue;
    const n = /^ {6}- in: (\w+)/.exec(line);
    if (n) pending = { inQuery: n[1] === 'query' };
    const nm = /^ {8}name: (\S+)/.exec(line);
    if (nm) pending.name = nm[1];
    const ty = /^ {10}type: (\w+)/.exec(line);
    if (ty && pending.name && pending.inQuery) {
      out.push({ name: pending.name, type: ty[1]! });
      pending = {};
    }
  }
  return out;
}

const LISTS = [
  '/api/part/',
  '/api/part/category/',
  '/api/user/',
  '/api/user/tokens/',
  '/api/notifications/',
  '/api/attachment/',
  '/api/parameter/',
  '/api/parameter/template/',
  '/api/stock/',
  '/api/stock/location/',
  '/api/stock/track/',
  '/api/stock/test/',
];
const out: Record<string, unknown> = Object.fromEntries(COMPONENTS.map((c) => [c, fields(c)]));
out.listFilters = Object.fromEntries(LISTS.map((p) => [p, queryParams(p)]));
writeFileSync(path.join(root, 'tests', 'contract', 'v534.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`${COMPONENTS.length} components, ${LISTS.length} list endpoints' filters`);
