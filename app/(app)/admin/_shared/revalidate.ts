import { revalidatePath } from 'next/cache';

/** Users and groups show each other (memberships), so a write refreshes every admin page. */
export function revalidateAdmin() {
  revalidatePath('/admin/users');
  revalidatePath('/admin/users/[id]', 'page');
  revalidatePath('/admin/groups');
  revalidatePath('/admin/groups/[id]', 'page');
}
