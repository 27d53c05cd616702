'use server';

import { redirect } from 'next/navigation';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { bool, int, z } from '@/lib/zod';
import { createLocation, deleteLocation, updateLocation } from '@/server/stock';
import { LocationBody } from '@/server/stock/schemas';
import { type EchoState, formValues } from '../../admin/_shared/form-values';
import { revalidateStock } from '../_lib/revalidate';

export type LocationFormState = EchoState<{ id: number }>;

/** The location form's FormData as LocationBody input (blank selects are null, boxes explicit). */
function locationInput(form: FormData): Record<string, unknown> {
  const raw = formObject(form);
  const input: Record<string, unknown> = {
    name: raw.name,
    description: raw.description ?? '',
    parent: raw.parent === '' || raw.parent === undefined ? null : raw.parent,
    custom_icon: raw.custom_icon ?? '',
    structural: form.has('structural'),
    external: form.has('external'),
  };
  if ('location_type' in raw) input.location_type = raw.location_type === '' ? null : raw.location_type;
  return input;
}

/** Creates a location and opens it. */
export async function createLocationAction(
  _prev: LocationFormState,
  form: FormData,
): Promise<LocationFormState> {
  const ctx = await requireAction('stock_location', 'POST');
  const result = await formAction(LocationBody, locationInput(form), async (body) => {
    const loc = (await createLocation(ctx, body)) as { pk: number };
    return { id: loc.pk };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateStock();
  redirect(`/stock?location=${result.data!.id}`);
}

export async function updateLocationAction(
  _prev: LocationFormState,
  form: FormData,
): Promise<LocationFormState> {
  const ctx = await requireAction('stock_location', 'PUT');
  const input = { ...locationInput(form), id: form.get('id') };
  const result = await formAction(LocationBody.extend({ id: int() }), input, async ({ id, ...body }) => {
    await updateLocation(ctx, id, body);
    return { id };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateStock();
  redirect(`/stock?location=${result.data!.id}`);
}

/**
 * Deletes a location. Its items and sublocations move up to the parent unless the boxes ask to
 * delete them too (InvenTree's options); then the parent opens.
 */
export async function deleteLocationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock_location', 'DELETE');
  const parent = String(form.get('parent') ?? '');
  const input = {
    id: form.get('id'),
    delete_stock_items: form.has('delete_stock_items'),
    delete_sub_locations: form.has('delete_sub_locations'),
  };
  const result = await formAction(
    z.object({ id: int(), delete_stock_items: bool(), delete_sub_locations: bool() }),
    input,
    ({ id, ...opts }) => deleteLocation(ctx, id, opts),
  );
  if (!result.ok) return result;
  revalidateStock();
  redirect(/^\d+$/.test(parent) ? `/stock?location=${parent}` : '/stock');
}
