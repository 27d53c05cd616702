/** The stock module's public door. */
export * from './history';
export * from './items';
export * from './locations';
export * from './lookup';
export * from './serialize';
export * from './test-results';
export * from './tracking';
