import type { Option } from '@/components/form-fields';
import type { Ctx } from '@/server/context';
import { listLocationTypes } from '@/server/stock';
import { rowsOf } from './types';

const LOCAL = new URL('http://local/api/stock/location-type/');

/** Location type choices for the location form. */
export async function locationTypeOptions(ctx: Ctx): Promise<Option[]> {
  const rows = rowsOf<{ pk: number; name: string }>(
    await listLocationTypes(ctx, { ordering: 'name' }, LOCAL),
  );
  return rows.map((t) => ({ value: t.pk, label: t.name }));
}
