import { nonFieldError } from '@/lib/errors';
import { type Ctx, withTransaction } from '../../context';
import { assertCan } from '../../permissions';
import { type TrackingEntry, track } from '../tracking';
import { lockItemKeyed } from './merge';
import type { StockAssignBody } from './schemas';
import { ItemErrors, isSerialized, loadParts, num, units, updateItem } from './shared';
import { splitItem } from './split';

export interface AssignInput extends StockAssignBody {
  /** Not in the v534 payload: lets later verbs (sales orders) assign part of an item, split off first. */
  items: { item: number; quantity?: string }[];
}

/**
 * `POST /api/stock/assign/` (InvenTree's `allocateToCustomer`): each item (or a split-off part of
 * it) gets `customer` and loses its location; SENT_TO_CUSTOMER (100) `{customer}`. Items must be
 * in stock and of a salable part. The customer is any positive integer until companies exist.
 */
export async function assignToCustomer(ctx: Ctx, input: AssignInput) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (ctx) => {
    if (!input.items.length) throw nonFieldError('A list of stock items must be provided');
    const rows = await lockItemKeyed(
      ctx,
      input.items.map((i) => i.item),
    );
    const parts = await loadParts(
      ctx.db,
      [...rows.values()].map((r) => r.partId),
    );
    const errors = new ItemErrors(input.items.length);
    const entries: TrackingEntry[] = [];
    for (const [i, it] of input.items.entries()) {
      const row = rows.get(it.item)!;
      if (!row.inStock) errors.add(i, 'item', 'Item must be in stock');
      else if (!parts.get(row.partId)?.salable) errors.add(i, 'item', 'Part must be salable');
      else if (it.quantity !== undefined && units(it.quantity) > units(row.quantity))
        errors.add(i, 'quantity', `Quantity must not exceed available stock quantity (${num(row.quantity)})`);
      if (errors.any) continue;
      let target = row;
      if (it.quantity !== undefined && !isSerialized(row) && units(it.quantity) < units(row.quantity)) {
        const split = await splitItem(ctx.db, row, it.quantity, { location: null, notes: input.notes });
        rows.set(row.id, split.source);
        entries.push(...split.entries);
        target = split.child;
      }
      const updated = await updateItem(ctx.db, target.id, { customerId: input.customer, locationId: null });
      if (target.id === row.id) rows.set(row.id, updated);
      entries.push({
        itemId: target.id,
        partId: target.partId,
        code: 'SENT_TO_CUSTOMER',
        notes: input.notes,
        deltas: { customer: input.customer },
      });
    }
    errors.throwIfAny();
    await track(ctx, entries);
    return {
      items: input.items.map((i) => ({ item: i.item })),
      customer: input.customer,
      notes: input.notes,
    };
  });
}
