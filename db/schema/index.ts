export * from './common';
export * from './part';
export * from './stock';
export * from './users';
