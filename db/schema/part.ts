import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
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
import { owners, users } from './users';

/** Quantities are InvenTree's decimal(15,5); money decimal(19,6): strings in TypeScript, never floats. */
const quantity = () => numeric({ precision: 15, scale: 5 });
const money = () => numeric({ precision: 19, scale: 6 });

/**
 * PartCategory: a tree by `parent_id`, with the stored `pathstring` and `tree_ids` (ids from the
 * root down to this node) so subtree filters (`cascade`) are one indexed `@>` instead of recursion.
 */
export const partCategories = pgTable(
  'part_categories',
  {
    id: serial().primaryKey(),
    name: varchar({ length: 100 }).notNull(),
    description: varchar({ length: 250 }).notNull().default(''),
    parentId: integer().references((): never => partCategories.id as never, { onDelete: 'restrict' }),
    /** Stock location id (the stock module adds the foreign key). */
    defaultLocationId: integer(),
    defaultKeywords: varchar({ length: 250 }),
    structural: boolean().notNull().default(false),
    icon: varchar({ length: 100 }).notNull().default(''),
    ...treeColumns(),
    metadata: metadata(),
  },
  (t) => [
    index('part_categories_parent_idx').on(t.parentId),
    index('part_categories_tree_idx').using('gin', t.treeIds),
    uniqueIndex('part_categories_parent_name_key').on(sql`coalesce(${t.parentId}, 0)`, sql`lower(${t.name})`),
  ],
);

/**
 * The text InvenTree's part search looks in (name, IPN, description, keywords, revision, tags),
 * lower-cased: the trigram index is on exactly this expression, so `like '%term%'` on it is indexed.
 */
export function partSearchText(t: {
  name: unknown;
  ipn: unknown;
  description: unknown;
  keywords: unknown;
  revision: unknown;
  tags: unknown;
}) {
  return sql`(lower(${t.name} || ' ' || coalesce(${t.ipn}, '') || ' ' || ${t.description} || ' ' || coalesce(${t.keywords}, '') || ' ' || coalesce(${t.revision}, '') || ' ' || ${t.tags}::text))`;
}

export const parts = pgTable(
  'parts',
  {
    id: serial().primaryKey(),
    name: varchar({ length: 100 }).notNull(),
    description: varchar({ length: 250 }).notNull().default(''),
    keywords: varchar({ length: 250 }),
    ipn: varchar('ipn', { length: 100 }),
    revision: varchar({ length: 100 }),
    revisionOfId: integer().references((): never => parts.id as never, { onDelete: 'set null' }),
    variantOfId: integer().references((): never => parts.id as never, { onDelete: 'set null' }),
    /** Ids from the root template down to this part (variant tree), for `ancestor`/`include_variants`. */
    variantTreeIds: integer().array().notNull().default(sql`'{}'::integer[]`),
    isTemplate: boolean().notNull().default(false),
    categoryId: integer().references(() => partCategories.id, { onDelete: 'set null' }),
    link: varchar({ length: 2000 }),
    /** Image path relative to MEDIA_ROOT (`part_images/x.png`); renditions sit beside it. */
    image: varchar({ length: 255 }),
    defaultLocationId: integer(),
    defaultSupplierId: integer(),
    defaultExpiry: integer().notNull().default(0),
    minimumStock: money().notNull().default('0'),
    maximumStock: money(),
    units: varchar({ length: 20 }),
    assembly: boolean().notNull().default(false),
    component: boolean().notNull().default(true),
    trackable: boolean().notNull().default(false),
    testable: boolean().notNull().default(false),
    purchaseable: boolean().notNull().default(true),
    salable: boolean().notNull().default(false),
    virtual: boolean().notNull().default(false),
    consumable: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    locked: boolean().notNull().default(false),
    bomValidated: boolean().notNull().default(false),
    bomChecksum: varchar({ length: 128 }).notNull().default(''),
    bomCheckedById: integer().references(() => users.id, { onDelete: 'set null' }),
    bomCheckedDate: date({ mode: 'string' }),
    creationDate: date({ mode: 'string' }).default(sql`current_date`),
    creationUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    responsibleId: integer().references(() => owners.id, { onDelete: 'set null' }),
    notes: text(),
    metadata: metadata(),
    tags: jsonb().$type<string[]>().notNull().default([]),
    barcodeData: varchar({ length: 500 }).notNull().default(''),
    barcodeHash: varchar({ length: 128 }).notNull().default(''),
  },
  (t) => [
    index('parts_category_idx').on(t.categoryId, t.id),
    index('parts_variant_of_idx').on(t.variantOfId),
    index('parts_revision_of_idx').on(t.revisionOfId),
    index('parts_variant_tree_idx').using('gin', t.variantTreeIds),
    index('parts_active_idx').on(t.active, t.id),
    index('parts_ipn_lower_idx').on(sql`lower(${t.ipn})`),
    index('parts_name_lower_idx').on(sql`lower(${t.name})`, t.id),
    // Trigram index for InvenTree's case-insensitive "contains" search over the searched fields.
    index('parts_search_trgm_idx').using('gin', sql`${partSearchText(t)} gin_trgm_ops`),
    uniqueIndex('parts_name_ipn_revision_key').on(
      t.name,
      sql`coalesce(${t.ipn}, '')`,
      sql`coalesce(${t.revision}, '')`,
    ),
  ],
);

