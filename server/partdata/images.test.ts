import { describe, expect, it } from 'vitest';
import { renditionPath } from './images';

describe('part image paths', () => {
  it('names renditions as StdImage does', () => {
    expect(renditionPath('part_images/abc.png', 'thumbnail')).toBe('part_images/abc.thumbnail.png');
    expect(renditionPath('part_images/0402.jpg', 'preview')).toBe('part_images/0402.preview.jpg');
    expect(renditionPath('part_images/noext', 'thumbnail')).toBe('part_images/noext.thumbnail');
  });
});
