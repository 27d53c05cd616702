import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getCategory, getPart } from '@/server/parts';
import { param } from '../../admin/_shared/lookup';
import { PartForm, type PartFormValues } from '../_components/part-form';
import { newPartFlags, partFormOptions } from '../_lib/form-options';
import { asPart, type CategoryView } from '../_lib/types';

export const metadata: Metadata = { title: 'New part' };

export default async function NewPartPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('part', '/part/new');
  if (!allowed(ctx.actor, 'part', 'POST')) forbidden();
  const sp = await searchParams;
  const raw = param(sp, 'category') ?? '';
  const variantRaw = param(sp, 'variant_of') ?? '';
  const [category, template] = await Promise.all([
    /^\d{1,9}$/.test(raw) ? (getCategory(ctx, Number(raw)) as Promise<CategoryView>).catch(() => null) : null,
    /^\d{1,9}$/.test(variantRaw) ? getPart(ctx, Number(variantRaw)).then(asPart, () => null) : null,
  ]);
  const part: PartFormValues = {
    name: '',
    IPN: '',
    revision: null,
    description: '',
    category: category && !category.structural ? category.pk : null,
    keywords: category?.default_keywords ?? null,
    units: null,
    link: null,
    minimum_stock: 0,
    maximum_stock: null,
    default_expiry: 0,
    variant_of: template?.is_template ? template.pk : null,
    revision_of: null,
    responsible: null,
    tags: [],
    notes: null,
    flags: await newPartFlags(),
  };
  const options = await partFormOptions(ctx, part);
  return (
    <>
      <PageHeader
        title={
          template?.is_template
            ? `New variant of ${template.full_name}`
            : category
              ? `New part in ${category.name}`
              : 'New part'
        }
      />
      <Card className="max-w-3xl">
        <PartForm
          mode="create"
          part={part}
          {...options}
          cancelHref={category ? `/part?category=${category.pk}` : '/part'}
        />
      </Card>
    </>
  );
}