export const partStars = pgTable(
  'part_stars',
  {
    id: serial().primaryKey(),
    partId: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('part_stars_key').on(t.userId, t.partId), index('part_stars_part_idx').on(t.partId)],
);

export const categoryStars = pgTable(
  'part_category_stars',
  {
    id: serial().primaryKey(),
    categoryId: integer()
      .notNull()
      .references(() => partCategories.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('part_category_stars_key').on(t.userId, t.categoryId)],
);

export const partRelated = pgTable(
  'part_related',
  {
    id: serial().primaryKey(),
    part1Id: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'cascade' }),
    part2Id: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'cascade' }),
    note: varchar({ length: 500 }).notNull().default(''),
  },
  (t) => [
    uniqueIndex('part_related_pair_key').on(
      sql`least(${t.part1Id}, ${t.part2Id})`,
      sql`greatest(${t.part1Id}, ${t.part2Id})`,
    ),
    index('part_related_part2_idx').on(t.part2Id),
  ],
);

export const partTestTemplates = pgTable(
  'part_test_templates',
  {
    id: serial().primaryKey(),
    partId: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'cascade' }),
    testName: varchar({ length: 100 }).notNull(),
    key: varchar({ length: 100 }).notNull(),
    description: varchar({ length: 100 }).notNull().default(''),
    enabled: boolean().notNull().default(true),
    required: boolean().notNull().default(true),
    requiresValue: boolean().notNull().default(false),
    requiresAttachment: boolean().notNull().default(false),
    choices: varchar({ length: 5000 }).notNull().default(''),
    metadata: metadata(),
  },
  (t) => [
    index('part_test_templates_part_idx').on(t.partId),
    uniqueIndex('part_test_templates_part_key').on(t.partId, t.key),
  ],
);

/** Price breaks: internal (PartInternalPriceBreak) and sale (PartSellPriceBreak) in one table by `kind`. */
export const partPriceBreaks = pgTable(
  'part_price_breaks',
  {
    id: serial().primaryKey(),
    kind: varchar({ length: 8 }).$type<'internal' | 'sale'>().notNull(),
    partId: integer()
      .notNull()
      .references(() => parts.id, { onDelete: 'cascade' }),
    quantity: quantity().notNull().default('1'),
    price: money(),
    priceCurrency: varchar({ length: 3 }).notNull().default('USD'),
    updated: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('part_price_breaks_key').on(t.kind, t.partId, t.quantity)],
);

/** Custom physical units (InvenTree's CustomUnit), added to the unit registry. */
export const customUnits = pgTable('custom_units', {
  id: serial().primaryKey(),
  name: varchar({ length: 50 }).notNull().unique(),
  symbol: varchar({ length: 10 }).notNull().default(''),
  definition: varchar({ length: 50 }).notNull(),
});

