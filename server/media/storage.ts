import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/env';

/** Absolute MEDIA_ROOT: the setting, else `<DATA_DIR>/media` (relative paths from the working directory). */
export function mediaRoot(): string {
  return path.resolve(env.MEDIA_ROOT ?? path.join(env.DATA_DIR, 'media'));
}

/** Where streamed uploads wait (inside MEDIA_ROOT, so moving one into place is a hard link). */
export function stagingDir(): string {
  return path.join(mediaRoot(), '.uploads');
}

export function maxUploadBytes(): number {
  return Math.floor(env.MAX_UPLOAD_MB * 1024 * 1024);
}

/** `/media/<path>` with each segment percent-encoded, as Django's storage builds file URLs. */
export function mediaUrl(relativePath: string): string {
  return `/media/${relativePath
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    )
    .join('/')}`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Joins decoded path segments into a media-relative path, or null when any segment could leave the
 * directory it names: empty (`//`), `.`, `..`, a separator (`/`, `\`) or a control character (NUL).
 */
export function safeRelativePath(segments: readonly string[]): string | null {
  if (!segments.length) return null;
  for (const s of segments) {
    if (!s || s === '.' || s === '..' || s.includes('/') || s.includes('\\') || CONTROL.test(s)) return null;
  }
  return segments.join('/');
}

/**
 * The media-relative path of a raw URL path below `prefix` (`/media/`), or null when it is not
 * one: percent-encoded separators or NUL (`%2f`, `%5c`, `%00`), undecodable escapes, and anything
 * `safeRelativePath` refuses after decoding (so `%2e%2e` is `..` and refused).
 */
export function relativePathFromUrl(rawPath: string, prefix: string): string | null {
  const pathname = rawPath.split(/[?#]/, 1)[0]!;
  if (!pathname.startsWith(prefix)) return null;
  const rest = pathname.slice(prefix.length);
  if (/%(2f|5c|00)/i.test(rest)) return null;
  let segments: string[];
  try {
    segments = rest.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  return safeRelativePath(segments);
}

/**
 * The real path of a media-relative path, or null when it does not exist or resolves (through
 * `..` or a symbolic link anywhere on the way) outside the real MEDIA_ROOT.
 */
export async function resolveInsideMedia(relativePath: string): Promise<string | null> {
  const root = mediaRoot();
  const abs = path.resolve(root, relativePath);
  if (path.isAbsolute(relativePath) || !abs.startsWith(root + path.sep)) return null;
  try {
    const [real, realRoot] = await Promise.all([realpath(abs), realpath(root)]);
    return real.startsWith(realRoot + path.sep) ? real : null;
  } catch {
    return null;
  }
}
