/** The users module's public door. */
export * from './groups';
export * from './me';
export * from './owners';
export * from './tokens';
export * from './users';
