/** The part data module's public door: test templates, related parts, price breaks, images, notes. */
export * from './images';
export { renderMarkdownSafe } from './markdown';
export * from './notes-images';
export * from './price-breaks';
export * from './related';
export { generateTestKey } from './test-key';
export * from './test-templates';
