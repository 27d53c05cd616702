import { eq } from 'drizzle-orm';
import { parts } from '@/db/schema';
import { fieldError, nonFieldError } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { getStockItemRow } from '../lookup';
import { track } from '../tracking';
import type { ConvertBody } from './schemas';
import { invalidPk, updateItem } from './shared';

/**
 * `POST /api/stock/{id}/convert/`: moves the item to another part of the same variant tree
 * (part and part_tree_id updated) and writes CONVERTED_TO_VARIANT (48) `{part}`. Items with a
 * supplier part cannot be converted (as InvenTree).
 */
export async function convertStockItem(ctx: Ctx, id: number, input: ConvertBody) {
  assertCan(ctx, 'stock', 'add');
  return withTransaction(ctx, async (ctx) => {
    const item = await getStockItemRow(ctx.db, id, { forUpdate: true });
    const [part] = await ctx.db
      .select({ id: parts.id, tree: parts.variantTreeIds })
      .from(parts)
      .where(eq(parts.id, input.part));
    if (!part) throw fieldError('part', invalidPk(input.part));
    const treeId = part.tree[0] ?? part.id;
    if (part.id === item.partId || treeId !== item.partTreeId)
      throw fieldError('part', 'Selected part is not a valid option for conversion');
    if (item.supplierPartId !== null)
      throw nonFieldError('Cannot convert stock item with assigned SupplierPart');
    await updateItem(ctx.db, id, { partId: part.id, partTreeId: treeId });
    await track(ctx, [
      { itemId: id, partId: part.id, code: 'CONVERTED_TO_VARIANT', deltas: { part: part.id } },
    ]);
    return { part: part.id };
  });
}
