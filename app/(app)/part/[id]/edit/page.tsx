import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getPart } from '@/server/parts';
import { orNotFound, routeId } from '../../../admin/_shared/lookup';
import { StatusForm } from '../../../admin/_shared/status-form';
import { PartForm } from '../../_components/part-form';
import { formValuesOf, partFormOptions } from '../../_lib/form-options';
import { asPart } from '../../_lib/types';
import { setLockedAction } from '../../actions';

export const metadata: Metadata = { title: 'Edit part' };

export default async function EditPartPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('part', `/part/${raw}/edit`);
  if (!allowed(ctx.actor, 'part', 'PUT')) forbidden();
  const id = routeId(raw);
  const part = asPart(await orNotFound(getPart(ctx, id, { tags: true })));
  const values = formValuesOf(part);
  return (
    <>
      <PageHeader title={`Edit part: ${part.full_name}`} />
      {part.locked ? (
        <Card className="max-w-3xl" title="This part is locked">
          <StatusForm
            action={setLockedAction}
            submitLabel="Unlock part"
            variant="secondary"
            okText="Unlocked."
            testId="unlock-form"
            className="flex flex-col gap-3"
          >
            <input type="hidden" name="id" value={part.pk} />
            <input type="hidden" name="locked" value="false" />
            <p className="text-sm text-slate-600">A locked part cannot be edited. Unlock it first.</p>
          </StatusForm>
        </Card>
      ) : (
        <Card className="max-w-3xl">
          <PartForm
            mode="edit"
            part={values}
            {...(await partFormOptions(ctx, values))}
            cancelHref={`/part/${id}`}
          />
        </Card>
      )}
    </>
  );
}
