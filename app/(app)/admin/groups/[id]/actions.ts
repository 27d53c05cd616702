'use server';

import { redirect } from 'next/navigation';
import { PERMISSIONS, ROLES } from '@/domain/roles';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { int, z } from '@/lib/zod';
import { deleteGroup, updateGroup } from '@/server/users';
import { GroupUpdateBody } from '@/server/users/schemas';
import { type EchoState, formValues } from '../../_shared/form-values';
import { revalidateAdmin } from '../../_shared/revalidate';

export type RenameGroupState = EchoState<{ name: string }>;

const GroupUpdate = GroupUpdateBody.extend({ id: int() });

export async function renameGroupAction(_prev: RenameGroupState, form: FormData): Promise<RenameGroupState> {
  const ctx = await requireAction('admin', 'PUT');
  const input = formObject(form);
  const result = await formAction(GroupUpdate.pick({ id: true, name: true }), input, async ({ id, name }) => {
    const group = await updateGroup(ctx, id, { name });
    return { name: group.name as string };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateAdmin();
  return result;
}

/** The role matrix: every role's four flags, false where the box is unchecked (absent). */
export async function updateRulesAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'PUT');
  const rules = Object.fromEntries(
    ROLES.map((role) => [
      role,
      Object.fromEntries(PERMISSIONS.map((p) => [`can_${p}`, form.has(`rules.${role}.can_${p}`)])),
    ]),
  );
  const result = await formAction(
    GroupUpdate.pick({ id: true, rules: true }),
    { id: form.get('id'), rules },
    async ({ id, rules }) => {
      await updateGroup(ctx, id, { rules });
      return null;
    },
  );
  if (result.ok) revalidateAdmin();
  return result;
}

export async function updateMembersAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'PUT');
  const result = await formAction(
    GroupUpdate.pick({ id: true, user_ids: true }),
    formObject(form, ['user_ids']),
    async ({ id, user_ids }) => {
      await updateGroup(ctx, id, { user_ids: user_ids ?? [] });
      return null;
    },
  );
  if (result.ok) revalidateAdmin();
  return result;
}

export async function deleteGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('admin', 'DELETE');
  const result = await formAction(z.object({ id: int() }), formObject(form), ({ id }) =>
    deleteGroup(ctx, id),
  );
  if (!result.ok) return result;
  revalidateAdmin();
  redirect('/admin/groups');
}
