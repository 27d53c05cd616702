export * from './cleanup';
export * from './status';
export * from './tasks';
