import type { Option } from '@/components/form-fields';
import type { TreeNode } from '@/components/tree-view';
import { jsonRows } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { locationTree } from '@/server/stock';
import type { LocationTreeRow } from './types';

const LOCAL = new URL('http://local/api/stock/location/tree/');

/** Every location, light, in path order (one query). */
export async function loadLocations(ctx: Ctx): Promise<LocationTreeRow[]> {
  return jsonRows<LocationTreeRow>(await locationTree(ctx, {}, LOCAL));
}

export function locationNodes(rows: LocationTreeRow[], href: (id: number) => string): TreeNode[] {
  return rows.map((r) => ({
    id: r.pk,
    parent: r.parent,
    label: r.name,
    href: href(r.pk),
    note: r.structural ? 'structural' : undefined,
  }));
}

/** Root → node, from the tree rows (no query). */
export function locationPath(rows: LocationTreeRow[], id: number | null | undefined): LocationTreeRow[] {
  const byId = new Map(rows.map((r) => [r.pk, r]));
  const out: LocationTreeRow[] = [];
  for (let cur = id ?? null; cur !== null && out.length < 1000; ) {
    const row = byId.get(cur);
    if (!row) break;
    out.unshift(row);
    cur = row.parent;
  }
  return out;
}

/** The ids of a location and everything below it. */
export function locationSubtree(rows: LocationTreeRow[], id: number): Set<number> {
  const out = new Set([id]);
  // Rows come in path order, so a parent is always seen before its children.
  for (const r of rows) if (r.parent !== null && out.has(r.parent)) out.add(r.pk);
  return out;
}

/** Location choices labelled by path; `structuralDisabled` where stock goes (not into structural ones). */
export function locationOptions(
  rows: LocationTreeRow[],
  opts: { exclude?: Set<number>; structuralDisabled?: boolean } = {},
): Option[] {
  return rows
    .filter((r) => !opts.exclude?.has(r.pk))
    .map((r) => ({
      value: r.pk,
      label: r.structural ? `${r.pathstring} (structural)` : r.pathstring,
      disabled: opts.structuralDisabled && r.structural,
    }));
}
