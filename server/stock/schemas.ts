import { STOCK_STATUS_CODES } from '@/domain/stock';
import { listQuery } from '@/lib/http/list';
import { bool, decimalString, int, isoDate, queryFlag, relatedId, text, z } from '@/lib/zod';
import { nullableIdQuery } from '../parts/schemas';

export const idParams = z.object({ id: int() });

/** An optional integer query filter: digits, else 400 "Enter a number.". */
export const idQuery = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (/^-?\d+$/.test(v.trim())) return Number(v);
      ctx.addIssue({ code: 'custom', message: 'Enter a number.' });
      return z.NEVER;
    });
const numQuery = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (/^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
      ctx.addIssue({ code: 'custom', message: 'Enter a number.' });
      return z.NEVER;
    });
const dateQuery = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) return v.trim();
      ctx.addIssue({ code: 'custom', message: 'Enter a valid date.' });
      return z.NEVER;
    });
const nullableId = (meta: { model: string; api_url: string; title?: string; description?: string }) =>
  relatedId(meta).nullable().optional();
const status = () =>
  int()
    .refine((v) => (STOCK_STATUS_CODES as readonly number[]).includes(v), {
      message: 'Select a valid choice. That choice is not one of the available choices.',
    })
    .meta({ title: 'Status', description: 'Stock item status code' });

// ---------------------------------------------------------------- locations

export const LocationQuery = listQuery.extend({
  parent: nullableIdQuery(),
  cascade: queryFlag(),
  depth: idQuery(),
  top_level: queryFlag(),
  structural: queryFlag(),
  external: queryFlag(),
  starred: queryFlag(),
  location_type: idQuery(),
  has_location_type: queryFlag(),
  name: z.string().optional(),
  tag_name: z.string().optional(),
  exclude_tree: idQuery(),
  path_detail: queryFlag(),
});

export const LocationTreeQuery = listQuery.extend({
  parent: idQuery(),
  level: idQuery(),
  max_level: idQuery(),
  tree_id: idQuery(),
});

export const LocationBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Name' }),
  description: text(250).optional().meta({ title: 'Description', description: 'Description (optional)' }),
  parent: nullableId({
    model: 'stocklocation',
    api_url: '/api/stock/location/',
    title: 'Parent Location',
    description: 'Parent stock location',
  }),
  owner: nullableId({
    model: 'owner',
    api_url: '/api/user/owner/',
    title: 'Owner',
    description: 'Select Owner',
  }),
  structural: bool().optional().meta({
    title: 'Structural',
    description:
      'Stock items may not be directly located into a structural stock locations, but may be located to child locations.',
  }),
  external: bool().optional().meta({ title: 'External', description: 'This is an external stock location' }),
  location_type: nullableId({
    model: 'stocklocationtype',
    api_url: '/api/stock/location-type/',
    title: 'Location type',
    description: 'Stock location type of this location',
  }),
  custom_icon: text(100).nullable().optional().meta({ title: 'Icon', description: 'Icon (optional)' }),
  tags: z
    .array(text(100, { blank: false }))
    .optional()
    .meta({ title: 'Tags' }),
  starred: bool().optional().meta({ title: 'Starred', description: 'Subscribe to this location' }),
});

export const LocationBulkBody = LocationBody.omit({ name: true }).partial().extend({
  items: z.unknown().optional(),
  filters: z.unknown().optional(),
});

export const LocationDeleteQuery = z.object({
  delete_stock_items: queryFlag(),
  delete_sub_locations: queryFlag(),
});
export const LocationDeleteBody = z
  .object({ delete_stock_items: bool().optional(), delete_sub_locations: bool().optional() })
  .loose();

export const Location = z
  .object({
    pk: z.number().int().meta({ title: 'ID', readOnly: true }),
    name: z.string(),
    description: z.string(),
    parent: z.number().int().nullable(),
    pathstring: z.string().meta({ readOnly: true }),
    level: z.number().int().meta({ readOnly: true }),
    items: z.number().int().meta({ readOnly: true }),
    sublocations: z.number().int().meta({ readOnly: true }),
    icon: z.string().meta({ readOnly: true }),
    barcode_hash: z.string().meta({ readOnly: true }),
  })
  .loose();

export const LocationTypeQuery = listQuery;
export const LocationTypeBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Name' }),
  description: text(250).optional().meta({ title: 'Description', description: 'Description (optional)' }),
  icon: text(100)
    .optional()
    .meta({ title: 'Icon', description: 'Default icon for all locations that have no icon set (optional)' }),
});
export const LocationType = z
  .object({
    pk: z.number().int().meta({ readOnly: true }),
    name: z.string(),
    description: z.string(),
    icon: z.string(),
    location_count: z.number().int().meta({ readOnly: true }),
  })
  .loose();

