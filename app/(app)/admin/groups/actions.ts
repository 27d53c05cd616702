'use server';

import { formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { createGroup } from '@/server/users';
import { GroupBody } from '@/server/users/schemas';
import { type EchoState, formValues } from '../_shared/form-values';
import { revalidateAdmin } from '../_shared/revalidate';

export type NewGroupState = EchoState<{ id: number; name: string }>;

export async function createGroupAction(_prev: NewGroupState, form: FormData): Promise<NewGroupState> {
  const ctx = await requireAction('admin', 'POST');
  const result = await formAction(GroupBody.pick({ name: true }), formObject(form), async (body) => {
    const group = await createGroup(ctx, body);
    return { id: group.pk as number, name: group.name as string };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateAdmin();
  return result;
}
