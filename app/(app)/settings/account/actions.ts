'use server';

import { revalidatePath } from 'next/cache';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { int, z } from '@/lib/zod';
import { endSession } from '@/server/auth/sessions';
import { createToken, revokeToken } from '@/server/users';
import { TokenBody } from '@/server/users/schemas';

export async function createTokenAction(_prev: FormState<{ key: string }>, form: FormData) {
  const ctx = await requireAction('user', 'POST');
  const input = formObject(form);
  if (input.expiry === '') delete input.expiry;
  const result = await formAction(TokenBody.omit({ user: true }), input, async (body) => {
    const token = await createToken(ctx, body);
    return { key: token.token };
  });
  revalidatePath('/settings/account');
  return result;
}

export async function revokeTokenAction(form: FormData) {
  const ctx = await requireAction('user', 'DELETE');
  await formAction(z.object({ id: int() }), formObject(form), ({ id }) => revokeToken(ctx, id));
  revalidatePath('/settings/account');
}

export async function endSessionAction(form: FormData) {
  const ctx = await requireAction('user', 'DELETE');
  const id = String(form.get('id') ?? '');
  const { listSessions } = await import('@/server/auth/sessions');
  const mine = await listSessions(ctx.db, ctx.actor.userId);
  if (mine.some((s) => s.id === id)) await endSession(ctx.db, id);
  revalidatePath('/settings/account');
}
