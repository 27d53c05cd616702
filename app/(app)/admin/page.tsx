import { redirect } from 'next/navigation';
import { requirePage } from '@/lib/page-auth';

/** `/admin` has no page of its own: users are the usual starting point. */
export default async function AdminPage() {
  await requirePage('admin', '/admin');
  redirect('/admin/users');
}
