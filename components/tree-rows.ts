import type { Option } from '@/components/form-fields';
import type { TreeNode } from '@/components/tree-view';

/** What pages use of a tree endpoint's row (categories and locations alike). */
export interface TreeRowLike {
  pk: number;
  name: string;
  pathstring: string;
  parent: number | null;
  structural: boolean;
}

export function treeNodes(rows: TreeRowLike[], href: (id: number) => string): TreeNode[] {
  return rows.map((r) => ({
    id: r.pk,
    parent: r.parent,
    label: r.name,
    href: href(r.pk),
    note: r.structural ? 'structural' : undefined,
  }));
}

/** Root → node, from the tree rows (no query). */
export function pathTo<R extends TreeRowLike>(rows: R[], id: number | null | undefined): R[] {
  const byId = new Map(rows.map((r) => [r.pk, r]));
  const out: R[] = [];
  for (let cur = id ?? null; cur !== null && out.length < 1000; ) {
    const row = byId.get(cur);
    if (!row) break;
    out.unshift(row);
    cur = row.parent;
  }
  return out;
}

/** The ids of a node and everything below it. */
export function subtreeIds(rows: TreeRowLike[], id: number): Set<number> {
  const out = new Set([id]);
  // Rows come in path order, so a parent is always seen before its children.
  for (const r of rows) if (r.parent !== null && out.has(r.parent)) out.add(r.pk);
  return out;
}

/**
 * Choices labelled by path; `structuralDisabled` where things go that cannot go into structural
 * nodes (parts into categories, stock into locations).
 */
export function treeOptions(
  rows: TreeRowLike[],
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
