import { listQuery } from '@/lib/http/list';
import { stagedFile } from '@/lib/http/upload';
import { bool, decimalString, int, isoDate, queryFlag, relatedId, text, z } from '@/lib/zod';

export const idParams = z.object({ id: int() });

/** A nullable id query filter: `?category=null` (also none/top/empty/-1) matches NULL; digits an id; else 400. */
export function nullableIdQuery() {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      const s = v.trim().toLowerCase();
      if (['null', 'none', 'top', 'empty', '-1', ''].includes(s)) return null;
      if (/^\d+$/.test(s)) return Number(s);
      ctx.addIssue({ code: 'custom', message: 'Enter a number.' });
      return z.NEVER;
    });
}
const idQuery = () =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (/^\d+$/.test(v.trim())) return Number(v);
      ctx.addIssue({ code: 'custom', message: 'Enter a number.' });
      return z.NEVER;
    });

export const CategoryQuery = listQuery.extend({
  parent: nullableIdQuery(),
  cascade: queryFlag(),
  depth: idQuery(),
  top_level: queryFlag(),
  structural: queryFlag(),
  starred: queryFlag(),
  name: z.string().optional(),
  exclude_tree: idQuery(),
  path_detail: queryFlag(),
});

export const CategoryTreeQuery = listQuery.extend({
  parent: idQuery(),
  level: idQuery(),
  max_level: idQuery(),
});

const nullableId = (meta: { model: string; api_url: string; title?: string; description?: string }) =>
  relatedId(meta).nullable().optional();

export const CategoryBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Name' }),
  description: text(250).optional().meta({ title: 'Description', description: 'Description (optional)' }),
  parent: nullableId({
    model: 'partcategory',
    api_url: '/api/part/category/',
    title: 'Parent Category',
    description: 'Parent part category',
  }),
  default_location: nullableId({
    model: 'stocklocation',
    api_url: '/api/stock/location/',
    title: 'Default Location',
    description: 'Default location for parts in this category',
  }),
  default_keywords: text(250)
    .nullable()
    .optional()
    .meta({ title: 'Default keywords', description: 'Default keywords for parts in this category' }),
  structural: bool().optional().meta({
    title: 'Structural',
    description:
      'Parts may not be directly assigned to a structural category, but may be assigned to child categories.',
  }),
  icon: text(100).optional().meta({ title: 'Icon', description: 'Icon (optional)' }),
  starred: bool().optional().meta({ title: 'Starred', description: 'Subscribe to this category' }),
});

export const Category = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  name: z.string(),
  description: z.string(),
  default_location: z.number().int().nullable(),
  default_keywords: z.string().nullable(),
  level: z.number().int(),
  parent: z.number().int().nullable(),
  part_count: z.number().int(),
  subcategories: z.number().int(),
  pathstring: z.string(),
  starred: z.boolean(),
  structural: z.boolean(),
  icon: z.string(),
  parent_default_location: z.number().int().nullable(),
});

export const CategoryDeleteQuery = z.object({
  delete_parts: queryFlag(),
  delete_child_categories: queryFlag(),
});

const flags = {
  category_detail: queryFlag(),
  path_detail: queryFlag(),
  location_detail: queryFlag(),
  parameters: queryFlag(),
  price_breaks: queryFlag(),
  tags: queryFlag(),
};
export const PartDetailQuery = z.object(flags);

export const PartQuery = listQuery.extend({
  ...flags,
  category: nullableIdQuery(),
  cascade: queryFlag(),
  active: queryFlag(),
  assembly: queryFlag(),
  component: queryFlag(),
  consumable: queryFlag(),
  is_template: queryFlag(),
  purchaseable: queryFlag(),
  salable: queryFlag(),
  testable: queryFlag(),
  trackable: queryFlag(),
  virtual: queryFlag(),
  locked: queryFlag(),
  variant_of: idQuery(),
  ancestor: idQuery(),
  is_variant: queryFlag(),
  revision_of: idQuery(),
  is_revision: queryFlag(),
  has_revisions: queryFlag(),
  has_ipn: queryFlag(),
  has_units: queryFlag(),
  starred: queryFlag(),
  IPN: z.string().optional(),
  IPN_regex: z.string().max(200).optional(),
  name_regex: z.string().max(200).optional(),
  created_after: isoDate().optional(),
  created_before: isoDate().optional(),
  exclude_id: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').map(Number).filter(Number.isInteger) : undefined)),
  exclude_tree: idQuery(),
  related: idQuery(),
  exclude_related: idQuery(),
  tag_name: z.string().optional(),
  default_location: idQuery(),
  has_stock: queryFlag(),
  low_stock: queryFlag(),
  depleted_stock: queryFlag(),
});

const flag = (title: string, description: string) => bool().optional().meta({ title, description });

