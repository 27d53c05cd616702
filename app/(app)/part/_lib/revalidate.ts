import { revalidatePath } from 'next/cache';

/** Parts, categories and their tabs show each other (counts, paths, variants): a write refreshes them all. */
export function revalidateParts() {
  revalidatePath('/part', 'layout');
}
