import { redirect } from 'next/navigation';
import { requirePage } from '@/lib/page-auth';

/** A category is shown by the parts page, with its parts (InvenTree's /part/category/<id>/ URL). */
export default async function CategoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePage('part_category', `/part/category/${id}`);
  redirect(/^\d{1,9}$/.test(id) ? `/part?category=${id}` : '/part');
}
