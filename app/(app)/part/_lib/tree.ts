import type { Option } from '@/components/form-fields';
import type { TreeNode } from '@/components/tree-view';
import { jsonRows } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { categoryTree } from '@/server/parts';
import type { TreeRow } from './types';

const LOCAL = new URL('http://local/api/part/category/tree/');

/** Every category, light, in path order (one query). */
export async function loadTree(ctx: Ctx): Promise<TreeRow[]> {
  return jsonRows<TreeRow>(await categoryTree(ctx, {}, LOCAL));
}

export function treeNodes(rows: TreeRow[], href: (id: number) => string): TreeNode[] {
  return rows.map((r) => ({
    id: r.pk,
    parent: r.parent,
    label: r.name,
    href: href(r.pk),
    note: r.structural ? 'structural' : undefined,
  }));
}

/** Root → node, from the tree rows (no query). */
export function pathTo(rows: TreeRow[], id: number | null | undefined): TreeRow[] {
  const byId = new Map(rows.map((r) => [r.pk, r]));
  const out: TreeRow[] = [];
  for (let cur = id ?? null; cur !== null && out.length < 1000; ) {
    const row = byId.get(cur);
    if (!row) break;
    out.unshift(row);
    cur = row.parent;
  }
  return out;
}

/** The ids of a category and everything below it. */
export function subtreeIds(rows: TreeRow[], id: number): Set<number> {
  const out = new Set([id]);
  // Rows come in path order, so a parent is always seen before its children.
  for (const r of rows) if (r.parent !== null && out.has(r.parent)) out.add(r.pk);
  return out;
}

/** Category choices labelled by path; `structuralDisabled` for part forms (parts cannot go there). */
export function categoryOptions(
  rows: TreeRow[],
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
