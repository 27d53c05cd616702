import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { treeOptions } from '@/components/tree-rows';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { param } from '../../../admin/_shared/lookup';
import { locationTypeOptions } from '../../_lib/form-options';
import { loadLocations } from '../../_lib/tree';
import { LocationForm } from '../location-form';

export const metadata: Metadata = { title: 'New location' };

export default async function NewLocationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('stock_location', '/stock/location/new');
  if (!allowed(ctx.actor, 'stock_location', 'POST')) forbidden();
  const sp = await searchParams;
  const [rows, types] = await Promise.all([loadLocations(ctx), locationTypeOptions(ctx)]);
  const raw = param(sp, 'parent') ?? '';
  const parent = /^\d+$/.test(raw) && rows.some((r) => r.pk === Number(raw)) ? Number(raw) : null;
  return (
    <>
      <PageHeader title="New location" />
      <Card className="max-w-2xl">
        <LocationForm
          location={{
            name: '',
            description: '',
            parent,
            structural: false,
            external: false,
            location_type: null,
            custom_icon: '',
          }}
          parents={treeOptions(rows)}
          types={types}
          cancelHref={parent ? `/stock?location=${parent}` : '/stock'}
        />
      </Card>
    </>
  );
}
