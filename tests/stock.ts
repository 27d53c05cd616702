import { systemCtx } from '@/server/context';
import { createLocation, createStockItems } from '@/server/stock';
import { unique } from './factories';

/** Factories for the stock module, through its verbs (stored tree columns, CREATED ledger rows). */
export async function makeLocation(
  opts: {
    name?: string;
    parent?: number;
    structural?: boolean;
    external?: boolean;
    location_type?: number;
  } = {},
) {
  return createLocation(systemCtx(), { name: opts.name ?? unique('Loc'), ...opts });
}

export async function makeItem(opts: Partial<Parameters<typeof createStockItems>[1]> & { part: number }) {
  const [item] = await createStockItems(systemCtx(), { quantity: '10', ...opts });
  return item!;
}
