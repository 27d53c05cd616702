'use server';

import { revalidatePath } from 'next/cache';
import { requireAction } from '@/lib/page-auth';
import { deleteTasks, retryTasks } from '@/server/jobs';

export async function retryTaskAction(form: FormData) {
  const ctx = await requireAction('staff', 'POST');
  await retryTasks(ctx, [String(form.get('id'))]);
  revalidatePath('/admin/tasks');
}

export async function deleteTaskAction(form: FormData) {
  const ctx = await requireAction('staff', 'DELETE');
  await deleteTasks(ctx, 'failed', [String(form.get('id'))]);
  revalidatePath('/admin/tasks');
}

export async function retryAllAction() {
  const ctx = await requireAction('staff', 'POST');
  const { listTasks } = await import('@/server/jobs');
  const failed = await listTasks(ctx, 'failed', {}, new URL('http://local/'));
  const rows = Array.isArray(failed) ? failed : failed.results;
  await retryTasks(
    ctx,
    rows.map((r) => r.task_id),
  );
  revalidatePath('/admin/tasks');
}
