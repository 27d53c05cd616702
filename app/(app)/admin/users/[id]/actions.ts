'use server';

import { redirect } from 'next/navigation';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { int, z } from '@/lib/zod';
import { endAllSessions } from '@/server/auth/sessions';
import { deleteUser, setPassword, updateUser } from '@/server/users';
import { SetPasswordBody, UserUpdateBody } from '@/server/users/schemas';
import { type EchoState, formValues } from '../../_shared/form-values';
import { revalidateAdmin } from '../../_shared/revalidate';

export type EditUserState = EchoState<{ username: string }>;

const IdBody = z.object({ id: int() });

export async function updateUserAction(_prev: EditUserState, form: FormData): Promise<EditUserState> {
  const ctx = await requireAction('admin', 'PUT');
  const input = formObject(form, ['group_ids']);
  // Unchecked boxes are absent from the form: every flag is sent explicitly.
  input.is_active = form.has('is_active');
  delete input.is_staff;
  delete input.is_superuser;
  if (ctx.actor.isSuperuser) {
    input.is_staff = form.has('is_staff');
    input.is_superuser = form.has('is_superuser');
  }
  if (String(input.id) === String(ctx.actor.userId) && input.is_active === false) {
    return { errors: { is_active: ['You cannot deactivate your own account.'] }, values: formValues(form) };
  }
  const result = await formAction(UserUpdateBody.extend({ id: int() }), input, async ({ id, ...body }) => {
    const user = await updateUser(ctx, id, body);
    return { username: user.username };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateAdmin();
  return result;
}

export async function setPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'PUT');
  const input = formObject(form);
  if (input.password !== input.password_confirm) {
    return { errors: { password_confirm: ['The two password fields didn’t match.'] } };
  }
  input.override_warning = form.has('override_warning');
  const result = await formAction(SetPasswordBody.extend({ id: int() }), input, async ({ id, ...body }) => {
    await setPassword(ctx, id, body.password, body.override_warning);
    return null;
  });
  // Setting a password ends the user's sessions.
  if (result.ok) revalidateAdmin();
  return result;
}

export async function endAllSessionsAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'DELETE');
  const result = await formAction(IdBody, formObject(form), ({ id }) => endAllSessions(ctx.db, id));
  if (result.ok) revalidateAdmin();
  return result;
}

export async function deleteUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'DELETE');
  const result = await formAction(IdBody, formObject(form), ({ id }) => deleteUser(ctx, id));
  if (!result.ok) return result;
  revalidateAdmin();
  redirect('/admin/users');
}
