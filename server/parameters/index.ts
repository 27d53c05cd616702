/**
 * The parameters module's public door: InvenTree's generic parameters (templates and values on any
 * model), category parameter templates, custom units and selection lists, and the verbs other
 * modules call (category templates on new parts, copying on duplicate, the part list's
 * `parameters` flag and parametric filtering/sorting).
 */
export * from './category-templates';
export { numericValue, type TemplateRow } from './data';
export * from './filter';
export {
  canOnParameters,
  modelTypeLabel,
  normaliseModelType,
  PARAMETER_MODEL_LABELS,
  PARAMETER_OWNERS,
  type ParameterModel,
  type ParameterOwner,
  parameterOwner,
} from './owners';
export * from './parameters';
export * from './selection';
export * from './templates';
export * from './units';
