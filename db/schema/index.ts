export * from './common';
export * from './part';
export * from './users';