// ---------------------------------------------------------------- stock items

const itemFlags = {
  part_detail: queryFlag(),
  location_detail: queryFlag(),
  path_detail: queryFlag(),
  supplier_part_detail: queryFlag(),
  tests: queryFlag(),
};
export const StockDetailQuery = z.object(itemFlags);

export const StockQuery = listQuery.extend({
  ...itemFlags,
  location: nullableIdQuery(),
  cascade: queryFlag(),
  part: idQuery(),
  include_variants: queryFlag(),
  part_tree: idQuery(),
  category: idQuery(),
  IPN: z.string().optional(),
  IPN_contains: z.string().optional(),
  IPN_regex: z.string().max(200).optional(),
  name: z.string().optional(),
  name_contains: z.string().optional(),
  name_regex: z.string().max(200).optional(),
  active: queryFlag(),
  assembly: queryFlag(),
  salable: queryFlag(),
  in_stock: queryFlag(),
  available: queryFlag(),
  allocated: queryFlag(),
  expired: queryFlag(),
  stale: queryFlag(),
  serialized: queryFlag(),
  serial: z.string().optional(),
  serial_gte: idQuery(),
  serial_lte: idQuery(),
  batch: z.string().optional(),
  batch_regex: z.string().max(200).optional(),
  has_batch: queryFlag(),
  status: idQuery(),
  customer: idQuery(),
  sent_to_customer: queryFlag(),
  belongs_to: idQuery(),
  installed: queryFlag(),
  has_installed_items: queryFlag(),
  has_child_items: queryFlag(),
  depleted: queryFlag(),
  external: queryFlag(),
  tracked: queryFlag(),
  is_building: queryFlag(),
  consumed: queryFlag(),
  consumed_by: idQuery(),
  build: idQuery(),
  sales_order: idQuery(),
  purchase_order: idQuery(),
  supplier_part: idQuery(),
  supplier: idQuery(),
  manufacturer: idQuery(),
  manufacturer_part: idQuery(),
  company: idQuery(),
  bom_item: idQuery(),
  parent: idQuery(),
  ancestor: idQuery(),
  has_purchase_price: queryFlag(),
  has_stocktake: queryFlag(),
  min_stock: numQuery(),
  max_stock: numQuery(),
  tag_name: z.string().optional(),
  tags__name: z.string().optional(),
  tags__slug: z.string().optional(),
  updated_after: dateQuery(),
  updated_before: dateQuery(),
  created_after: dateQuery(),
  created_before: dateQuery(),
  stocktake_after: dateQuery(),
  stocktake_before: dateQuery(),
  expiry_after: dateQuery(),
  expiry_before: dateQuery(),
  search_notes: queryFlag(),
});

const linkField = z
  .union([z.url().max(2000), z.literal('')])
  .nullable()
  .optional()
  .meta({ title: 'External Link', description: 'Link to external URL', type: 'url' });

/** Fields an edit (PATCH/PUT, bulk included) may set. */
export const StockEditBody = z.object({
  quantity: decimalString()
    .optional()
    .meta({ title: 'Quantity', description: 'Stock quantity', type: 'decimal' }),
  serial: text(100)
    .nullable()
    .optional()
    .meta({ title: 'Serial Number', description: 'Serial number for this item' }),
  batch: text(100)
    .nullable()
    .optional()
    .meta({ title: 'Batch Code', description: 'Batch code for this stock item' }),
  location: nullableId({
    model: 'stocklocation',
    api_url: '/api/stock/location/',
    title: 'Stock Location',
    description: 'Where is this stock item located?',
  }),
  status: status().optional(),
  expiry_date: isoDate().nullable().optional().meta({ title: 'Expiry Date', type: 'date' }),
  purchase_price: decimalString().nullable().optional().meta({ title: 'Purchase Price', type: 'decimal' }),
  purchase_price_currency: text(3).optional().meta({ title: 'Currency' }),
  packaging: text(50)
    .nullable()
    .optional()
    .meta({ title: 'Packaging', description: 'Packaging this stock item is stored in' }),
  notes: text(50000, { multiline: true }).nullable().optional().meta({ title: 'Notes' }),
  link: linkField,
  delete_on_deplete: bool()
    .optional()
    .meta({ title: 'Delete on deplete', description: 'Delete this Stock Item when stock is depleted' }),
  owner: nullableId({
    model: 'owner',
    api_url: '/api/user/owner/',
    title: 'Owner',
    description: 'Select Owner',
  }),
  is_building: bool().optional(),
  tags: z
    .array(text(100, { blank: false }))
    .optional()
    .meta({ title: 'Tags' }),
});