export const PartBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Part name' }),
  description: text(250)
    .optional()
    .meta({ title: 'Description', description: 'Part description (optional)' }),
  category: nullableId({
    model: 'partcategory',
    api_url: '/api/part/category/',
    title: 'Category',
    description: 'Part category',
  }),
  IPN: text(100).nullable().optional().meta({ title: 'IPN', description: 'Internal Part Number' }),
  revision: text(100)
    .nullable()
    .optional()
    .meta({ title: 'Revision', description: 'Part revision or version number' }),
  revision_of: nullableId({
    model: 'part',
    api_url: '/api/part/',
    title: 'Revision Of',
    description: 'Is this part a revision of another part?',
  }),
  variant_of: nullableId({
    model: 'part',
    api_url: '/api/part/',
    title: 'Variant Of',
    description: 'Is this part a variant of another part?',
  }),
  is_template: flag('Is Template', 'Is this part a template part?'),
  keywords: text(250)
    .nullable()
    .optional()
    .meta({ title: 'Keywords', description: 'Part keywords to improve visibility in search results' }),
  link: z
    .union([z.url().max(2000), z.literal('')])
    .nullable()
    .optional()
    .meta({ title: 'Link', description: 'Link to external URL', type: 'url' }),
  default_location: nullableId({
    model: 'stocklocation',
    api_url: '/api/stock/location/',
    title: 'Default Location',
    description: 'Where is this item normally stored?',
  }),
  default_expiry: int()
    .pipe(z.number().min(0))
    .optional()
    .meta({ title: 'Default Expiry', description: 'Expiry time (in days) for stock items of this part' }),
  minimum_stock: decimalString()
    .optional()
    .meta({ title: 'Minimum Stock', description: 'Minimum allowed stock level', type: 'decimal' }),
  maximum_stock: decimalString()
    .nullable()
    .optional()
    .meta({ title: 'Maximum Stock', description: 'Maximum allowed stock level', type: 'decimal' }),
  units: text(20)
    .nullable()
    .optional()
    .meta({ title: 'Units', description: 'Units of measure for this part' }),
  assembly: flag('Assembly', 'Can this part be built from other parts?'),
  component: flag('Component', 'Can this part be used to build other parts?'),
  trackable: flag('Trackable', 'Does this part have tracking for unique items?'),
  testable: flag('Testable', 'Can this part have test results recorded against it?'),
  purchaseable: flag('Purchaseable', 'Can this part be purchased from external suppliers?'),
  salable: flag('Salable', 'Can this part be sold to customers?'),
  virtual: flag('Virtual', 'Is this a virtual part, such as a software product or license?'),
  consumable: flag('Consumable', 'Is this part consumed when used in a build?'),
  active: flag('Active', 'Is this part active?'),
  locked: flag('Locked', 'Locked parts cannot be edited'),
  responsible: nullableId({
    model: 'owner',
    api_url: '/api/user/owner/',
    title: 'Responsible',
    description: 'Owner responsible for this part',
  }),
  notes: text(50000, { multiline: true })
    .nullable()
    .optional()
    .meta({ title: 'Notes', description: 'Markdown notes (optional)' }),
  tags: z
    .array(text(100, { blank: false }))
    .optional()
    .meta({ title: 'Tags' }),
  starred: flag('Starred', 'Subscribe to this part'),
  image: stagedFile().optional().meta({ title: 'Image', type: 'image upload' }),
  existing_image: text(255)
    .optional()
    .meta({ title: 'Existing Image', description: 'Filename of an existing part image' }),
  duplicate: z
    .object({
      part: int().meta({ title: 'Original Part', model: 'part', api_url: '/api/part/' }),
      copy_image: bool().optional(),
      copy_bom: bool().optional(),
      copy_notes: bool().optional(),
      copy_parameters: bool().optional(),
      copy_tests: bool().optional(),
    })
    .optional()
    .meta({ title: 'Duplicate Part', description: 'Copy initial data from another Part' }),
  copy_category_parameters: flag(
    'Copy Category Parameters',
    'Copy parameter templates from selected part category',
  ),
});

/** Bulk update on the list URL: InvenTree's selection plus the fields to set. */
export const PartBulkBody = PartBody.omit({ duplicate: true, image: true, name: true }).partial().extend({
  items: z.unknown().optional(),
  filters: z.unknown().optional(),
});

export const PartResponse = z
  .object({
    pk: z.number().int(),
    name: z.string(),
    full_name: z.string(),
    IPN: z.string(),
    category: z.number().int().nullable(),
    category_name: z.string(),
    thumbnail: z.string(),
    starred: z.boolean(),
    barcode_hash: z.string(),
    in_stock: z.number(),
    creation_date: z.string().nullable(),
  })
  .loose();
