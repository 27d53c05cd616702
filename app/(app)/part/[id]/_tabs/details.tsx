import Link from 'next/link';
import type { ReactNode } from 'react';
import { HistoryPanel } from '@/components/history-panel';
import { Badge, Card } from '@/components/ui';
import type { Ctx } from '@/server/context';
import { getPart } from '@/server/parts';
import { getOwner } from '@/server/users';
import { StatusForm } from '../../../admin/_shared/status-form';
import { ImageUpload } from '../../_components/image-upload';
import { asPart, PART_FLAGS, type PartView } from '../../_lib/types';
import { deletePartAction, setLockedAction } from '../../actions';
import type { PartPerms } from './perms';

const none = <span className="text-slate-400">—</span>;

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 py-1.5 sm:grid-cols-[10rem_minmax(0,1fr)]">
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** All fields, the image, flags, the lock and delete controls (when permitted) and the history. */
export async function DetailsTab({ ctx, part, perms }: { ctx: Ctx; part: PartView; perms: PartPerms }) {
  const [variantOf, revisionOf, owner] = await Promise.all([
    part.variant_of ? getPart(ctx, part.variant_of).then(asPart, () => null) : null,
    part.revision_of ? getPart(ctx, part.revision_of).then(asPart, () => null) : null,
    part.responsible ? getOwner(ctx, part.responsible).catch(() => null) : null,
  ]);
  const partLink = (id: number | null, p: PartView | null) =>
    id ? (
      <Link href={`/part/${id}`} className="text-brand-600 underline">
        {p?.full_name ?? `Part #${id}`}
      </Link>
    ) : (
      none
    );
  const flags = PART_FLAGS.filter(([f]) => part[f]);

  return (
    <div className="flex flex-col gap-6">
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[16rem_minmax(0,1fr)] lg:items-start">
        <Card>
          {/* biome-ignore lint/performance/noImgElement: protected media, served by our own route. */}
          <img
            src={part.image ?? '/static/img/blank_image.png'}
            alt={part.image ? `Image of ${part.full_name}` : 'No image'}
            className="mx-auto mb-3 max-h-64 w-full rounded object-contain"
            data-testid="part-image"
          />
          {perms.change && !part.locked ? <ImageUpload partId={part.pk} /> : null}
        </Card>
        <Card title="Details" className="min-w-0">
          <dl className="divide-y divide-slate-100 text-sm" data-testid="part-details">
            <Row label="Name">{part.name}</Row>
            <Row label="IPN">{part.IPN || none}</Row>
            <Row label="Revision">{part.revision || none}</Row>
            <Row label="Description">{part.description || none}</Row>
            <Row label="Category">
              {part.category ? (
                <Link href={`/part?category=${part.category}`} className="text-brand-600 underline">
                  {(part.category_path ?? []).map((c) => c.name).join(' / ') || part.category_name}
                </Link>
              ) : (
                none
              )}
            </Row>
            <Row label="Keywords">{part.keywords || none}</Row>
            <Row label="Units">{part.units || none}</Row>
            <Row label="Link">
              {part.link ? (
                <a
                  href={part.link}
                  rel="noopener noreferrer"
                  target="_blank"
                  className="text-brand-600 underline"
                >
                  {part.link}
                </a>
              ) : (
                none
              )}
            </Row>
            <Row label="Minimum stock">{part.minimum_stock ?? none}</Row>
            <Row label="Maximum stock">{part.maximum_stock ?? none}</Row>
            <Row label="Default expiry">{part.default_expiry ? `${part.default_expiry} days` : none}</Row>
            <Row label="Variant of">{partLink(part.variant_of, variantOf)}</Row>
            <Row label="Revision of">{partLink(part.revision_of, revisionOf)}</Row>
            <Row label="Revisions">
              {part.revision_count ? (
                <Link href={`/part/${part.pk}?tab=variants`} className="text-brand-600 underline">
                  {part.revision_count}
                </Link>
              ) : (
                '0'
              )}
            </Row>
            <Row label="Responsible">{owner ? owner.name : none}</Row>
            <Row label="Tags">
              {part.tags?.length ? (
                <span className="flex flex-wrap gap-1">
                  {part.tags.map((t) => (
                    <Badge key={t}>{t}</Badge>
                  ))}
                </span>
              ) : (
                none
              )}
            </Row>
            <Row label="Properties">
              <span className="flex flex-wrap gap-1" data-testid="part-flags">
                {flags.length ? flags.map(([f, label]) => <Badge key={f}>{label}</Badge>) : none}
              </span>
            </Row>
            <Row label="Created">{part.creation_date ?? none}</Row>
          </dl>
        </Card>
      </div>
      {perms.change || perms.delete ? (
        <div className="grid grid-cols-1 gap-6 md:grid-cols-2">
          {perms.change ? (
            <Card title={part.locked ? 'Locked' : 'Lock'}>
              <StatusForm
                action={setLockedAction}
                submitLabel={part.locked ? 'Unlock part' : 'Lock part'}
                variant="secondary"
                okText="Done."
                testId="lock-form"
                className="flex flex-col gap-3"
              >
                <input type="hidden" name="id" value={part.pk} />
                <input type="hidden" name="locked" value={part.locked ? 'false' : 'true'} />
                <p className="text-sm text-slate-600">
                  {part.locked
                    ? 'This part is locked: it and its parameters cannot be changed until it is unlocked.'
                    : 'A locked part cannot be edited or deleted.'}
                </p>
              </StatusForm>
            </Card>
          ) : null}
          {perms.delete ? (
            <Card title="Delete part">
              {part.active || part.locked ? (
                <p className="text-sm text-slate-600">
                  Only an inactive, unlocked part can be deleted: mark it inactive first.
                </p>
              ) : (
                <StatusForm
                  action={deletePartAction}
                  submitLabel="Delete part"
                  variant="danger"
                  okText="Deleted."
                  testId="delete-part-form"
                  className="flex flex-col gap-3"
                >
                  <input type="hidden" name="id" value={part.pk} />
                  <input type="hidden" name="category" value={part.category ?? ''} />
                  <p className="text-sm text-slate-600">
                    Removes <strong>{part.full_name}</strong> with its parameters. This cannot be undone.
                  </p>
                </StatusForm>
              )}
            </Card>
          ) : null}
        </div>
      ) : null}
      <HistoryPanel ctx={ctx} model="part" objectId={part.pk} />
    </div>
  );
}
