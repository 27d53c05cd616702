import { asc, eq } from 'drizzle-orm';
import { db } from '@/db/client';
import { parts, stockItems, stockLocations, stockTracking } from '@/db/schema';
import { unique } from './factories';
import { makePart } from './parts';

/**
 * Direct-insert factories for the stock operations tests (the stock create endpoint is written
 * alongside): locations with their stored tree columns, items with the part's variant-tree root.
 */
export async function makeLocation(opts: { structural?: boolean } = {}) {
  const name = unique('Loc');
  const [row] = await db
    .insert(stockLocations)
    .values({ name, pathstring: name, structural: !!opts.structural })
    .returning();
  await db
    .update(stockLocations)
    .set({ treeIds: [row!.id] })
    .where(eq(stockLocations.id, row!.id));
  return row!;
}

export async function makeStock(part: { pk: number }, values: Partial<typeof stockItems.$inferInsert> = {}) {
  const [p] = await db.select({ tree: parts.variantTreeIds }).from(parts).where(eq(parts.id, part.pk));
  const tree = p?.tree[0] ?? part.pk;
  const [row] = await db
    .insert(stockItems)
    .values({ partId: part.pk, partTreeId: tree, quantity: '10', ...values })
    .returning();
  return row!;
}

export async function stockPart(opts: Parameters<typeof makePart>[0] = {}) {
  return makePart(opts);
}

export async function itemRow(id: number) {
  const [row] = await db.select().from(stockItems).where(eq(stockItems.id, id));
  return row;
}

export async function history(id: number) {
  return db.select().from(stockTracking).where(eq(stockTracking.itemId, id)).orderBy(asc(stockTracking.id));
}
