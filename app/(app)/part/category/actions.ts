'use server';

import { redirect } from 'next/navigation';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { bool, int, z } from '@/lib/zod';
import { createCategory, deleteCategory, updateCategory } from '@/server/parts';
import { CategoryBody } from '@/server/parts/schemas';
import { type EchoState, formValues } from '../../admin/_shared/form-values';
import { revalidateParts } from '../_lib/revalidate';

export type CategoryFormState = EchoState<{ id: number }>;

function categoryInput(form: FormData): Record<string, unknown> {
  const raw = formObject(form);
  return {
    name: raw.name,
    description: raw.description ?? '',
    parent: raw.parent === '' || raw.parent === undefined ? null : raw.parent,
    default_keywords: raw.default_keywords === '' ? null : raw.default_keywords,
    icon: raw.icon ?? '',
    structural: form.has('structural'),
  };
}

/** Creates a category and opens it. */
export async function createCategoryAction(
  _prev: CategoryFormState,
  form: FormData,
): Promise<CategoryFormState> {
  const ctx = await requireAction('part_category', 'POST');
  const result = await formAction(CategoryBody, categoryInput(form), async (body) => {
    const cat = await createCategory(ctx, body);
    return { id: cat.pk };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateParts();
  redirect(`/part?category=${result.data!.id}`);
}

export async function updateCategoryAction(
  _prev: CategoryFormState,
  form: FormData,
): Promise<CategoryFormState> {
  const ctx = await requireAction('part_category', 'PUT');
  const input = { ...categoryInput(form), id: form.get('id') };
  const result = await formAction(CategoryBody.extend({ id: int() }), input, async ({ id, ...body }) => {
    await updateCategory(ctx, id, body);
    return { id };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateParts();
  redirect(`/part?category=${result.data!.id}`);
}

/** Star or unstar a category (InvenTree: a PATCH of the category, so it needs part_category.change). */
export async function starCategoryAction(form: FormData): Promise<void> {
  const ctx = await requireAction('part_category', 'PUT');
  await formAction(z.object({ id: int(), starred: bool() }), formObject(form), ({ id, starred }) =>
    updateCategory(ctx, id, { starred }),
  );
  revalidateParts();
}

/**
 * Deletes a category. Its parts and subcategories move up to the parent unless the boxes ask to
 * delete them too (InvenTree's options); then the parent opens.
 */
export async function deleteCategoryAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part_category', 'DELETE');
  const parent = String(form.get('parent') ?? '');
  const input = {
    id: form.get('id'),
    delete_parts: form.has('delete_parts'),
    delete_child_categories: form.has('delete_child_categories'),
  };
  const result = await formAction(
    z.object({ id: int(), delete_parts: bool(), delete_child_categories: bool() }),
    input,
    ({ id, ...opts }) => deleteCategory(ctx, id, opts),
  );
  if (!result.ok) return result;
  revalidateParts();
  redirect(/^\d+$/.test(parent) ? `/part?category=${parent}` : '/part');
}