export const StockCreateBody = StockEditBody.omit({ serial: true }).extend({
  part: relatedId({ model: 'part', api_url: '/api/part/', title: 'Part', description: 'Base Part' }),
  quantity: decimalString().meta({ title: 'Quantity', description: 'Stock quantity', type: 'decimal' }),
  serial_numbers: text(1000)
    .nullable()
    .optional()
    .meta({ title: 'Serial Numbers', description: 'Enter serial numbers for new items' }),
  use_pack_size: bool().nullable().optional(),
  supplier_part: nullableId({ model: 'supplierpart', api_url: '/api/company/part/', title: 'Supplier Part' }),
});

export const StockBulkBody = StockEditBody.partial().extend({
  items: z.unknown().optional(),
  filters: z.unknown().optional(),
});
export const StockBulkDeleteBody = z.object({
  items: z.unknown().optional(),
  filters: z.unknown().optional(),
});

export const StockItem = z
  .object({
    pk: z.number().int().meta({ readOnly: true }),
    part: z.number().int(),
    quantity: z.number(),
    in_stock: z.boolean().meta({ readOnly: true }),
    barcode_hash: z.string().meta({ readOnly: true }),
    status_text: z.string().nullable().meta({ readOnly: true }),
    allocated: z.number().meta({ readOnly: true }),
    tracking_items: z.number().int().meta({ readOnly: true }),
  })
  .loose();

// ---------------------------------------------------------------- ledger and tests

export const TrackingQuery = listQuery.extend({
  item: idQuery(),
  part: idQuery(),
  include_variants: queryFlag(),
  user: idQuery(),
  min_date: dateQuery(),
  max_date: dateQuery(),
  item_detail: queryFlag(),
  user_detail: queryFlag(),
  part_detail: queryFlag(),
});
export const TrackingDetailQuery = TrackingQuery.pick({
  item_detail: true,
  user_detail: true,
  part_detail: true,
});
export const TrackingEntry = z
  .object({
    pk: z.number().int().meta({ readOnly: true }),
    item: z.number().int().nullable(),
    date: z.string().meta({ readOnly: true }),
    deltas: z.unknown().meta({ readOnly: true }),
    label: z.string().meta({ readOnly: true }),
    tracking_type: z.number().int().meta({ readOnly: true }),
  })
  .loose();

export const TestResultQuery = listQuery.extend({
  stock_item: idQuery(),
  template: idQuery(),
  result: queryFlag(),
  user: idQuery(),
  part: idQuery(),
  test: z.string().optional(),
  value: z.string().optional(),
  enabled: queryFlag(),
  required: queryFlag(),
  build: idQuery(),
  include_installed: queryFlag(),
  user_detail: queryFlag(),
  template_detail: queryFlag(),
});
export const TestResultDetailQuery = TestResultQuery.pick({ user_detail: true, template_detail: true });

const datetime = () =>
  z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'Datetime has wrong format.')
    .nullable()
    .optional();

export const TestResultBody = z.object({
  stock_item: relatedId({ model: 'stockitem', api_url: '/api/stock/', title: 'Stock Item' }),
  template: relatedId({
    model: 'parttesttemplate',
    api_url: '/api/part/test-template/',
    title: 'Test template',
  }),
  result: bool().optional().meta({ title: 'Result', description: 'Test result' }),
  value: text(500).optional().meta({ title: 'Value', description: 'Test output value' }),
  notes: text(500).optional().meta({ title: 'Notes', description: 'Test notes' }),
  test_station: text(500).optional().meta({ title: 'Test station' }),
  started_datetime: datetime().meta({ title: 'Started' }),
  finished_datetime: datetime().meta({ title: 'Finished' }),
});
export const TestResultCreateBody = z.union([TestResultBody, z.array(z.unknown())]);
export const TestResult = z
  .object({
    pk: z.number().int().meta({ readOnly: true }),
    stock_item: z.number().int(),
    date: z.string().meta({ readOnly: true }),
  })
  .loose();

export type StockQueryInput = z.infer<typeof StockQuery>;
export type StockCreateInput = z.infer<typeof StockCreateBody>;
export type StockEditInput = z.infer<typeof StockEditBody>;
export type LocationInput = z.infer<typeof LocationBody>;
