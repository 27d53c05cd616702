import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { subtreeIds, treeOptions } from '@/components/tree-rows';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getCategory } from '@/server/parts';
import { FlagField } from '../../../../admin/_shared/fields';
import { orNotFound, routeId } from '../../../../admin/_shared/lookup';
import { StatusForm } from '../../../../admin/_shared/status-form';
import { loadTree } from '../../../_lib/tree';
import type { CategoryView } from '../../../_lib/types';
import { deleteCategoryAction } from '../../actions';
import { CategoryForm } from '../../category-form';

export const metadata: Metadata = { title: 'Edit category' };

export default async function EditCategoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('part_category', `/part/category/${raw}/edit`);
  if (!allowed(ctx.actor, 'part_category', 'PUT')) forbidden();
  const id = routeId(raw);
  const [category, rows] = await Promise.all([
    orNotFound(getCategory(ctx, id)) as Promise<CategoryView>,
    loadTree(ctx),
  ]);
  const canDelete = allowed(ctx.actor, 'part_category', 'DELETE');
  return (
    <>
      <PageHeader title={`Edit category: ${category.name}`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <Card>
          <CategoryForm
            category={category}
            parents={treeOptions(rows, { exclude: subtreeIds(rows, id) })}
            cancelHref={`/part?category=${id}`}
          />
        </Card>
        {canDelete ? (
          <Card title="Delete category">
            <StatusForm
              action={deleteCategoryAction}
              submitLabel="Delete category"
              variant="danger"
              okText="Deleted."
              testId="delete-category-form"
              className="flex flex-col gap-3"
            >
              <input type="hidden" name="id" value={id} />
              <input type="hidden" name="parent" value={category.parent ?? ''} />
              <p className="text-sm text-slate-600">
                {category.part_count} part{category.part_count === 1 ? '' : 's'} and {category.subcategories}{' '}
                subcategor{category.subcategories === 1 ? 'y' : 'ies'}. Unless deleted below, they move up to
                the parent category.
              </p>
              <FlagField label="Also delete its parts" name="delete_parts" defaultChecked={false} />
              <FlagField
                label="Also delete its subcategories"
                name="delete_child_categories"
                defaultChecked={false}
              />
            </StatusForm>
          </Card>
        ) : null}
      </div>
    </>
  );
}
