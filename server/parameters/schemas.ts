import { listQuery } from '@/lib/http/list';
import { bool, int, queryFlag, relatedId, text, z } from '@/lib/zod';
import { UserBrief } from '../users/schemas';
import { PARAMETER_MODEL_CHOICE_LABELS, PARAMETER_MODEL_TYPES } from './owners';

/**
 * Zod schemas of the parameters API: InvenTree's ParameterTemplate, Parameter,
 * CategoryParameterTemplate, CustomUnit, SelectionList and SelectionEntry serializers (v534).
 */
export const idParams = z.object({ id: int() });
export const entryParams = z.object({ id: int(), entrypk: int() });

const pk = z.number().int().meta({ title: 'ID', readOnly: true });

/** A model type as the API writes it (`part.part`; the short `part` is accepted on input too). */
const modelTypeEnum = z.enum(PARAMETER_MODEL_TYPES).meta({ choiceLabels: PARAMETER_MODEL_CHOICE_LABELS });
const modelTypeInput = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  return PARAMETER_MODEL_TYPES.find((t) => t === s || t.endsWith(`.${s}`)) ?? v;
}, modelTypeEnum);

export const UNIQUE_LABELS = {
  '0': 'No uniqueness required',
  '1': 'Unique for model type',
  '2': 'Globally unique',
};
const uniqueEnum = z.enum({ none: 0, model_type: 1, global: 2 });

/* ---------- parameter templates ---------- */

export const ParameterTemplate = z.object({
  pk,
  name: z.string().meta({ title: 'Name', description: 'Parameter Name' }),
  units: z.string().meta({ title: 'Units', description: 'Physical units for this parameter' }),
  description: z.string().meta({ title: 'Description', description: 'Parameter description' }),
  model_type: z.string().nullable().meta({ title: 'Model type' }),
  checkbox: z.boolean().meta({ title: 'Checkbox', description: 'Is this parameter a checkbox?' }),
  choices: z
    .string()
    .meta({ title: 'Choices', description: 'Valid choices for this parameter (comma-separated)' }),
  selectionlist: z.number().int().nullable().meta({ title: 'Selection List' }),
  enabled: z.boolean().meta({ title: 'Enabled' }),
  unique: z.number().int().meta({ title: 'Uniqueness' }),
});
export type ParameterTemplate = z.infer<typeof ParameterTemplate>;

export const ParameterTemplateBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Parameter Name' }),
  units: text(25).optional().meta({ title: 'Units', description: 'Physical units for this parameter' }),
  description: text(250).optional().meta({ title: 'Description', description: 'Parameter description' }),
  model_type: z
    .preprocess((v) => (v === '' ? null : v), modelTypeInput.nullable())
    .optional()
    .meta({
      title: 'Model type',
      description: 'Target model type for this parameter template',
      choiceLabels: PARAMETER_MODEL_CHOICE_LABELS,
    }),
  checkbox: bool().optional().meta({ title: 'Checkbox', description: 'Is this parameter a checkbox?' }),
  choices: text(5000)
    .optional()
    .meta({ title: 'Choices', description: 'Valid choices for this parameter (comma-separated)' }),
  selectionlist: relatedId({
    model: 'selectionlist',
    api_url: '/api/selection/',
    title: 'Selection List',
    description: 'Selection list for this parameter',
  })
    .nullable()
    .optional(),
  enabled: bool().optional().meta({ title: 'Enabled', description: 'Is this parameter template enabled?' }),
  unique: z
    .preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), uniqueEnum)
    .optional()
    .meta({
      title: 'Uniqueness',
      description: 'Enforce uniqueness of linked parameter values against this template',
      type: 'choice',
      choiceLabels: UNIQUE_LABELS,
    }),
});
export type ParameterTemplateBody = z.infer<typeof ParameterTemplateBody>;
export const ParameterTemplatePatch = ParameterTemplateBody.partial();
export type ParameterTemplatePatch = z.infer<typeof ParameterTemplatePatch>;

export const ParameterTemplateQuery = listQuery.extend({
  checkbox: queryFlag(),
  enabled: queryFlag(),
  has_choices: queryFlag(),
  has_units: queryFlag(),
  model_type: z.string().optional(),
  for_model: z.string().optional(),
  exists_for_model: z.string().optional(),
  exists_for_model_id: z.string().optional(),
  exists_for_related_model: z.string().optional(),
  exists_for_related_model_id: z.string().optional(),
  name: z.string().optional(),
  units: z.string().optional(),
  unique: z.string().optional(),
});
export type ParameterTemplateQuery = Partial<z.infer<typeof ParameterTemplateQuery>>;

