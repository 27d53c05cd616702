import { describe, expect, it } from 'vitest';
import { BLANK_THUMBNAIL, imageUrls, renditionPath } from './images';

describe('part image paths', () => {
  it('names renditions as StdImage does', () => {
    expect(renditionPath('part_images/abc.png', 'thumbnail')).toBe('part_images/abc.thumbnail.png');
    expect(renditionPath('part_images/0402.jpg', 'preview')).toBe('part_images/0402.preview.jpg');
    expect(renditionPath('part_images/noext', 'thumbnail')).toBe('part_images/noext.thumbnail');
  });

  it('answers InvenTree’s image and thumbnail URLs, the placeholder when there is no image', () => {
    expect(imageUrls('part_images/x.png')).toEqual({
      image: '/media/part_images/x.png',
      thumbnail: '/media/part_images/x.thumbnail.png',
    });
    expect(imageUrls('part_images/a b.webp')).toEqual({
      image: '/media/part_images/a%20b.webp',
      thumbnail: '/media/part_images/a%20b.thumbnail.webp',
    });
    expect(imageUrls(null)).toEqual({ image: null, thumbnail: '/static/img/blank_image.thumbnail.png' });
    expect(imageUrls('')).toEqual({ image: null, thumbnail: BLANK_THUMBNAIL });
  });
});
