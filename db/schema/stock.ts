import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt, metadata, treeColumns } from './columns';
import { parts, partTestTemplates } from './part';
import { owners, users } from './users';

/** InvenTree's StockStatus values that count as available (StockStatusGroups.AVAILABLE_CODES). */
export const AVAILABLE_STATUS_SQL = sql.raw('(10, 50, 55, 85)');

export const stockLocationTypes = pgTable('stock_location_types', {
  id: serial().primaryKey(),
  name: varchar({ length: 100 }).notNull(),
  description: varchar({ length: 250 }).notNull().default(''),
  icon: varchar({ length: 100 }).notNull().default(''),
});

/** StockLocation: a tree like part categories (stored pathstring, level, ids root → node). */
export const stockLocations = pgTable(
  'stock_locations',
  {
    id: serial().primaryKey(),
    name: varchar({ length: 100 }).notNull(),
    description: varchar({ length: 250 }).notNull().default(''),
    parentId: integer().references((): never => stockLocations.id as never, { onDelete: 'restrict' }),
    ownerId: integer().references(() => owners.id, { onDelete: 'set null' }),
    structural: boolean().notNull().default(false),
    external: boolean().notNull().default(false),
    locationTypeId: integer().references(() => stockLocationTypes.id, { onDelete: 'set null' }),
    customIcon: varchar({ length: 100 }).notNull().default(''),
    ...treeColumns(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    barcodeData: varchar({ length: 500 }).notNull().default(''),
    barcodeHash: varchar({ length: 128 }).notNull().default(''),
    metadata: metadata(),
  },
  (t) => [
    index('stock_locations_parent_idx').on(t.parentId),
    index('stock_locations_tree_idx').using('gin', t.treeIds),
    // The few external locations, for the part list's "in stock, not external" figures.
    index('stock_locations_external_idx').on(t.id).where(sql`${t.external}`),
    uniqueIndex('stock_locations_parent_name_key').on(sql`coalesce(${t.parentId}, 0)`, sql`lower(${t.name})`),
  ],
);

export const locationStars = pgTable(
  'stock_location_stars',
  {
    id: serial().primaryKey(),
    locationId: integer()
      .notNull()
      .references(() => stockLocations.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('stock_location_stars_key').on(t.userId, t.locationId)],
);

/**
 * StockItem. Quantities are numeric(15,5). `in_stock` is InvenTree's IN_STOCK_FILTER as a stored
 * column, so list filters use indexes. `part_tree_id` (the root of the part's variant tree) carries
 * the serial-number uniqueness rule into the database, where concurrent writers cannot race it.
 */
export const stockItems = pgTable(
  'stock_items',
  {
    id: serial().primaryKey(),
    partId: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'restrict' }),
    partTreeId: integer().notNull(),
    /**
     * The part's name, kept by triggers (set on insert / part change, rewritten when a part is
     * renamed): InvenTree's default order is part name, quantity, location, and sorting a location
     * subtree by it must not join every matching row to `parts`.
     */
    partName: varchar({ length: 100 }).notNull().default(''),
    supplierPartId: integer(),
    locationId: integer().references(() => stockLocations.id, { onDelete: 'set null' }),
    quantity: numeric({ precision: 15, scale: 5 }).notNull().default('1'),
    serial: varchar({ length: 100 }),
    serialInt: integer().notNull().default(0),
    batch: varchar({ length: 100 }),
    packaging: varchar({ length: 50 }),
    status: integer().notNull().default(10),
    statusCustomKey: integer(),
    expiryDate: date({ mode: 'string' }),
    stocktakeDate: date({ mode: 'string' }),
    stocktakeUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    reviewNeeded: boolean().notNull().default(false),
    deleteOnDeplete: boolean().notNull().default(true),
    purchasePrice: numeric({ precision: 19, scale: 6 }),
    purchasePriceCurrency: varchar({ length: 3 }),
    purchaseOrderId: integer(),
    salesOrderId: integer(),
    customerId: integer(),
    belongsToId: integer().references((): never => stockItems.id as never, { onDelete: 'set null' }),
    buildId: integer(),
    consumedById: integer(),
    isBuilding: boolean().notNull().default(false),
    parentId: integer().references((): never => stockItems.id as never, { onDelete: 'set null' }),
    ownerId: integer().references(() => owners.id, { onDelete: 'set null' }),
    link: varchar({ length: 2000 }),
    notes: text(),
    metadata: metadata(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    barcodeData: varchar({ length: 500 }).notNull().default(''),
    barcodeHash: varchar({ length: 128 }).notNull().default(''),
    created: createdAt(),
    updated: timestamp({ withTimezone: true }).notNull().defaultNow(),
    inStock: boolean()
      .notNull()
      .generatedAlwaysAs(
        sql`quantity > 0 and sales_order_id is null and belongs_to_id is null and customer_id is null and consumed_by_id is null and not is_building and status in (10, 50, 55, 85)`,
      ),
  },
  (t) => [
    check('stock_items_quantity_nonnegative', sql`${t.quantity} >= 0`),
    // Migration 0007 makes this a covering index, INCLUDE (quantity, location_id), which Drizzle's
    // builder cannot say: a page of parts sums its stock by an index-only scan.
    index('stock_items_part_idx').on(t.partId, t.inStock),
    index('stock_items_location_idx').on(t.locationId, t.id),
    // Covers the default order within a location subtree (an index-only scan + top-N sort).
    index('stock_items_location_order_idx').on(t.locationId, t.partName, t.quantity, t.id),
    index('stock_items_tree_serial_int_idx').on(t.partTreeId, t.serialInt),
    uniqueIndex('stock_items_tree_serial_key')
      .on(t.partTreeId, t.serial)
      .where(sql`${t.serial} is not null and ${t.serial} <> ''`),
    index('stock_items_batch_idx').on(t.batch),
    index('stock_items_status_idx').on(t.status),
    index('stock_items_customer_idx').on(t.customerId).where(sql`${t.customerId} is not null`),
    index('stock_items_belongs_to_idx').on(t.belongsToId).where(sql`${t.belongsToId} is not null`),
    index('stock_items_parent_idx').on(t.parentId).where(sql`${t.parentId} is not null`),
    index('stock_items_expiry_idx').on(t.expiryDate).where(sql`${t.expiryDate} is not null`),
  ],
);

/** StockItemTracking: the ledger. One row per change, written in the change's transaction. */
export const stockTracking = pgTable(
  'stock_item_tracking',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    itemId: integer()
      .notNull()
      .references(() => stockItems.id, { onDelete: 'cascade' }),
    /** The part at the time (history stays findable by part after conversions). */
    partId: integer().references(() => parts.id, { onDelete: 'set null' }),
    date: timestamp({ withTimezone: true }).notNull().defaultNow(),
    trackingType: integer().notNull(),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    notes: varchar({ length: 512 }),
    deltas: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index('stock_item_tracking_item_idx').on(t.itemId, t.date),
    index('stock_item_tracking_part_idx').on(t.partId, t.date),
  ],
);

export const stockTestResults = pgTable(
  'stock_item_test_results',
  {
    id: serial().primaryKey(),
    stockItemId: integer()
      .notNull()
      .references(() => stockItems.id, { onDelete: 'cascade' }),
    templateId: integer()
      .notNull()
      .references(() => partTestTemplates.id, { onDelete: 'cascade' }),
    result: boolean().notNull().default(false),
    value: varchar({ length: 500 }).notNull().default(''),
    attachment: varchar({ length: 255 }),
    notes: varchar({ length: 500 }).notNull().default(''),
    testStation: varchar({ length: 500 }).notNull().default(''),
    startedDatetime: timestamp({ withTimezone: true }),
    finishedDatetime: timestamp({ withTimezone: true }),
    userId: integer().references(() => users.id, { onDelete: 'set null' }),
    date: createdAt(),
    metadata: metadata(),
  },
  (t) => [index('stock_item_test_results_item_idx').on(t.stockItemId, t.templateId, t.date)],
);