/* ---------- parameters ---------- */

export const Parameter = z.object({
  pk,
  template: z.number().int().meta({ title: 'Template', description: 'Parameter template' }),
  model_type: z.string(),
  model_id: z.number().int(),
  data: z.string(),
  data_numeric: z.number().nullable(),
  note: z.string(),
  updated: z.string().nullable().meta({ readOnly: true, description: 'Timestamp of last update' }),
  updated_by: z
    .number()
    .int()
    .nullable()
    .meta({ readOnly: true, title: 'Update By', description: 'User who last updated this object' }),
  template_detail: ParameterTemplate.meta({ readOnly: true }),
  updated_by_detail: UserBrief.nullable().meta({ readOnly: true }),
});
export type Parameter = z.infer<typeof Parameter>;

/** DRF's CharField takes numbers and booleans too (`true` → `"True"`, as Python's `str()`). */
const dataText = z.preprocess(
  (v) => {
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'number') return String(v);
    return v;
  },
  text(500, { blank: false }),
);

export const ParameterBody = z.object({
  template: relatedId({
    model: 'parametertemplate',
    api_url: '/api/parameter/template/',
    title: 'Template',
    description: 'Parameter template',
  }),
  model_type: modelTypeInput.meta({ title: 'Model type', choiceLabels: PARAMETER_MODEL_CHOICE_LABELS }),
  model_id: int()
    .pipe(z.number().min(0))
    .meta({ title: 'Model ID', description: 'ID of the target model for this parameter' }),
  data: dataText.meta({ title: 'Data', description: 'Parameter Value' }),
  data_numeric: z.number().nullable().optional().meta({ title: 'Data numeric' }),
  note: text(500).optional().meta({ title: 'Note', description: 'Optional note field' }),
});
export type ParameterBody = z.infer<typeof ParameterBody>;
export const ParameterPatch = ParameterBody.partial();
export type ParameterPatch = z.infer<typeof ParameterPatch>;

export const ParameterQuery = listQuery.extend({
  enabled: queryFlag(),
  model_id: int().optional(),
  model_type: z.string().optional(),
  template: int().optional(),
  updated_by: int().optional(),
});
export type ParameterQuery = Partial<z.infer<typeof ParameterQuery>>;

/** InvenTree's bulk selection; checked by hand in the verb to give its exact (string) errors. */
export const BulkSelection = z.object({ items: z.unknown().optional(), filters: z.unknown().optional() });
export const BulkDeleteQuery = z.object({ all: z.string().optional() });

/* ---------- category parameter templates ---------- */

export const CategoryBrief = z.object({
  pk: z.number().int(),
  name: z.string(),
  description: z.string(),
  default_location: z.number().int().nullable(),
  default_keywords: z.string().nullable(),
  level: z.number().int(),
  parent: z.number().int().nullable(),
  pathstring: z.string(),
  structural: z.boolean(),
  icon: z.string(),
});

export const CategoryParameterTemplate = z.object({
  pk,
  category: z.number().int().meta({ title: 'Category', description: 'Part Category' }),
  category_detail: CategoryBrief.nullable().optional().meta({ readOnly: true }),
  template: z.number().int().meta({ title: 'Template' }),
  template_detail: ParameterTemplate.meta({ readOnly: true }),
  default_value: z.string().meta({ title: 'Default Value', description: 'Default Parameter Value' }),
});
export type CategoryParameterTemplate = z.infer<typeof CategoryParameterTemplate>;

export const CategoryParameterBody = z.object({
  category: relatedId({
    model: 'partcategory',
    api_url: '/api/part/category/',
    title: 'Category',
    description: 'Part Category',
  }),
  template: relatedId({
    model: 'parametertemplate',
    api_url: '/api/parameter/template/',
    title: 'Template',
    description: 'Parameter Template',
  }),
  default_value: text(500)
    .optional()
    .meta({ title: 'Default Value', description: 'Default Parameter Value' }),
});
export type CategoryParameterBody = z.infer<typeof CategoryParameterBody>;
export const CategoryParameterPatch = CategoryParameterBody.partial();
export type CategoryParameterPatch = z.infer<typeof CategoryParameterPatch>;

export const CategoryParameterQuery = listQuery.extend({
  category: z.string().optional(),
  fetch_parent: queryFlag(),
  template: int().optional(),
  category_detail: queryFlag(),
});
export type CategoryParameterQuery = Partial<z.infer<typeof CategoryParameterQuery>>;

/* ---------- custom units ---------- */

