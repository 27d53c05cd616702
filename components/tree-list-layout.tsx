import Link from 'next/link';
import type { ComponentProps, ReactNode } from 'react';
import { Pagination } from './pagination';
import { type TreeNode, TreeView } from './tree-view';
import { Card } from './ui';

/**
 * The layout of a list page browsed by a tree (parts by category, stock by location): the list
 * card (filters and table as `children`, a "no match" line, pagination) and, for users who may see
 * the tree, a tree card with an "all" link — first on wide screens.
 */
export function TreeListLayout({
  children,
  empty,
  pagination,
  tree,
}: {
  children: ReactNode;
  /** Shown when the page has no rows. */
  empty: { text: string; testId: string };
  pagination: ComponentProps<typeof Pagination>;
  tree: {
    title: string;
    label: string;
    nodes: TreeNode[];
    currentId?: number;
    testId: string;
    all: { href: string; text: string };
  } | null;
}) {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-[16rem_minmax(0,1fr)] lg:items-start">
      <Card className="min-w-0">
        {children}
        {pagination.shown === 0 ? (
          <p className="px-3 py-4 text-sm text-slate-500" data-testid={empty.testId}>
            {empty.text}
          </p>
        ) : null}
        <Pagination {...pagination} />
      </Card>
      {tree ? (
        <Card title={tree.title} className="min-w-0 lg:order-first">
          <TreeView label={tree.label} nodes={tree.nodes} currentId={tree.currentId} testId={tree.testId} />
          <p className="mt-3 text-sm">
            <Link href={tree.all.href} className="text-brand-600 underline">
              {tree.all.text}
            </Link>
          </p>
        </Card>
      ) : null}
    </div>
  );
}
