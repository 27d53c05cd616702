/** Stock operations (InvenTree's stock adjustment actions): the module's public door. */
export { addStock } from './add';
export { type AssignInput, assignToCustomer } from './assign';
export { changeStockStatus } from './change-status';
export { convertStockItem } from './convert';
export { countStock } from './count';
export { installStockItem } from './install';
export { mergeStock } from './merge';
export { removeStock } from './remove';
export { returnStock } from './return';
export { serializeStockItem } from './serialize';
export { splitItem } from './split';
export { transferStock } from './transfer';
export { uninstallStockItem } from './uninstall';