export const CustomUnit = z.object({
  pk,
  name: z.string().meta({ title: 'Name', description: 'Unit name' }),
  symbol: z.string().meta({ title: 'Symbol', description: 'Optional unit symbol' }),
  definition: z.string().meta({ title: 'Definition', description: 'Unit definition' }),
});
export type CustomUnit = z.infer<typeof CustomUnit>;

export const CustomUnitBody = z.object({
  name: text(50, { blank: false }).meta({ title: 'Name', description: 'Unit name' }),
  symbol: text(10).optional().meta({ title: 'Symbol', description: 'Optional unit symbol' }),
  definition: text(50, { blank: false }).meta({ title: 'Definition', description: 'Unit definition' }),
});
export type CustomUnitBody = z.infer<typeof CustomUnitBody>;
export const CustomUnitPatch = CustomUnitBody.partial();
export type CustomUnitPatch = z.infer<typeof CustomUnitPatch>;

export const AllUnits = z.object({
  default_system: z.string(),
  available_systems: z.array(z.string()),
  available_units: z.record(
    z.string(),
    z.object({
      name: z.string(),
      is_alias: z.boolean(),
      compatible_units: z.array(z.string()),
      isdimensionless: z.boolean(),
    }),
  ),
});

/* ---------- selection lists ---------- */

export const SelectionEntry = z.object({
  id: z.number().int().meta({ readOnly: true }),
  value: z.string().meta({ title: 'Value', description: 'Value of the selection list entry' }),
  label: z.string().meta({ title: 'Label', description: 'Label for the selection list entry' }),
  description: z
    .string()
    .meta({ title: 'Description', description: 'Description of the selection list entry' }),
  active: z.boolean().meta({ title: 'Active', description: 'Is this selection list entry active?' }),
  list: z.number().int().nullable().meta({ title: 'Selection List' }),
});
export type SelectionEntry = z.infer<typeof SelectionEntry>;

export const SelectionEntryBody = z.object({
  value: text(255, { blank: false }).meta({
    title: 'Value',
    description: 'Value of the selection list entry',
  }),
  label: text(255, { blank: false }).meta({
    title: 'Label',
    description: 'Label for the selection list entry',
  }),
  description: text(250)
    .optional()
    .meta({ title: 'Description', description: 'Description of the selection list entry' }),
  active: bool().optional().meta({ title: 'Active', description: 'Is this selection list entry active?' }),
});
export type SelectionEntryBody = z.infer<typeof SelectionEntryBody>;
export const SelectionEntryPatch = SelectionEntryBody.partial();
export type SelectionEntryPatch = z.infer<typeof SelectionEntryPatch>;

export const SelectionEntryQuery = listQuery.extend({
  active: queryFlag(),
  value: z.string().optional(),
  list: int().optional(),
});
export type SelectionEntryQuery = Partial<z.infer<typeof SelectionEntryQuery>>;

export const SelectionList = z.object({
  pk,
  name: z.string().meta({ title: 'Name', description: 'Name of the selection list' }),
  description: z.string().meta({ title: 'Description', description: 'Description of the selection list' }),
  active: z.boolean().meta({ title: 'Active', description: 'Can this selection list be used?' }),
  locked: z.boolean().meta({ title: 'Locked', description: 'Is this selection list locked?' }),
  source_plugin: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Plugin which provides the selection list' }),
  source_string: z.string(),
  default: SelectionEntry.nullable().meta({ readOnly: true }),
  created: z.string().meta({ readOnly: true }),
  last_updated: z.string().meta({ readOnly: true }),
  entry_count: z.number().int().meta({ readOnly: true }),
  choices: z.array(SelectionEntry).meta({ readOnly: true }),
});
export type SelectionList = z.infer<typeof SelectionList>;

export const SelectionListBody = z.object({
  name: text(100, { blank: false }).meta({ title: 'Name', description: 'Name of the selection list' }),
  description: text(250)
    .optional()
    .meta({ title: 'Description', description: 'Description of the selection list' }),
  active: bool().optional().meta({ title: 'Active', description: 'Can this selection list be used?' }),
  locked: bool().optional().meta({ title: 'Locked', description: 'Is this selection list locked?' }),
  source_plugin: int()
    .nullable()
    .optional()
    .meta({ title: 'Source Plugin', description: 'Plugin which provides the selection list' }),
  source_string: text(1000).optional().meta({
    title: 'Source String',
    description: 'Optional string identifying the source used for this list',
  }),
});
export type SelectionListBody = z.infer<typeof SelectionListBody>;
export const SelectionListPatch = SelectionListBody.partial();
export type SelectionListPatch = z.infer<typeof SelectionListPatch>;

export const SelectionListQuery = listQuery;
export const CustomUnitQuery = listQuery;
