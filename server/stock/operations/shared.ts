import { asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { parts, stockItems, stockLocations } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { type FieldErrors, fieldError, nonFieldError, validation } from '@/lib/errors';
import { getGlobalSetting } from '@/server/settings';
import { assertAllFound, lockStockItems, type StockItemRow, type StockLocationRow } from '../lookup';

/** numeric(15,5) as an exact scaled integer: comparisons without floats. */
const SCALE = 100_000n;
export function units(q: string): bigint {
  const neg = q.startsWith('-');
  const [w = '0', f = ''] = q.replace(/^[-+]/, '').split('.');
  const v = BigInt(w || '0') * SCALE + BigInt((f + '00000').slice(0, 5));
  return neg ? -v : v;
}
export function fromUnits(u: bigint): string {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const frac = (a % SCALE).toString().padStart(5, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${a / SCALE}${frac ? `.${frac}` : ''}`;
}
/**
 * A decimal string as a JSON number for tracking deltas and responses (InvenTree answers numbers).
 * Exact: a numeric(15,5) value has at most 15 significant digits, which a double round-trips.
 */
export const num = (q: string): number => Number(q);
export const isInteger = (q: string) => units(q) % SCALE === 0n;

/** InvenTree's `serialized`: a serial number and quantity 1. */
export const isSerialized = (row: StockItemRow) => !!row.serial && units(row.quantity) === SCALE;

/** `is_in_stock(check_status=False, check_quantity=False)`: not placed with an order, customer or assembly. */
export const isPlaced = (row: StockItemRow) =>
  row.salesOrderId === null &&
  row.belongsToId === null &&
  row.customerId === null &&
  row.consumedById === null &&
  !row.isBuilding;

export const invalidPk = (id: number) => `Invalid pk "${id}" - object does not exist.`;

/** Per-element errors of a list input, aligned with it (`{}` for the valid ones), thrown at the end. */
export class ItemErrors {
  private readonly list: FieldErrors[];
  constructor(
    size: number,
    private readonly key = 'items',
  ) {
    this.list = Array.from({ length: size }, () => ({}));
  }
  add(index: number, field: string, message: string): void {
    const e = this.list[index]!;
    const prev = (e[field] as string[] | undefined) ?? [];
    e[field] = [...prev, message];
  }
  get any(): boolean {
    return this.list.some((e) => Object.keys(e).length > 0);
  }
  throwIfAny(): void {
    if (this.any) throw validation({ [this.key]: this.list });
  }
}

export function requireItems(items: unknown[]): void {
  if (!items.length) throw nonFieldError('A list of stock items must be provided');
}

export type PartInfo = Pick<
  typeof parts.$inferSelect,
  'id' | 'trackable' | 'salable' | 'variantTreeIds' | 'isTemplate' | 'virtual'
>;

/** The part columns stock rules need (`PartInfo`), for selects. */
const PART_INFO = {
  id: parts.id,
  trackable: parts.trackable,
  salable: parts.salable,
  variantTreeIds: parts.variantTreeIds,
  isTemplate: parts.isTemplate,
  virtual: parts.virtual,
};

export async function loadParts(db: Tx, ids: number[]): Promise<Map<number, PartInfo>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select(PART_INFO).from(parts).where(anyOf(parts.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The root of a part's variant tree (`stock_items.part_tree_id`). */
export const treeIdOf = (p: PartInfo) => p.variantTreeIds[0] ?? p.id;

/** A destination location, or the 400 DRF's PrimaryKeyRelatedField gives (structural ones excluded if asked). */
export async function getLocationOrError(
  db: Tx,
  id: number,
  field: string,
  opts: { allowStructural?: boolean } = {},
): Promise<StockLocationRow> {
  const [row] = await db.select().from(stockLocations).where(eq(stockLocations.id, id));
  if (!row || (row.structural && !opts.allowStructural)) throw fieldError(field, invalidPk(id));
  return row;
}

/**
 * Locks the request's items plus `extra` ids (parents, assemblies) in one ascending-id pass, so
 * operations on overlapping sets cannot deadlock. Missing request ids answer in the items shape.
 */
export async function lockWithExtras(
  db: Tx,
  ids: number[],
  extra: number[],
): Promise<Map<number, StockItemRow>> {
  return lockStockItems(db, withExtras(ids, extra), { reported: ids.length });
}

/** The request's ids, then the `extra` ones it does not name. */
const withExtras = (ids: number[], extra: number[]) => [...ids, ...extra.filter((id) => !ids.includes(id))];

/** Pre-reads (without locking) ids that the operation will also need locked, e.g. parents. */
export async function peekColumn(
  db: Tx,
  ids: number[],
  column: 'parentId' | 'belongsToId',
): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.select({ v: stockItems[column] }).from(stockItems).where(anyOf(stockItems.id, ids));
  return rows.map((r) => r.v).filter((v): v is number => v !== null);
}

/**
 * A boolean global setting, through the settings cache. Inside the operation's transaction a miss
 * loads through that transaction (db/client.ts), never a second pool connection, which with more
 * concurrent operations than pool connections would leave every transaction waiting (seen with 8
 * clients on a pool of 4); lib/cache.ts keeps read-your-writes.
 */
export async function booleanSetting(
  key: 'STOCK_ALLOW_OUT_OF_STOCK_TRANSFER' | 'SERIAL_NUMBER_GLOBALLY_UNIQUE',
): Promise<boolean> {
  return (await getGlobalSetting(key)) === true;
}

export const allowOutOfStockTransfer = () => booleanSetting('STOCK_ALLOW_OUT_OF_STOCK_TRANSFER');

/** InvenTree's `can_delete`: nothing installed in it and not assigned to a sales order. */
async function canDelete(db: Tx, row: StockItemRow): Promise<boolean> {
  if (row.salesOrderId !== null) return false;
  const [child] = await db
    .select({ id: stockItems.id })
    .from(stockItems)
    .where(eq(stockItems.belongsToId, row.id))
    .limit(1);
  return !child;
}

/**
 * After a quantity change: a depleted item with `delete_on_deplete` is deleted (InvenTree's
 * `updateQuantity`), taking its history with it as in InvenTree. Returns true when deleted.
 */
export async function deleteIfDepleted(db: Tx, row: StockItemRow): Promise<boolean> {
  if (units(row.quantity) > 0n || !row.deleteOnDeplete) return false;
  if (!(await canDelete(db, row))) return false;
  await db.delete(stockItems).where(eq(stockItems.id, row.id));
  return true;
}

/** Updates one locked item and returns the new row; quantity arithmetic is SQL (`quantity + $q`). */
export async function updateItem(
  db: Tx,
  id: number,
  set: Partial<Record<keyof typeof stockItems.$inferInsert, unknown>>,
): Promise<StockItemRow> {
  const [row] = await db
    .update(stockItems)
    .set({ ...(set as Partial<typeof stockItems.$inferInsert>), updated: sql`now()` })
    .where(eq(stockItems.id, id))
    .returning();
  return row!;
}

export const addQuantity = (q: string): SQL => sql`${stockItems.quantity} + ${q}::numeric`;
export const subQuantity = (q: string): SQL => sql`${stockItems.quantity} - ${q}::numeric`;

/** The optional per-item fields of an adjustment (`batch`, `status`, `packaging`): set when given. */
export function optionalFields(item: { batch?: string; status?: number | null; packaging?: string }) {
  const set: { batch?: string; status?: number; statusCustomKey?: null; packaging?: string } = {};
  if (item.batch) set.batch = item.batch;
  if (item.packaging) set.packaging = item.packaging;
  if (item.status) {
    set.status = item.status;
    set.statusCustomKey = null;
  }
  return set;
}

/**
 * A brief StockItem as the API answers it, for the created items of `serialize`. The stock module's
 * full serialiser (written alongside) can replace it without changing these verbs.
 */
export function itemOut(row: StockItemRow) {
  return {
    pk: row.id,
    part: row.partId,
    quantity: num(row.quantity),
    serial: row.serial,
    batch: row.batch,
    location: row.locationId,
    belongs_to: row.belongsToId,
    customer: row.customerId,
    parent: row.parentId,
    status: row.status,
    status_custom_key: row.statusCustomKey ?? row.status,
    in_stock: row.inStock,
    delete_on_deplete: row.deleteOnDeplete,
    packaging: row.packaging,
    supplier_part: row.supplierPartId,
    purchase_price: row.purchasePrice,
    purchase_price_currency: row.purchasePriceCurrency,
    updated: row.updated,
  };
}

/** The per-item rules every adjustment shares (StockAdjustmentItemSerializer + StockItem.clean). */
export function adjustmentErrors(
  row: StockItemRow,
  part: PartInfo | undefined,
  quantity: string,
  opts: { allowOutOfStock: boolean; requireNonZero?: boolean },
): [field: string, message: string][] {
  const out: [string, string][] = [];
  if (!opts.allowOutOfStock && !isPlaced(row)) out.push(['pk', 'Stock item is not in stock']);
  if (opts.requireNonZero && units(quantity) <= 0n)
    out.push(['quantity', 'Quantity must be greater than zero']);
  if (part?.trackable && !isInteger(quantity)) out.push(['quantity', 'Quantity must be integer']);
  return out;
}

/** Largest value numeric(15,5) holds, as scaled units. */
export const MAX_UNITS = 10n ** 10n * SCALE - 1n;

/**
 * The request's items (and `extra` ones the operation also changes, e.g. parents) locked in
 * ascending id order, with their parts' rules — one statement (`FOR UPDATE OF stock_items`, so
 * parts are read, not locked). Missing ids are the 400 naming the request's item.
 */
export async function lockRequestItems(db: Tx, ids: number[], extra: number[] = []) {
  const all = withExtras(ids, extra);
  const found = all.length
    ? await db
        .select({ item: stockItems, part: PART_INFO })
        .from(stockItems)
        .innerJoin(parts, eq(parts.id, stockItems.partId))
        .where(anyOf(stockItems.id, all))
        .orderBy(asc(stockItems.id))
        .for('update', { of: stockItems })
    : [];
  const rows = new Map(found.map((r) => [r.item.id, r.item]));
  assertAllFound(all, rows, ids.length);
  return { rows, parts: new Map<number, PartInfo>(found.map((r) => [r.part.id, r.part])) };
}
