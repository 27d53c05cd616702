export * from './email';
export * from './notifications';
