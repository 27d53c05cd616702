import { redirect } from 'next/navigation';
import { requirePage } from '@/lib/page-auth';

/** Categories are browsed on the parts page. */
export default async function CategoriesPage() {
  await requirePage('part_category', '/part/category');
  redirect('/part');
}
