import { describe, expect, it } from 'vitest';
import { mediaUrl, relativePathFromUrl, safeRelativePath } from './storage';

describe('media paths', () => {
  it('decodes ordinary paths below the prefix', () => {
    expect(relativePathFromUrl('/media/attachments/part/12/data%20sheet.pdf?x=1', '/media/')).toBe(
      'attachments/part/12/data sheet.pdf',
    );
    expect(relativePathFromUrl('/media-auth/a/b.txt', '/media-auth/')).toBe('a/b.txt');
  });

  it('refuses raw traversal in every spelling', () => {
    for (const raw of [
      '/media/../x',
      '/media/a/../../x',
      '/media/%2e%2e/x',
      '/media/%2E%2e/x',
      '/media/.%2E/x',
      '/media/./x',
      '/media/%2e/x',
      '/media/..%2fx',
      '/media/a%2F..%2F..%2Fx',
      '/media/..%5cx',
      '/media/..\\x',
      '/media/%00',
      '/media/a%00.png',
      '/media//etc/passwd',
      '/media/',
      '/media/%',
      '/media/%E0%A4%A',
      '/mediax/a',
      '/static/a',
    ]) {
      expect(relativePathFromUrl(raw, '/media/'), raw).toBeNull();
    }
  });

  it('refuses unsafe decoded segments', () => {
    expect(safeRelativePath([])).toBeNull();
    for (const seg of ['', '.', '..', 'a/b', 'a\\b', 'a\0b', 'a\nb', '/etc']) {
      expect(safeRelativePath(['attachments', seg]), JSON.stringify(seg)).toBeNull();
    }
    expect(safeRelativePath(['attachments', 'user', '1', '...txt'])).toBe('attachments/user/1/...txt');
  });

  it('builds Django-style encoded URLs', () => {
    expect(mediaUrl('attachments/user/1/a b(1).txt')).toBe('/media/attachments/user/1/a%20b%281%29.txt');
  });
});
