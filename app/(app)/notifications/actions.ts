'use server';

import { revalidatePath } from 'next/cache';
import { requireAction } from '@/lib/page-auth';
import { withTransaction } from '@/server/context';
import { deleteNotification, markAllRead, setNotificationRead } from '@/server/notifications';

const id = (form: FormData) => Number(form.get('id'));

export async function markReadAction(form: FormData) {
  const ctx = await requireAction('user', 'PUT');
  await withTransaction(ctx, (tx) => setNotificationRead(tx, id(form), form.get('read') !== 'false'));
  revalidatePath('/', 'layout');
}

export async function markAllReadAction() {
  const ctx = await requireAction('user', 'PUT');
  await withTransaction(ctx, (tx) => markAllRead(tx));
  revalidatePath('/', 'layout');
}

export async function deleteNotificationAction(form: FormData) {
  const ctx = await requireAction('user', 'DELETE');
  await withTransaction(ctx, (tx) => deleteNotification(tx, id(form)));
  revalidatePath('/', 'layout');
}
