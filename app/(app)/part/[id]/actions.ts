'use server';

import { redirect } from 'next/navigation';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { int, text, z } from '@/lib/zod';
import { deleteAttachment } from '@/server/attachments';
import { createParameter, deleteParameter, updateParameter } from '@/server/parameters';
import { ParameterBody } from '@/server/parameters/schemas';
import { createRelated, createTestTemplate, deleteRelated, deleteTestTemplate } from '@/server/partdata';
import { RelatedBody, TestTemplateBody } from '@/server/partdata/schemas';
import { updatePart } from '@/server/parts';
import { type EchoState, formValues } from '../../admin/_shared/form-values';
import { revalidateParts } from '../_lib/revalidate';

/** The detail page's tab actions: each checks the right first and calls one verb. */
const IdBody = z.object({ id: int() });

async function done(result: FormState): Promise<FormState> {
  if (result.ok) revalidateParts();
  return result;
}

export async function saveNotesAction(_prev: EchoState, form: FormData): Promise<EchoState> {
  const ctx = await requireAction('part', 'PUT');
  const result = await formAction(
    z.object({ id: int(), notes: text(50000, { multiline: true }) }),
    formObject(form),
    ({ id, notes }) => updatePart(ctx, id, { notes }),
  );
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateParts();
  redirect(`/part/${form.get('id')}?tab=notes`);
}

export async function createParameterAction(_prev: EchoState, form: FormData): Promise<EchoState> {
  const ctx = await requireAction('part', 'PUT');
  const input = { ...formObject(form), model_type: 'part' };
  const result = await formAction(ParameterBody, input, (body) => createParameter(ctx, body));
  if (!result.ok) return { ...result, values: formValues(form) };
  return done(result);
}

export async function updateParameterAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'PUT');
  const schema = z.object({ id: int(), data: ParameterBody.shape.data, note: ParameterBody.shape.note });
  return done(
    await formAction(schema, formObject(form), ({ id, ...body }) => updateParameter(ctx, id, body)),
  );
}

export async function deleteParameterAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'PUT');
  return done(await formAction(IdBody, formObject(form), ({ id }) => deleteParameter(ctx, id)));
}

export async function deleteAttachmentAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'PUT');
  return done(await formAction(IdBody, formObject(form), ({ id }) => deleteAttachment(ctx, id)));
}

export async function createRelatedAction(_prev: EchoState, form: FormData): Promise<EchoState> {
  const ctx = await requireAction('part', 'POST');
  const result = await formAction(RelatedBody, formObject(form), (body) => createRelated(ctx, body));
  if (!result.ok) return { ...result, values: formValues(form) };
  return done(result);
}

export async function deleteRelatedAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'DELETE');
  return done(await formAction(IdBody, formObject(form), ({ id }) => deleteRelated(ctx, id)));
}

const TEST_FLAGS = ['enabled', 'required', 'requires_value', 'requires_attachment'] as const;

export async function createTestTemplateAction(_prev: EchoState, form: FormData): Promise<EchoState> {
  const ctx = await requireAction('part', 'POST');
  const input = formObject(form);
  for (const f of TEST_FLAGS) input[f] = form.has(f);
  const result = await formAction(TestTemplateBody, input, (body) => createTestTemplate(ctx, body));
  if (!result.ok) return { ...result, values: formValues(form) };
  return done(result);
}

export async function deleteTestTemplateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('part', 'DELETE');
  return done(await formAction(IdBody, formObject(form), ({ id }) => deleteTestTemplate(ctx, id)));
}