export const selectionLists = pgTable('selection_lists', {
  id: serial().primaryKey(),
  name: varchar({ length: 100 }).notNull(),
  description: varchar({ length: 250 }).notNull().default(''),
  active: boolean().notNull().default(true),
  locked: boolean().notNull().default(false),
  sourcePlugin: varchar({ length: 100 }),
  sourceString: varchar({ length: 1000 }).notNull().default(''),
  defaultId: integer(),
  created: createdAt(),
  lastUpdated: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const selectionEntries = pgTable(
  'selection_entries',
  {
    id: serial().primaryKey(),
    listId: integer()
      .notNull()
      .references(() => selectionLists.id, { onDelete: 'cascade' }),
    value: varchar({ length: 255 }).notNull(),
    label: varchar({ length: 255 }).notNull(),
    description: varchar({ length: 250 }).notNull().default(''),
    active: boolean().notNull().default(true),
  },
  (t) => [uniqueIndex('selection_entries_list_value_key').on(t.listId, t.value)],
);

/** ParameterTemplate (generic, attachable to many model types). */
export const parameterTemplates = pgTable('parameter_templates', {
  id: serial().primaryKey(),
  name: varchar({ length: 100 }).notNull().unique(),
  units: varchar({ length: 25 }).notNull().default(''),
  description: varchar({ length: 250 }).notNull().default(''),
  /** Restricts the template to one model type (e.g. `part`), or null for any. */
  modelType: varchar({ length: 100 }),
  checkbox: boolean().notNull().default(false),
  choices: varchar({ length: 5000 }).notNull().default(''),
  selectionListId: integer().references(() => selectionLists.id, { onDelete: 'set null' }),
  enabled: boolean().notNull().default(true),
  /** 0 none, 1 unique per model type, 2 globally unique. */
  unique: integer().notNull().default(0),
  metadata: metadata(),
});

/** Parameter values on any model (`model_type` + `model_id`); `data_numeric` is in the template's units. */
export const parameters = pgTable(
  'parameters',
  {
    id: serial().primaryKey(),
    templateId: integer()
      .notNull()
      .references(() => parameterTemplates.id, { onDelete: 'cascade' }),
    modelType: varchar({ length: 100 }).notNull(),
    modelId: integer().notNull(),
    data: varchar({ length: 500 }).notNull(),
    dataNumeric: doublePrecision(),
    note: varchar({ length: 500 }).notNull().default(''),
    updated: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedById: integer().references(() => users.id, { onDelete: 'set null' }),
    metadata: metadata(),
  },
  (t) => [
    uniqueIndex('parameters_model_template_key').on(t.modelType, t.modelId, t.templateId),
    index('parameters_template_numeric_idx').on(t.templateId, t.dataNumeric),
    index('parameters_template_data_idx').on(t.templateId, t.data),
  ],
);

/** Category parameter templates: pre-fill parameters on new parts in the category (with a default value). */
export const categoryParameterTemplates = pgTable(
  'category_parameter_templates',
  {
    id: serial().primaryKey(),
    categoryId: integer()
      .notNull()
      .references(() => partCategories.id, { onDelete: 'cascade' }),
    templateId: integer()
      .notNull()
      .references(() => parameterTemplates.id, { onDelete: 'cascade' }),
    defaultValue: varchar({ length: 500 }).notNull().default(''),
  },
  (t) => [uniqueIndex('category_parameter_templates_key').on(t.categoryId, t.templateId)],
);

/** Images pasted into markdown notes (`/api/notes-image-upload/`). */
export const notesImages = pgTable('notes_images', {
  id: serial().primaryKey(),
  image: varchar({ length: 255 }).notNull(),
  userId: integer().references(() => users.id, { onDelete: 'set null' }),
  date: createdAt(),
  modelType: varchar({ length: 100 }),
  modelId: integer(),
});
