import { eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { parts } from '@/db/schema';
import { unique } from './factories';

export type PartRow = typeof parts.$inferSelect;

/**
 * A part inserted straight into the table (the part data tests do not depend on the parts API),
 * with `variant_tree_ids` filled in as the parts module keeps it: the template chain, then itself.
 */
export async function insertPart(
  overrides: Partial<typeof parts.$inferInsert> & { variantOf?: PartRow } = {},
): Promise<PartRow> {
  const { variantOf, ...values } = overrides;
  const [row] = await db
    .insert(parts)
    .values({ name: unique('Part'), ...values, variantOfId: variantOf?.id ?? values.variantOfId ?? null })
    .returning();
  const tree = [...(variantOf?.variantTreeIds ?? []), row!.id];
  const [updated] = await db
    .update(parts)
    .set({ variantTreeIds: tree })
    .where(eq(parts.id, row!.id))
    .returning();
  return updated!;
}
