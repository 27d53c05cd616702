/** The parts module's public door. */
export * from './categories';
export * from './lookup';
export * from './parts';
export * from './serialize';
