'use server';

import { formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { createUser } from '@/server/users';
import { UserCreateBody } from '@/server/users/schemas';
import { type EchoState, formValues } from '../_shared/form-values';
import { revalidateAdmin } from '../_shared/revalidate';

export type NewUserState = EchoState<{ id: number; username: string }>;

export async function createUserAction(_prev: NewUserState, form: FormData): Promise<NewUserState> {
  const ctx = await requireAction('admin', 'POST');
  const input = formObject(form, ['group_ids']);
  // Unchecked boxes are absent; only a superuser may send the staff/superuser flags at all.
  delete input.is_staff;
  delete input.is_superuser;
  if (ctx.actor.isSuperuser) {
    input.is_staff = form.has('is_staff');
    input.is_superuser = form.has('is_superuser');
  }
  if (input.password === '') delete input.password;
  const result = await formAction(UserCreateBody, input, async (body) => {
    const user = await createUser(ctx, body);
    return { id: user.pk, username: user.username };
  });
  if (!result.ok) return { ...result, values: formValues(form, ['password']) };
  revalidateAdmin();
  return result;
}
