import { revalidatePath } from 'next/cache';

/** Stock pages show each other (counts, paths, ledgers) and the part pages show stock: refresh them all. */
export function revalidateStock() {
  revalidatePath('/stock', 'layout');
  revalidatePath('/part', 'layout');
  revalidatePath('/');
}
