export {
  formatReport,
  type ImportOptions,
  type ImportReport,
  importInventree,
  type ModelSummary,
} from './run';
export { ImportError } from './types';
