import Link from 'next/link';

export interface TreeNode {
  id: number;
  parent: number | null;
  label: string;
  href: string;
  /** Shown after the label, muted (e.g. "structural"). */
  note?: string;
}

/**
 * A nested list of links built from flat nodes (parent ids), server-rendered without JavaScript:
 * branches are `<details>`, open along the path to the current node, so long trees stay short.
 */
export function TreeView({
  nodes,
  currentId,
  label,
  testId,
}: {
  nodes: TreeNode[];
  currentId?: number | null;
  label: string;
  testId?: string;
}) {
  const children = new Map<number | null, TreeNode[]>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const n of nodes) {
    // A node whose parent is not in the list (filtered out) is shown at the top.
    const key = n.parent !== null && byId.has(n.parent) ? n.parent : null;
    children.set(key, [...(children.get(key) ?? []), n]);
  }
  const open = new Set<number>();
  for (let id = currentId ?? null; id !== null; id = byId.get(id)?.parent ?? null) {
    if (open.has(id)) break;
    open.add(id);
  }

  const render = (parent: number | null, depth: number) => {
    const list = children.get(parent);
    if (!list?.length) return null;
    return (
      <ul className={depth ? 'ml-3 border-l border-slate-200 pl-2' : ''}>
        {list.map((n) => {
          const isCurrent = n.id === currentId;
          const link = (
            <Link
              href={n.href}
              aria-current={isCurrent ? 'page' : undefined}
              className={`rounded px-1 py-0.5 hover:bg-slate-100 ${isCurrent ? 'bg-brand-50 font-semibold text-brand-700' : 'text-slate-800'}`}
            >
              {n.label}
              {n.note ? <span className="ml-1 text-xs text-slate-400">{n.note}</span> : null}
            </Link>
          );
          const kids = children.get(n.id)?.length ?? 0;
          // Only the open path is expanded: a tree of thousands of nodes stays a few dozen links.
          return (
            <li key={n.id} className="py-0.5" data-testid="tree-node">
              {kids && open.has(n.id) ? (
                <details open>
                  <summary className="cursor-pointer marker:text-slate-400">{link}</summary>
                  {render(n.id, depth + 1)}
                </details>
              ) : (
                <span className="ml-3.5 inline-block">
                  {link}
                  {kids ? <span className="ml-1 text-xs text-slate-400">▸ {kids}</span> : null}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <nav aria-label={label} className="text-sm" data-testid={testId}>
      {nodes.length ? render(null, 0) : <p className="text-slate-500">None yet.</p>}
    </nav>
  );
}
