import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { treeOptions } from '@/components/tree-rows';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getPart } from '@/server/parts';
import { param } from '../../admin/_shared/lookup';
import { STATUS_OPTIONS } from '../_components/status-badge';
import { loadLocations } from '../_lib/tree';
import type { LocationTreeRow } from '../_lib/types';
import { ReceiveForm } from './receive-form';

export const metadata: Metadata = { title: 'New stock item' };

interface PartBrief {
  pk: number;
  full_name: string;
  trackable: boolean;
  units: string | null;
  default_expiry: number;
}

export default async function NewStockPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('stock', '/stock/new');
  if (!allowed(ctx.actor, 'stock', 'POST')) forbidden();
  const sp = await searchParams;
  const partRaw = param(sp, 'part') ?? '';
  const locRaw = param(sp, 'location') ?? '';
  const [part, rows] = await Promise.all([
    /^\d{1,9}$/.test(partRaw) && allowed(ctx.actor, 'part', 'GET')
      ? (getPart(ctx, Number(partRaw)) as Promise<unknown> as Promise<PartBrief>).catch(() => null)
      : null,
    allowed(ctx.actor, 'stock_location', 'GET')
      ? loadLocations(ctx)
      : Promise.resolve([] as LocationTreeRow[]),
  ]);
  const location = rows.find((r) => String(r.pk) === locRaw && !r.structural)?.pk ?? null;
  const expiry = part?.default_expiry
    ? new Date(Date.now() + part.default_expiry * 86_400_000).toISOString().slice(0, 10)
    : '';
  return (
    <>
      <PageHeader title={part ? `New stock: ${part.full_name}` : 'New stock item'} />
      <Card className="max-w-3xl">
        <ReceiveForm
          part={
            part ? { pk: part.pk, name: part.full_name, trackable: part.trackable, units: part.units } : null
          }
          location={location}
          locations={treeOptions(rows, { structuralDisabled: true })}
          statuses={STATUS_OPTIONS}
          expiry={expiry}
          cancelHref={location ? `/stock?location=${location}` : part ? `/part/${part.pk}` : '/stock'}
        />
      </Card>
    </>
  );
}
