import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { partCategories, parts } from '@/db/schema';
import { nonFieldError, notFound } from '@/lib/errors';

export type PartRow = typeof parts.$inferSelect;
export type CategoryRow = typeof partCategories.$inferSelect;

/**
 * Fetch-or-throw helpers: every verb that takes a part or category id from a request goes through
 * these. `forUpdate` takes the row lock when a write follows.
 */
export async function getPartRow(db: Tx, id: number, opts: { forUpdate?: boolean } = {}): Promise<PartRow> {
  const q = db.select().from(parts).where(eq(parts.id, id));
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('Part');
  return row;
}

export async function getCategoryRow(
  db: Tx,
  id: number,
  opts: { forUpdate?: boolean } = {},
): Promise<CategoryRow> {
  const q = db.select().from(partCategories).where(eq(partCategories.id, id));
  const [row] = await (opts.forUpdate ? q.for('update') : q);
  if (!row) throw notFound('PartCategory');
  return row;
}

/** Locked parts are read-only (InvenTree's PART_ENABLE_LOCKING behaviour). */
export function assertPartEditable(part: PartRow): void {
  if (part.locked) throw nonFieldError('Part is locked and cannot be edited');
}
