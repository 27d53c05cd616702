import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getPart } from '@/server/parts';
import { orNotFound, routeId } from '../../../admin/_shared/lookup';
import { PartForm } from '../../_components/part-form';
import { formValuesOf, partFormOptions } from '../../_lib/form-options';
import { asPart } from '../../_lib/types';

export const metadata: Metadata = { title: 'Duplicate part' };

/** A new part prefilled from another one, with InvenTree's copy options (image, parameters, notes, tests). */
export default async function DuplicatePartPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('part', `/part/${raw}/duplicate`);
  if (!allowed(ctx.actor, 'part', 'POST')) forbidden();
  const id = routeId(raw);
  const original = asPart(await orNotFound(getPart(ctx, id, { tags: true })));
  // The copy must differ in name, IPN or revision; it starts unlocked, without the notes (copied below).
  const values = {
    ...formValuesOf(original),
    pk: undefined,
    IPN: '',
    notes: null,
    flags: { ...formValuesOf(original).flags, locked: false },
  };
  return (
    <>
      <PageHeader title={`Duplicate part: ${original.full_name}`} />
      <Card className="max-w-3xl">
        <PartForm
          mode="duplicate"
          part={values}
          {...(await partFormOptions(ctx, values))}
          cancelHref={`/part/${id}`}
          duplicateOf={{ pk: original.pk, name: original.full_name }}
        />
      </Card>
    </>
  );
}
