import { listQuery } from '@/lib/http/list';
import { stagedFile } from '@/lib/http/upload';
import { bool, int, queryFlag, relatedId, text, z } from '@/lib/zod';
import { decimalField } from './decimal';

/**
 * Zod schemas of the part data API: test templates, related parts, price breaks, part images
 * (thumbs) and notes images — InvenTree's serializers, their filters and answers.
 */
export const idParams = z.object({ id: int() });

const partRef = (title = 'Part', description?: string) =>
  relatedId({ model: 'part', api_url: '/api/part/', title, ...(description ? { description } : {}) });

/** A model-choice query filter: read by hand in the verb (400 for an unknown object). */
const choiceFilter = () => z.string().optional();

// --- Test templates ---------------------------------------------------------------------------

const flag = (title: string, description: string, dflt: boolean, partial: boolean) =>
  (partial ? bool().optional() : bool().default(dflt)).meta({ title, description });

function testTemplateFields(partial: boolean) {
  return {
    part: partRef(),
    test_name: text(100, { blank: false }).meta({
      title: 'Test Name',
      description: 'Enter a name for the test',
    }),
    description: text(100)
      .nullable()
      .optional()
      .meta({ title: 'Test Description', description: 'Enter description for this test' }),
    enabled: flag('Enabled', 'Is this test enabled?', true, partial),
    required: flag('Required', 'Is this test required to pass?', true, partial),
    requires_value: flag(
      'Requires Value',
      'Does this test require a value when adding a test result?',
      false,
      partial,
    ),
    requires_attachment: flag(
      'Requires Attachment',
      'Does this test require a file attachment when adding a test result?',
      false,
      partial,
    ),
    choices: (partial ? text(5000).optional() : text(5000).default('')).meta({
      title: 'Choices',
      description: 'Valid choices for this test (comma-separated)',
    }),
  };
}
/** POST and PUT: `part` and `test_name` required; PATCH: everything optional. */
export const TestTemplateBody = z.object(testTemplateFields(false));
export const TestTemplatePatchBody = z.object(testTemplateFields(true)).partial();
export type TestTemplatePatchBody = z.infer<typeof TestTemplatePatchBody>;

export const TestTemplate = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  key: z.string().meta({ title: 'Test Key', readOnly: true }),
  part: z.number().int(),
  test_name: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  required: z.boolean(),
  requires_value: z.boolean(),
  requires_attachment: z.boolean(),
  results: z.number().int().meta({
    title: 'Results',
    description: 'Number of results recorded against this template',
    readOnly: true,
  }),
  choices: z.string(),
});

export const TestTemplateQuery = listQuery.extend({
  part: choiceFilter(),
  include_inherited: queryFlag(),
  key: z.string().optional(),
  enabled: queryFlag(),
  required: queryFlag(),
  requires_value: queryFlag(),
  requires_attachment: queryFlag(),
  has_results: queryFlag(),
});
export type TestTemplateQuery = z.infer<typeof TestTemplateQuery>;

// --- Related parts ----------------------------------------------------------------------------

const relatedFields = {
  part_1: partRef('Part 1'),
  part_2: partRef('Part 2', 'Select Related Part'),
  note: text(500).optional().meta({ title: 'Note', description: 'Note for this relationship' }),
};
export const RelatedBody = z.object(relatedFields);
export const RelatedPatchBody = RelatedBody.partial();
export type RelatedPatchBody = z.infer<typeof RelatedPatchBody>;

/** InvenTree's brief part (`part_1_detail`, `part_2_detail`), for the docs. */
const PartBrief = z.object({
  pk: z.number().int(),
  IPN: z.string().nullable(),
  name: z.string(),
  full_name: z.string(),
  description: z.string(),
  image: z.string().nullable(),
  thumbnail: z.string(),
  active: z.boolean(),
});

export const Related = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  part_1: z.number().int(),
  part_1_detail: PartBrief.meta({ readOnly: true }),
  part_2: z.number().int(),
  part_2_detail: PartBrief.meta({ readOnly: true }),
  note: z.string(),
});

export const RelatedQuery = listQuery.extend({
  part: choiceFilter(),
  part_1: choiceFilter(),
  part_2: choiceFilter(),
});
export type RelatedQuery = z.infer<typeof RelatedQuery>;

// --- Price breaks -----------------------------------------------------------------------------

/** Quantity: InvenTreeDecimalField into a numeric(15,5) with MinValueValidator(1). */
const quantity = decimalField({ maxDigits: 15, places: 5, min: '1', invalid: 'Invalid value' }).meta({
  title: 'Quantity',
  description: 'Price break quantity',
  type: 'float',
});
/** Price: InvenTreeMoneySerializer into a numeric(19,6) money column (≥ 0; `""` is null). */
const price = decimalField({
  maxDigits: 19,
  places: 6,
  min: '0',
  invalid: 'Must be a valid number',
  blankIsNull: true,
})
  .nullable()
  .meta({ title: 'Price', description: 'Unit price at specified quantity', type: 'decimal' });
const currency = z
  .string()
  .trim()
  .meta({ title: 'Currency', description: 'Purchase currency of this stock item', type: 'choice' });

export const PriceBreakBody = z.object({
  part: partRef(),
  quantity,
  price: price.optional(),
  price_currency: currency.optional(),
});
export const PriceBreakPatchBody = PriceBreakBody.partial();
export type PriceBreakPatchBody = z.infer<typeof PriceBreakPatchBody>;

export const PriceBreak = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  part: z.number().int(),
  quantity: z.number(),
  price: z.number().nullable(),
  price_currency: z.string(),
});

export const PriceBreakQuery = listQuery.extend({ part: choiceFilter() });
export type PriceBreakQuery = z.infer<typeof PriceBreakQuery>;

// --- Part images (thumbs) ---------------------------------------------------------------------

export const PartThumbQuery = listQuery;

export const PartThumb = z.object({
  image: z.string().nullable().meta({ readOnly: true }),
  count: z.number().int().meta({ readOnly: true }),
});

/** `image`: the file name of a stored image to reuse, or (multipart) a new image file. */
export const PartThumbBody = z.object({
  image: z
    .union([z.string().trim().max(255), stagedFile()])
    .optional()
    .meta({ title: 'Image', type: 'image upload' }),
});
export const PartThumbDetail = z.object({ image: z.string().nullable() });

// --- Notes images -----------------------------------------------------------------------------

export const NotesImageBody = z.object({
  image: stagedFile().optional().meta({ title: 'Image', type: 'image upload' }),
  model_type: text(100)
    .nullable()
    .optional()
    .transform((v) => (v ? v.toLowerCase() : v))
    .meta({ title: 'Model Type', description: 'Target model type for this image' }),
  model_id: int()
    .nullable()
    .optional()
    .meta({ title: 'Model ID', description: 'Target model ID for this image' }),
});

export const NotesImage = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  image: z.string(),
  user: z.number().int().nullable().meta({ readOnly: true }),
  date: z.string().meta({ readOnly: true }),
  model_type: z.string().nullable(),
  model_id: z.number().int().nullable(),
});

export const NotesImageQuery = listQuery;
