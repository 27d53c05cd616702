import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { treeOptions } from '@/components/tree-rows';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { param } from '../../../admin/_shared/lookup';
import { loadTree } from '../../_lib/tree';
import { CategoryForm } from '../category-form';

export const metadata: Metadata = { title: 'New category' };

export default async function NewCategoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('part_category', '/part/category/new');
  if (!allowed(ctx.actor, 'part_category', 'POST')) forbidden();
  const sp = await searchParams;
  const rows = await loadTree(ctx);
  const raw = param(sp, 'parent') ?? '';
  const parent = /^\d+$/.test(raw) && rows.some((r) => r.pk === Number(raw)) ? Number(raw) : null;
  return (
    <>
      <PageHeader title="New category" />
      <Card className="max-w-2xl">
        <CategoryForm
          category={{
            name: '',
            description: '',
            parent,
            structural: false,
            icon: '',
            default_keywords: null,
          }}
          parents={treeOptions(rows)}
          cancelHref={parent ? `/part?category=${parent}` : '/part'}
        />
      </Card>
    </>
  );
}
