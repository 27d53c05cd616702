import { and, asc, eq, isNotNull, isNull, ne, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { countRows } from '@/db/row-counts';
import { owners, parts, stockItems, stockLocations } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { parseSerials, SerialError, serialToInt } from '@/domain/stock';
import { type FieldErrors, fieldError, nonFieldError, validation } from '@/lib/errors';
import { type BulkFilter, type BulkSelection, bulkSelection } from '@/lib/http/bulk';
import { type ListQuery, orderBy, paginate, searchTerms } from '@/lib/http/list';
import { isUniqueViolation } from '@/server/partdata/shared';
import { getGlobalSetting } from '@/server/settings';
import { type Ctx, withTransaction } from '../context';
import { getPartRow, type PartRow } from '../parts/lookup';
import { assertCan } from '../permissions';
import { getLocationRow, getStockItemRow, type StockItemRow } from './lookup';
import type { StockCreateInput, StockEditInput, StockQueryInput } from './schemas';
import { expiryRules, type StockFlags, stockItemsOut } from './serialize';
import { track } from './tracking';

export type StockQuery = ListQuery & Partial<StockQueryInput>;

const CHOICE = 'Select a valid choice. That choice is not one of the available choices.';
const SERIAL_KEY = 'stock_items_tree_serial_key';

/** A condition on the item's part, as a subquery over parts (alias `p`). */
const onPart = (cond: SQL) => sql`${stockItems.partId} in (select p.id from ${parts} p where ${cond})`;
const serialized = sql`(${stockItems.serial} is not null and ${stockItems.serial} <> '')`;
const likeTerm = (t: string) => `%${t.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/** InvenTree's StockFilter and search as one set-based WHERE on stock_items (no joins needed). */
export async function stockWhere(ctx: Ctx, q: StockQuery): Promise<SQL | undefined> {
  const c: (SQL | undefined)[] = [];
  if (q.location === null) c.push(isNull(stockItems.locationId));
  else if (q.location !== undefined) {
    // InvenTree cascades unless cascade=false. The subtree's ids are resolved first (see
    // partWhere); a location's own tree_ids include it, so no row means no such location.
    const subtree = await ctx.db
      .select({ id: stockLocations.id })
      .from(stockLocations)
      .where(
        q.cascade === false
          ? eq(stockLocations.id, q.location)
          : sql`${stockLocations.treeIds} @> array[${q.location}]::int[]`,
      );
    if (!subtree.length) throw fieldError('location', CHOICE);
    c.push(
      anyOf(
        stockItems.locationId,
        subtree.map((r) => r.id),
      ),
    );
  }
  if (q.part !== undefined) {
    const part = await getPartRow(ctx.db, q.part).catch(() => {
      throw fieldError('part', CHOICE);
    });
    if (q.include_variants === false) c.push(eq(stockItems.partId, part.id));
    else {
      const members = await ctx.db
        .select({ id: parts.id })
        .from(parts)
        .where(sql`${parts.variantTreeIds} @> array[${part.id}]::int[]`);
      c.push(
        anyOf(stockItems.partId, [part.id, ...members.map((m) => m.id)]),
        eq(stockItems.partTreeId, part.variantTreeIds[0] ?? part.id),
      );
    }
  }
  if (q.part_tree !== undefined) {
    const part = await getPartRow(ctx.db, q.part_tree).catch(() => {
      throw fieldError('part_tree', CHOICE);
    });
    c.push(eq(stockItems.partTreeId, part.variantTreeIds[0] ?? part.id));
  }
  if (q.category !== undefined)
    c.push(
      onPart(
        sql`p.category_id in (select id from part_categories where tree_ids @> array[${q.category}]::int[])`,
      ),
    );
  if (q.IPN !== undefined) c.push(onPart(sql`lower(p.ipn) = lower(${q.IPN})`));
  if (q.IPN_contains) c.push(onPart(sql`p.ipn ilike ${likeTerm(q.IPN_contains)}`));
  if (q.IPN_regex) c.push(onPart(sql`p.ipn ~* ${q.IPN_regex}`));
  if (q.name !== undefined) c.push(onPart(sql`lower(p.name) = lower(${q.name})`));
  if (q.name_contains) c.push(onPart(sql`p.name ilike ${likeTerm(q.name_contains)}`));
  if (q.name_regex) c.push(onPart(sql`p.name ~* ${q.name_regex}`));
  if (q.active !== undefined) c.push(onPart(sql`p.active = ${q.active}`));
  if (q.assembly !== undefined) c.push(onPart(sql`p.assembly = ${q.assembly}`));
  if (q.salable !== undefined) c.push(onPart(sql`p.salable = ${q.salable}`));
  if (q.in_stock !== undefined) c.push(eq(stockItems.inStock, q.in_stock));
  // Nothing is allocated until orders and builds exist: available = in stock, allocated = none.
  if (q.available !== undefined) c.push(eq(stockItems.inStock, q.available));
  if (q.allocated === true) c.push(sql`false`);
  if ((q.expired !== undefined || q.stale !== undefined) && (await getGlobalSetting('STOCK_ENABLE_EXPIRY'))) {
    const rules = await expiryRules();
    const before = (d: string) =>
      sql`(${stockItems.inStock} and ${stockItems.expiryDate} is not null and ${stockItems.expiryDate} < ${d})`;
    if (q.expired !== undefined) c.push(q.expired ? before(rules.today) : sql`not ${before(rules.today)}`);
    if (q.stale !== undefined && rules.staleDate > rules.today)
      c.push(q.stale ? before(rules.staleDate) : sql`not ${before(rules.staleDate)}`);
  }
  if (q.serialized !== undefined) c.push(q.serialized ? serialized : sql`not ${serialized}`);
  if (q.serial !== undefined) c.push(eq(stockItems.serial, q.serial));
  if (q.serial_gte !== undefined) c.push(sql`${stockItems.serialInt} >= ${q.serial_gte}`);
  if (q.serial_lte !== undefined) c.push(sql`${stockItems.serialInt} <= ${q.serial_lte}`);
  if (q.batch !== undefined) c.push(eq(stockItems.batch, q.batch));
  if (q.batch_regex) c.push(sql`${stockItems.batch} ~* ${q.batch_regex}`);
  if (q.has_batch !== undefined)
    c.push(
      q.has_batch
        ? sql`coalesce(${stockItems.batch}, '') <> ''`
        : sql`coalesce(${stockItems.batch}, '') = ''`,
    );
  if (q.status !== undefined) c.push(eq(stockItems.status, q.status));
  if (q.customer !== undefined) c.push(eq(stockItems.customerId, q.customer));
  if (q.sent_to_customer !== undefined)
    c.push(q.sent_to_customer ? isNotNull(stockItems.customerId) : isNull(stockItems.customerId));
  if (q.belongs_to !== undefined) c.push(eq(stockItems.belongsToId, q.belongs_to));
  if (q.installed !== undefined)
    c.push(q.installed ? isNotNull(stockItems.belongsToId) : isNull(stockItems.belongsToId));
  if (q.has_installed_items !== undefined) {
    const sub = sql`exists (select 1 from ${stockItems} c where c.belongs_to_id = ${stockItems.id})`;
    c.push(q.has_installed_items ? sub : sql`not ${sub}`);
  }
  if (q.has_child_items !== undefined) {
    const sub = sql`exists (select 1 from ${stockItems} c where c.parent_id = ${stockItems.id})`;
    c.push(q.has_child_items ? sub : sql`not ${sub}`);
  }
  if (q.depleted !== undefined)
    c.push(q.depleted ? sql`${stockItems.quantity} <= 0` : sql`${stockItems.quantity} > 0`);
  if (q.external !== undefined) {
    const ext = sql`${stockItems.locationId} in (select id from ${stockLocations} where external)`;
    c.push(q.external ? ext : sql`(${stockItems.locationId} is null or not ${ext})`);
  }
  if (q.tracked !== undefined) {
    const tracked = sql`(${serialized} or coalesce(${stockItems.batch}, '') <> '')`;
    c.push(q.tracked ? tracked : sql`not ${tracked}`);
  }
  if (q.is_building !== undefined) c.push(eq(stockItems.isBuilding, q.is_building));
  if (q.consumed !== undefined)
    c.push(q.consumed ? isNotNull(stockItems.consumedById) : isNull(stockItems.consumedById));
  if (q.consumed_by !== undefined) c.push(eq(stockItems.consumedById, q.consumed_by));
  if (q.build !== undefined) c.push(eq(stockItems.buildId, q.build));
  if (q.sales_order !== undefined) c.push(eq(stockItems.salesOrderId, q.sales_order));
  if (q.purchase_order !== undefined) c.push(eq(stockItems.purchaseOrderId, q.purchase_order));
  if (q.supplier_part !== undefined) c.push(eq(stockItems.supplierPartId, q.supplier_part));
  // Supplier parts, companies and BOMs do not exist yet: nothing can match them.
  for (const v of [q.supplier, q.manufacturer, q.manufacturer_part, q.company, q.bom_item])
    if (v !== undefined) c.push(sql`false`);
  if (q.parent !== undefined) c.push(eq(stockItems.parentId, q.parent));
  if (q.ancestor !== undefined)
    c.push(sql`${stockItems.id} in (
      with recursive d(id) as (
        select id from ${stockItems} where parent_id = ${q.ancestor}
        union select s.id from ${stockItems} s join d on s.parent_id = d.id)
      select id from d)`);
  if (q.has_purchase_price !== undefined)
    c.push(q.has_purchase_price ? isNotNull(stockItems.purchasePrice) : isNull(stockItems.purchasePrice));
  if (q.has_stocktake !== undefined)
    c.push(q.has_stocktake ? isNotNull(stockItems.stocktakeDate) : isNull(stockItems.stocktakeDate));
  if (q.min_stock !== undefined) c.push(sql`${stockItems.quantity} >= ${q.min_stock}`);
  if (q.max_stock !== undefined) c.push(sql`${stockItems.quantity} <= ${q.max_stock}`);
  for (const tag of [q.tag_name, q.tags__name, q.tags__slug])
    if (tag) c.push(sql`${stockItems.tags} ? ${tag}`);
  const day = (col: SQLWrapper, op: '>=' | '<=', v: string | undefined) =>
    v === undefined ? undefined : sql`${col}::date ${sql.raw(op)} ${v}::date`;
  c.push(
    day(stockItems.updated, '>=', q.updated_after),
    day(stockItems.updated, '<=', q.updated_before),
    day(stockItems.created, '>=', q.created_after),
    day(stockItems.created, '<=', q.created_before),
    day(stockItems.stocktakeDate, '>=', q.stocktake_after),
    day(stockItems.stocktakeDate, '<=', q.stocktake_before),
    day(stockItems.expiryDate, '>=', q.expiry_after),
    day(stockItems.expiryDate, '<=', q.expiry_before),
  );
  c.push(stockSearch(q));
  return and(...c);
}

/** Search: every term in the serial, batch, the part's name/IPN/description or the location's name. */
function stockSearch(q: StockQuery): SQL | undefined {
  const terms = searchTerms(q.search);
  if (!terms.length) return undefined;
  return and(
    ...terms.map((t) => {
      const m = (col: SQL | SQLWrapper) =>
        q.search_regex
          ? sql`${col} ~* ${q.search_whole ? `\\y${t}\\y` : t}`
          : sql`${col} ilike ${likeTerm(t)}`;
      return or(
        m(stockItems.serial),
        m(stockItems.batch),
        q.search_notes ? m(stockItems.notes) : undefined,
        onPart(sql`(${m(sql`p.name`)} or ${m(sql`p.ipn`)} or ${m(sql`p.description`)})`),
        sql`${stockItems.locationId} in (select l.id from ${stockLocations} l where ${m(sql`l.name`)})`,
      );
    }),
  );
}

const ORDERING = {
  part: stockItems.partName,
  part__name: stockItems.partName,
  IPN: parts.ipn,
  part__IPN: parts.ipn,
  location: stockLocations.pathstring,
  quantity: stockItems.quantity,
  stock: stockItems.quantity,
  serial: stockItems.serialInt,
  batch: stockItems.batch,
  status: stockItems.status,
  updated: stockItems.updated,
  creation_date: stockItems.created,
  stocktake_date: stockItems.stocktakeDate,
  expiry_date: stockItems.expiryDate,
  purchase_price: stockItems.purchasePrice,
  packaging: stockItems.packaging,
} satisfies Record<string, SQLWrapper>;

/** InvenTree's default order: part name, quantity, location (then id). */
const DEFAULT_ORDER = [asc(stockItems.partName), asc(stockItems.quantity), asc(stockLocations.pathstring)];

/**
 * The stock list. With a location subtree the page is chosen before anything is joined:
 * - in the default order, an index-only scan of (location, part name, quantity, id) over the
 *   subtree keeps the first `offset + limit` rows by (part name, quantity, id) in a bounded top-N
 *   sort; the rows tied with the last of them on (part name, quantity) are fetched by index, and
 *   only these few meet `stock_locations` for the last sort key (pathstring). Exact, and no row
 *   of the subtree is joined or fully sorted (1M items, 100k-item subtree: 153 → 81 ms in SQL;
 *   `fetch first … with ties` sorted all 100k rows on disk);
 * - in any other order, the filter runs inside a fenced subquery (`offset 0`, aliased as the table
 *   itself so column references still resolve) and only its matches are joined and sorted. Left to
 *   itself PostgreSQL walks a sort-key index hoping to meet matches early, which reads most of the
 *   table when parts correlate with places.
 * The page's rows are then loaded by id.
 */
export async function listStockItems(ctx: Ctx, q: StockQuery, url: URL) {
  assertCan(ctx, 'stock', 'view');
  const where = await stockWhere(ctx, q);
  const fenced = q.location !== undefined && q.location !== null;
  const order = orderBy(q.ordering, ORDERING, stockItems.id, DEFAULT_ORDER);
  const defaultOrder =
    order.length === DEFAULT_ORDER.length + 1 && DEFAULT_ORDER.every((o, i) => order[i] === o);
  const select = (w: SQL | undefined) =>
    ctx.db
      .select({ item: stockItems })
      .from(stockItems)
      .innerJoin(parts, eq(parts.id, stockItems.partId))
      .leftJoin(stockLocations, eq(stockLocations.id, stockItems.locationId))
      .where(w)
      .orderBy(...order);
  const w = where ?? sql`true`;
  const pageIds = (limit: number, offset: number) =>
    defaultOrder
      ? ctx.db.execute<{ id: number }>(sql`
          with top as (
            select ${stockItems.id}, ${stockItems.partName}, ${stockItems.quantity}, ${stockItems.locationId}
            from ${stockItems} where ${w}
            order by ${stockItems.partName}, ${stockItems.quantity}, ${stockItems.id}
            limit ${limit + offset}),
          edge as (select part_name, quantity from top order by part_name desc, quantity desc limit 1),
          ${stockItems} as (
            select * from top where (part_name, quantity) < (select part_name, quantity from edge)
            union all
            select ${stockItems.id}, ${stockItems.partName}, ${stockItems.quantity}, ${stockItems.locationId}
            from ${stockItems} where ${w}
              and ${stockItems.partName} = (select part_name from edge)
              and ${stockItems.quantity} = (select quantity from edge))
          select ${stockItems.id} as id from ${stockItems}
          left join ${stockLocations} on ${stockLocations.id} = ${stockItems.locationId}
          order by ${sql.join(order, sql`, `)}
          limit ${limit} offset ${offset}`)
      : ctx.db.execute<{ id: number }>(sql`
          select ${stockItems.id} as id
          from (select * from ${stockItems} where ${w} offset 0) as ${stockItems}
          join ${parts} on ${parts.id} = ${stockItems.partId}
          left join ${stockLocations} on ${stockLocations.id} = ${stockItems.locationId}
          order by ${sql.join(order, sql`, `)}
          limit ${limit} offset ${offset}`);
  return paginate(url, q, {
    count: () => countRows(ctx.db, stockItems, where),
    rows: async (limit, offset) => {
      let rows: { item: typeof stockItems.$inferSelect }[];
      if (fenced && limit !== null) {
        const ids = Array.from(await pageIds(limit, offset)).map((r) => r.id);
        rows = ids.length ? await select(anyOf(stockItems.id, ids)) : [];
      } else {
        rows = await (limit === null ? select(where) : select(where).limit(limit).offset(offset));
      }
      return stockItemsOut(
        ctx,
        rows.map((r) => r.item),
        q,
      );
    },
  });
}

export async function getStockItem(ctx: Ctx, id: number, flags: StockFlags = {}) {
  assertCan(ctx, 'stock', 'view');
  return (await stockItemsOut(ctx, [await getStockItemRow(ctx.db, id)], flags))[0]!;
}

/** The next free serial number of a part's variant tree: highest serial_int + 1 (indexed). */
export async function nextSerial(ctx: Ctx, partTreeId: number): Promise<number> {
  const [row] = await ctx.db
    .select({ n: sql<number>`coalesce(max(${stockItems.serialInt}), 0)::int` })
    .from(stockItems)
    .where(eq(stockItems.partTreeId, partTreeId));
  return (row?.n ?? 0) + 1;
}

/** Serials of `serials` already used in the part tree. */
async function takenSerials(ctx: Ctx, partTreeId: number, serials: string[], exceptId?: number) {
  if (!serials.length) return [];
  const rows = await ctx.db
    .select({ serial: stockItems.serial })
    .from(stockItems)
    .where(
      and(
        eq(stockItems.partTreeId, partTreeId),
        anyOf(stockItems.serial, serials),
        exceptId ? ne(stockItems.id, exceptId) : undefined,
      ),
    );
  return rows.map((r) => r.serial!);
}

/** The serial a 23505 on the tree/serial key names (PostgreSQL: `Key (part_tree_id, serial)=(3, 12) ...`). */
function clashingSerial(err: unknown): string | null {
  for (let e = err as { detail?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    const m = e.detail ? /=\(\d+, (.*)\) already exists/.exec(e.detail) : null;
    if (m) return m[1]!;
  }
  return null;
}

/** Runs a write whose inserts may hit the serial key; a clash becomes InvenTree's 400. */
async function serialGuard<T>(field: 'serial_numbers' | 'serial', fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err, SERIAL_KEY)) {
      const s = clashingSerial(err);
      throw validation({
        [field]: [
          field === 'serial'
            ? 'Serial number already exists'
            : `Serial numbers already exist: ${s ?? ''}`.trim(),
        ],
      });
    }
    throw err;
  }
}

const isInteger = (q: string) => /^-?\d+(\.0*)?$/.test(q);

async function assertOwner(ctx: Ctx, owner: number | null | undefined, errors: FieldErrors) {
  if (!owner) return;
  const [o] = await ctx.db.select({ id: owners.id }).from(owners).where(eq(owners.id, owner));
  if (!o) errors.owner = [`Invalid pk "${owner}" - object does not exist.`];
}

async function checkLocation(ctx: Ctx, id: number | null | undefined, errors: FieldErrors) {
  if (!id) return;
  const loc = await getLocationRow(ctx.db, id).catch(() => null);
  if (!loc) errors.location = [`Invalid pk "${id}" - object does not exist.`];
  else if (loc.structural)
    errors.location = ['Stock items cannot be located into structural stock locations!'];
}

/**
 * Creates stock (POST /api/stock/, answering a list as InvenTree v383+): one item, or one item of
 * quantity 1 per serial number (InvenTree's grammar; `~` is the next free serial of the part's
 * variant tree). Rules: no virtual parts, no structural locations, whole quantities for trackable
 * parts, serials unique in the variant tree — checked first, and enforced by the database's unique
 * index so two concurrent requests cannot both win. Each item gets its CREATED tracking row in the
 * same transaction.
 */
export async function createStockItems(ctx: Ctx, input: StockCreateInput) {
  assertCan(ctx, 'stock', 'add');
  return serialGuard('serial_numbers', () =>
    withTransaction(ctx, async (tx) => {
      const errors: FieldErrors = {};
      const part: PartRow | null = await getPartRow(tx.db, input.part).catch(() => null);
      if (!part) throw fieldError('part', `Invalid pk "${input.part}" - object does not exist.`);
      if (part.virtual) errors.part = ['Stock item cannot be created for virtual parts'];
      await checkLocation(tx, input.location, errors);
      await assertOwner(tx, input.owner, errors);
      const quantity = input.quantity;
      if (Number(quantity) < 0) errors.quantity = ['Quantity must be greater than or equal to zero'];
      else if (part.trackable && !isInteger(quantity)) errors.quantity = ['Quantity must be integer'];
      const treeId = part.variantTreeIds[0] ?? part.id;
      let serials: string[] = [];
      if (input.serial_numbers?.trim()) {
        if (!isInteger(quantity) || Number(quantity) < 1)
          errors.quantity ??= ['Quantity must be a whole number'];
        else
          try {
            serials = parseSerials(input.serial_numbers, Number(quantity), await nextSerial(tx, treeId));
          } catch (e) {
            if (!(e instanceof SerialError)) throw e;
            errors.serial_numbers = [e.message];
          }
        if (serials.length) {
          const taken = await takenSerials(tx, treeId, serials);
          if (taken.length) errors.serial_numbers = [`Serial numbers already exist: ${taken.join(', ')}`];
        }
      }
      if (Object.keys(errors).length) throw validation(errors);
      let expiryDate = input.expiry_date ?? null;
      if (input.expiry_date === undefined && part.defaultExpiry > 0)
        expiryDate = new Date(Date.now() + part.defaultExpiry * 86_400_000).toISOString().slice(0, 10);
      const deleteOnDeplete =
        input.delete_on_deplete ?? Boolean(await getGlobalSetting('STOCK_DELETE_DEPLETED_DEFAULT'));
      const currency =
        input.purchase_price_currency ||
        (input.purchase_price ? String(await getGlobalSetting('INVENTREE_DEFAULT_CURRENCY')) : null);
      const base = {
        partId: part.id,
        partTreeId: treeId,
        locationId: input.location ?? null,
        batch: input.batch ?? null,
        packaging: input.packaging ?? null,
        status: input.status ?? 10,
        expiryDate,
        purchasePrice: input.purchase_price ?? null,
        purchasePriceCurrency: currency,
        notes: input.notes ?? null,
        link: input.link || null,
        deleteOnDeplete,
        ownerId: input.owner ?? null,
        isBuilding: input.is_building ?? false,
        tags: input.tags ?? [],
      };
      const values = serials.length
        ? serials.map((s) => ({ ...base, quantity: '1', serial: s, serialInt: serialToInt(s) }))
        : [{ ...base, quantity }];
      const created = await tx.db.insert(stockItems).values(values).returning();
      await track(
        tx,
        created.map((r) => ({
          itemId: r.id,
          partId: r.partId,
          code: 'CREATED' as const,
          deltas: {
            status: r.status,
            quantity: Number(r.quantity),
            ...(r.locationId ? { location: r.locationId } : {}),
          },
        })),
      );
      return stockItemsOut(tx, created, { part_detail: true });
    }),
  );
}

const EDIT_COLUMNS = {
  batch: 'batch',
  location: 'locationId',
  status: 'status',
  expiry_date: 'expiryDate',
  purchase_price: 'purchasePrice',
  purchase_price_currency: 'purchasePriceCurrency',
  packaging: 'packaging',
  notes: 'notes',
  link: 'link',
  delete_on_deplete: 'deleteOnDeplete',
  owner: 'ownerId',
  is_building: 'isBuilding',
  tags: 'tags',
  quantity: 'quantity',
  serial: 'serial',
} as const satisfies Record<string, keyof StockItemRow>;

/** Fields whose change is recorded in the EDITED entry's deltas (InvenTree's history keys). */
const TRACKED_DELTAS = ['status', 'quantity', 'location', 'batch', 'serial', 'expiry_date', 'packaging'];

/**
 * Edits a stock item (PUT/PATCH). A serialized item's quantity stays 1; a serial edit needs
 * STOCK_ALLOW_EDIT_SERIAL and stays unique in the variant tree (the database key too); the item
 * cannot move into a structural location. Any change writes one EDITED tracking row with the
 * changed fields' new values as deltas.
 */
export async function updateStockItem(ctx: Ctx, id: number, input: StockEditInput) {
  assertCan(ctx, 'stock', 'change');
  return serialGuard('serial', () =>
    withTransaction(ctx, async (tx) => {
      const item = await getStockItemRow(tx.db, id, { forUpdate: true });
      const errors: FieldErrors = {};
      if (input.location !== undefined && input.location !== item.locationId)
        await checkLocation(tx, input.location, errors);
      await assertOwner(tx, input.owner, errors);
      const serial = input.serial === undefined ? item.serial : input.serial || null;
      if (serial !== item.serial) {
        if (!(await getGlobalSetting('STOCK_ALLOW_EDIT_SERIAL')))
          errors.serial = ['Serial number editing is not allowed'];
        else if (serial && (await takenSerials(tx, item.partTreeId, [serial], id)).length)
          errors.serial = ['Serial number already exists'];
      }
      if (input.quantity !== undefined) {
        const part = await getPartRow(tx.db, item.partId);
        if (Number(input.quantity) < 0) errors.quantity = ['Quantity must be greater than or equal to zero'];
        else if (serial && Number(input.quantity) !== 1)
          errors.quantity = ['Quantity must be 1 for item with a serial number'];
        else if (part.trackable && !isInteger(input.quantity)) errors.quantity = ['Quantity must be integer'];
      }
      if (Object.keys(errors).length) throw validation(errors);
      const set: Partial<typeof stockItems.$inferInsert> = {};
      const deltas: Record<string, unknown> = {};
      for (const [field, col] of Object.entries(EDIT_COLUMNS)) {
        let v = (input as Record<string, unknown>)[field];
        if (v === undefined) continue;
        if (field === 'serial' || field === 'link') v = v || null;
        const before = item[col];
        const same =
          field === 'quantity' || field === 'purchase_price'
            ? before !== null && v !== null && Number(before) === Number(v)
            : JSON.stringify(before) === JSON.stringify(v);
        if (same) continue;
        (set as Record<string, unknown>)[col] = v;
        if (TRACKED_DELTAS.includes(field)) deltas[field] = field === 'quantity' ? Number(v) : v;
      }
      if (set.serial !== undefined) set.serialInt = serialToInt(set.serial);
      if (Object.keys(set).length) {
        await tx.db
          .update(stockItems)
          .set({ ...set, updated: new Date() })
          .where(eq(stockItems.id, id));
        await track(tx, [{ itemId: id, partId: item.partId, code: 'EDITED', deltas }]);
      }
      return (await stockItemsOut(tx, [await getStockItemRow(tx.db, id)], { part_detail: true }))[0]!;
    }),
  );
}

/** InvenTree's StockItem.can_delete, then the delete (tracking and test rows go with it). */
export async function deleteStockItem(ctx: Ctx, id: number) {
  assertCan(ctx, 'stock', 'delete');
  await withTransaction(ctx, async (tx) => {
    const item = await getStockItemRow(tx.db, id, { forUpdate: true });
    if (await tx.db.$count(stockItems, eq(stockItems.belongsToId, id)))
      throw nonFieldError('Stock item cannot be deleted as it has installed items');
    if (item.salesOrderId !== null)
      throw nonFieldError('Stock item cannot be deleted as it is assigned to a sales order');
    if (item.serial && !(await getGlobalSetting('STOCK_ALLOW_DELETE_SERIALIZED')))
      throw nonFieldError('Serialized stock items cannot be deleted');
    await tx.db.update(stockItems).set({ parentId: null }).where(eq(stockItems.parentId, id));
    await tx.db.delete(stockItems).where(eq(stockItems.id, id));
  });
}

const BULK_FILTERS: Record<string, BulkFilter> = {
  part: { column: stockItems.partId, kind: 'int' },
  location: { column: stockItems.locationId, kind: 'id' },
  status: { column: stockItems.status, kind: 'int' },
  customer: { column: stockItems.customerId, kind: 'id' },
  belongs_to: { column: stockItems.belongsToId, kind: 'id' },
  is_building: { column: stockItems.isBuilding, kind: 'bool' },
  in_stock: { column: stockItems.inStock, kind: 'bool' },
};

/** Bulk PUT/PATCH on `/api/stock/`: each item through `updateStockItem` (rules and ledger), one transaction. */
export async function bulkUpdateStockItems(ctx: Ctx, sel: BulkSelection, input: StockEditInput) {
  assertCan(ctx, 'stock', 'change');
  return withTransaction(ctx, async (tx) => {
    const ids = await bulkSelection(tx.db, stockItems, stockItems.id, BULK_FILTERS, sel);
    for (const id of ids) await updateStockItem(tx, id, input);
    return { success: `Updated ${ids.length} items` };
  });
}

/** Bulk DELETE on `/api/stock/`: each item through `deleteStockItem`, all or nothing. */
export async function bulkDeleteStockItems(ctx: Ctx, sel: BulkSelection) {
  assertCan(ctx, 'stock', 'delete');
  return withTransaction(ctx, async (tx) => {
    const ids = await bulkSelection(tx.db, stockItems, stockItems.id, BULK_FILTERS, sel);
    for (const id of ids) await deleteStockItem(tx, id);
    return { success: `Deleted ${ids.length} items` };
  });
}
