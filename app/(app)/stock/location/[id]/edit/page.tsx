import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { subtreeIds, treeOptions } from '@/components/tree-rows';
import { Card, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { getLocation } from '@/server/stock';
import { FlagField } from '../../../../admin/_shared/fields';
import { orNotFound, routeId } from '../../../../admin/_shared/lookup';
import { StatusForm } from '../../../../admin/_shared/status-form';
import { locationTypeOptions } from '../../../_lib/form-options';
import { loadLocations } from '../../../_lib/tree';
import { asLocation } from '../../../_lib/types';
import { deleteLocationAction } from '../../actions';
import { LocationForm } from '../../location-form';

export const metadata: Metadata = { title: 'Edit location' };

export default async function EditLocationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('stock_location', `/stock/location/${raw}/edit`);
  if (!allowed(ctx.actor, 'stock_location', 'PUT')) forbidden();
  const id = routeId(raw);
  const [location, rows, types] = await Promise.all([
    orNotFound(getLocation(ctx, id)).then(asLocation),
    loadLocations(ctx),
    locationTypeOptions(ctx),
  ]);
  const canDelete = allowed(ctx.actor, 'stock_location', 'DELETE');
  return (
    <>
      <PageHeader title={`Edit location: ${location.name}`} />
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <Card>
          <LocationForm
            location={{ ...location, custom_icon: location.custom_icon ?? '' }}
            parents={treeOptions(rows, { exclude: subtreeIds(rows, id) })}
            types={types}
            cancelHref={`/stock?location=${id}`}
          />
        </Card>
        {canDelete ? (
          <Card title="Delete location">
            <StatusForm
              action={deleteLocationAction}
              submitLabel="Delete location"
              variant="danger"
              okText="Deleted."
              testId="delete-location-form"
              className="flex flex-col gap-3"
            >
              <input type="hidden" name="id" value={id} />
              <input type="hidden" name="parent" value={location.parent ?? ''} />
              <p className="text-sm text-slate-600">
                {location.items} stock item{location.items === 1 ? '' : 's'} and {location.sublocations}{' '}
                sublocation{location.sublocations === 1 ? '' : 's'}. Unless deleted below, they move up to the
                parent location.
              </p>
              <FlagField
                label="Also delete its stock items"
                name="delete_stock_items"
                defaultChecked={false}
              />
              <FlagField
                label="Also delete its sublocations"
                name="delete_sub_locations"
                defaultChecked={false}
              />
            </StatusForm>
          </Card>
        ) : null}
      </div>
    </>
  );
}
