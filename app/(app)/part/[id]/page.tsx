import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge, LinkButton, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getPart } from '@/server/parts';
import { orNotFound, param, routeId } from '../../admin/_shared/lookup';
import { Breadcrumbs } from '../_components/breadcrumbs';
import { StarButton } from '../_components/star-button';
import { asPart } from '../_lib/types';
import { starPartAction } from '../actions';
import { AttachmentsTab } from './_tabs/attachments';
import { DetailsTab } from './_tabs/details';
import { NotesTab } from './_tabs/notes';
import { ParametersTab } from './_tabs/parameters';
import type { PartPerms } from './_tabs/perms';
import { RelatedTab } from './_tabs/related';
import { StockTab } from './_tabs/stock';
import { TestsTab } from './_tabs/tests';
import { VariantsTab } from './_tabs/variants';

export const metadata: Metadata = { title: 'Part' };

const TABS = [
  ['details', 'Details'],
  ['stock', 'Stock'],
  ['variants', 'Variants'],
  ['parameters', 'Parameters'],
  ['attachments', 'Attachments'],
  ['notes', 'Notes'],
  ['related', 'Related parts'],
  ['tests', 'Test templates'],
] as const;
type Tab = (typeof TABS)[number][0];

export default async function PartPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id: raw } = await params;
  const ctx = await requirePage('part', `/part/${raw}`);
  const id = routeId(raw);
  const sp = await searchParams;
  const part = asPart(await orNotFound(getPart(ctx, id, { path_detail: true, tags: true })));
  const who = ctx.actor;
  const perms: PartPerms = {
    add: allowed(who, 'part', 'POST'),
    change: allowed(who, 'part', 'PUT'),
    delete: allowed(who, 'part', 'DELETE'),
  };
  // Variants belong to template parts; revisions to the part they revise.
  const tabs = TABS.filter(
    ([t]) =>
      (t !== 'variants' || part.is_template || part.revision_count > 0) &&
      (t !== 'stock' || allowed(who, 'stock', 'GET')),
  ).map(([t, label]) => [t, t === 'variants' && !part.is_template ? 'Revisions' : label] as [Tab, string]);
  const asked = param(sp, 'tab');
  const tab: Tab = tabs.some(([t]) => t === asked) ? (asked as Tab) : 'details';

  return (
    <>
      <Breadcrumbs path={part.category_path ?? []} current={part.full_name} />
      <PageHeader title={part.full_name}>
        {perms.change ? (
          <StarButton action={starPartAction} id={part.pk} starred={part.starred} what="part" />
        ) : null}
        {perms.change ? <LinkButton href={`/part/${part.pk}/edit`}>Edit</LinkButton> : null}
        {perms.add ? <LinkButton href={`/part/${part.pk}/duplicate`}>Duplicate</LinkButton> : null}
      </PageHeader>
      <div
        className="-mt-4 mb-4 flex flex-wrap items-center gap-2 text-sm text-slate-600"
        data-testid="part-summary"
      >
        {part.description ? <span>{part.description}</span> : null}
        {part.active ? <Badge tone="green">active</Badge> : <Badge tone="red">inactive</Badge>}
        {part.locked ? <Badge tone="amber">locked</Badge> : null}
        {part.is_template ? <Badge>template</Badge> : null}
      </div>
      <nav aria-label="Part sections" className="mb-4 overflow-x-auto border-b border-slate-200">
        <ul className="flex min-w-max gap-1 text-sm">
          {tabs.map(([t, label]) => (
            <li key={t}>
              <Link
                href={t === 'details' ? `/part/${part.pk}` : `/part/${part.pk}?tab=${t}`}
                aria-current={t === tab ? 'page' : undefined}
                className={`inline-block border-b-2 px-3 py-2 ${t === tab ? 'border-brand-600 font-semibold text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'}`}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'details' ? <DetailsTab ctx={ctx} part={part} perms={perms} /> : null}
      {tab === 'stock' ? <StockTab ctx={ctx} part={part} /> : null}
      {tab === 'variants' ? <VariantsTab ctx={ctx} part={part} perms={perms} /> : null}
      {tab === 'parameters' ? <ParametersTab ctx={ctx} part={part} perms={perms} /> : null}
      {tab === 'attachments' ? <AttachmentsTab ctx={ctx} part={part} perms={perms} /> : null}
      {tab === 'notes' ? <NotesTab part={part} perms={perms} editing={param(sp, 'edit') === '1'} /> : null}
      {tab === 'related' ? <RelatedTab ctx={ctx} part={part} perms={perms} /> : null}
      {tab === 'tests' ? <TestsTab ctx={ctx} part={part} perms={perms} /> : null}
    </>
  );
}
