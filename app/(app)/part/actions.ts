'use server';

import { redirect } from 'next/navigation';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { bool, int, z } from '@/lib/zod';
import { createPart, deletePart, updatePart } from '@/server/parts';
import { PartBody } from '@/server/parts/schemas';
import { type EchoState, formValues } from '../admin/_shared/form-values';
import { revalidateParts } from './_lib/revalidate';
import { PART_FLAGS } from './_lib/types';

export type PartFormState = EchoState<{ id: number }>;

const NULLABLE_IDS = ['category', 'variant_of', 'revision_of', 'responsible'] as const;
const DUPLICATE_COPIES = ['copy_image', 'copy_notes', 'copy_parameters', 'copy_tests'] as const;

/**
 * The part form's FormData as PartBody input: blank selects are null, every flag is explicit
 * (an unchecked box is absent from the form), tags are comma-separated, blank numbers take defaults.
 */
function partInput(form: FormData): Record<string, unknown> {
  const raw = formObject(form);
  const input: Record<string, unknown> = {};
  for (const key of ['name', 'description', 'IPN', 'revision', 'keywords', 'link', 'units', 'notes']) {
    if (typeof raw[key] === 'string') input[key] = raw[key];
  }
  for (const key of NULLABLE_IDS) {
    if (key in raw) input[key] = raw[key] === '' ? null : raw[key];
  }
  if ('minimum_stock' in raw) input.minimum_stock = raw.minimum_stock === '' ? '0' : raw.minimum_stock;
  if ('maximum_stock' in raw) input.maximum_stock = raw.maximum_stock === '' ? null : raw.maximum_stock;
  if ('default_expiry' in raw) input.default_expiry = raw.default_expiry === '' ? 0 : raw.default_expiry;
  if (typeof raw.tags === 'string') {
    input.tags = [
      ...new Set(
        raw.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ];
  }
  for (const [flag] of PART_FLAGS) input[flag] = form.has(flag);
  if (form.has('duplicate_part')) {
    input.duplicate = {
      part: raw.duplicate_part,
      ...Object.fromEntries(DUPLICATE_COPIES.map((k) => [k, form.has(k)])),
    };
  }
  if (form.has('copy_category_parameters_shown'))
    input.copy_category_parameters = form.has('copy_category_parameters');
  return input;
}

/** Creates a part (also a duplicate); the browser then uploads the image, if any, and opens the part. */
export async function createPartAction(_prev: PartFormState, form: FormData): Promise<PartFormState> {
  const ctx = await requireAction('part', 'POST');
  const result = await formAction(PartBody, partInput(form), async (body) => {
    const part = await createPart(ctx, body);
    return { id: part.pk as number };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateParts();
  return result;
}

export async function updatePartAction(_prev: PartFormState, form: FormData): Promise<PartFormState> {
  const ctx = await requireAction('part', 'PUT');
  const input = { ...partInput(form), id: form.get('id') };
  const result = await formAction(PartBody.extend({ id: int() }), input, async ({ id, ...body }) => {
    await updatePart(ctx, id, body);
    return { id };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateParts();
  return result;
}

/** Star or unstar a part (InvenTree: a PATCH of the part, so it needs part.change). */
export async function starPartAction(form: FormData): Promise<void> {
  const ctx = await requireAction('part', 'PUT');
  await formAction(z.object({ id: int(), starred: bool() }), formObject(form), ({ id, starred }) =>
    updatePart(ctx, id, { starred }),
  );
  revalidateParts();
}

/** Deletes a part (InvenTree refuses active or locked parts), then opens its category. */
export async function deletePartAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'DELETE');
  const category = String(form.get('category') ?? '');
  const result = await formAction(z.object({ id: int() }), formObject(form), ({ id }) => deletePart(ctx, id));
  if (!result.ok) return result;
  revalidateParts();
  redirect(/^\d+$/.test(category) ? `/part?category=${category}` : '/part');
}

/** Locks or unlocks a part: a locked part refuses every other change (PART_ENABLE_LOCKING). */
export async function setLockedAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'PUT');
  const result = await formAction(
    z.object({ id: int(), locked: bool() }),
    formObject(form),
    ({ id, locked }) => updatePart(ctx, id, { locked }),
  );
  if (result.ok) revalidateParts();
  return result;
}
