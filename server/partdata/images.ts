import { randomBytes } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';
import sharp, { type FormatEnum, type Metadata } from 'sharp';
import { partCategories, parts } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { hasRole, type Permission } from '@/domain/roles';
import { fieldError, forbidden, unauthorized } from '@/lib/errors';
import { type ListQuery, paginate, searchCondition } from '@/lib/http/list';
import type { StagedFile } from '@/lib/http/upload';
import { type Ctx, withTransaction } from '../context';
import { mediaRoot, mediaUrl } from '../media/storage';
import { getPartRow } from '../parts/lookup';

/** InvenTree's `part_images/` directory (relative to MEDIA_ROOT) and its StdImage renditions. */
export const PART_IMAGE_DIR = 'part_images';
export const RENDITIONS = { thumbnail: 128, preview: 256 } as const;
export type Rendition = keyof typeof RENDITIONS;
/** The placeholder InvenTree answers as `thumbnail` for a part without an image (never null). */
export const BLANK_THUMBNAIL = '/static/img/blank_image.thumbnail.png';

export const INVALID_IMAGE =
  'Upload a valid image. The file you uploaded was either not an image or a corrupted image.';

/** `part_images/x.png` → `part_images/x.thumbnail.png` (StdImage's naming). */
export function renditionPath(relativePath: string, variant: Rendition): string {
  const ext = path.posix.extname(relativePath);
  return `${relativePath.slice(0, relativePath.length - ext.length)}.${variant}${ext}`;
}

/** The `image` and `thumbnail` URLs a part answers with, from its stored `image` path. */
export function imageUrls(imagePath: string | null): { image: string | null; thumbnail: string } {
  if (!imagePath) return { image: null, thumbnail: BLANK_THUMBNAIL };
  return { image: mediaUrl(imagePath), thumbnail: mediaUrl(renditionPath(imagePath, 'thumbnail')) };
}

const absolute = (relativePath: string) => path.join(mediaRoot(), ...relativePath.split('/'));

/** Raster formats accepted (by content, as libvips reads them) → the extension the file is stored with. */
type ImageKind = { ext: string; format: keyof FormatEnum | 'avif' };

/**
 * What the bytes at `file` really are (the client's name and content type are not trusted): a
 * raster image libvips decodes, else a 400 on `field`. SVG is refused: it can carry script.
 */
export async function sniffImage(file: string, field: string): Promise<ImageKind> {
  let meta: Metadata;
  try {
    meta = await sharp(file).metadata();
  } catch {
    throw fieldError(field, INVALID_IMAGE);
  }
  switch (meta.format) {
    case 'jpeg':
      return { ext: 'jpg', format: 'jpeg' };
    case 'png':
    case 'webp':
    case 'gif':
      return { ext: meta.format, format: meta.format };
    case 'tiff':
      return { ext: 'tif', format: 'tiff' };
    case 'heif':
      if (meta.compression === 'av1') return { ext: 'avif', format: 'avif' };
      break;
  }
  throw fieldError(field, INVALID_IMAGE);
}

/** A rendition no larger than `size`² (aspect kept, never enlarged, EXIF orientation applied). */
async function rendition(file: string, kind: ImageKind, size: number, field: string): Promise<Buffer> {
  try {
    return await sharp(file)
      .rotate()
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .toFormat(kind.format)
      .toBuffer();
  } catch {
    // Headers that parse but pixels that do not (a truncated or corrupted file).
    throw fieldError(field, INVALID_IMAGE);
  }
}

function assertMayWriteImage(ctx: Ctx): void {
  const who = ctx.actor;
  if (who.via === 'system' || who.isSuperuser) return;
  if (!who.userId) throw unauthorized();
  const perms: Permission[] = ['add', 'change'];
  if (!perms.some((p) => hasRole(who, 'part', p))) throw forbidden();
}

/**
 * Stores an uploaded part image the way InvenTree does: the content must decode as a raster image
 * (400 `{"image": [...]}` otherwise); the file goes to `part_images/<random>.<ext>` (extension from
 * the content) with `.thumbnail.<ext>` (128 px) and `.preview.<ext>` (256 px) beside it, and the
 * part's `image` is set to it, with the part row locked. Returns the media-relative path. Files are
 * never overwritten, and all three are removed again if the request fails (`StagedFile.adopt`).
 * The previous image stays on disk: images are shared between parts (InvenTree's `cleanup.ignore`).
 */
export async function storePartImage(ctx: Ctx, partId: number, file: StagedFile): Promise<string> {
  // Creating a part with an image needs part.add; replacing one needs part.change.
  assertMayWriteImage(ctx);
  return withTransaction(ctx, async (tx) => {
    await getPartRow(tx.db, partId, { forUpdate: true });
    const kind = await sniffImage(file.path, 'image');
    const rel = `${PART_IMAGE_DIR}/${randomBytes(12).toString('hex')}.${kind.ext}`;
    const renditions = await Promise.all(
      (Object.entries(RENDITIONS) as [Rendition, number][]).map(async ([variant, size]) => ({
        rel: renditionPath(rel, variant),
        data: await rendition(file.path, kind, size, 'image'),
      })),
    );
    await mkdir(absolute(PART_IMAGE_DIR), { recursive: true });
    for (const r of renditions) {
      await writeFile(absolute(r.rel), r.data, { flag: 'wx', mode: 0o640 });
      file.adopt(absolute(r.rel));
    }
    await file.moveTo(absolute(rel));
    await tx.db.update(parts).set({ image: rel }).where(eq(parts.id, partId));
    return rel;
  });
}

/**
 * Points a part at an image already stored in `part_images/` (InvenTree's `existing_image` and
 * `PATCH /api/part/thumbs/{id}/`): only the file name counts, it must be an existing original (not a
 * rendition) there, else 400 `{"<field>": ["Image file does not exist"]}`. Locks the part row.
 */
export async function assignExistingImage(
  ctx: Ctx,
  partId: number,
  filename: string,
  field = 'existing_image',
): Promise<string> {
  assertMayWriteImage(ctx);
  const missing = () => fieldError(field, 'Image file does not exist');
  // `/media/part_images/x.png`, `part_images/x.png` and `x.png` all name x.png.
  let name = filename.trim().split(/[\\/]/).pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    throw missing();
  }
  if (!name || name.startsWith('.') || /[\\/\0]/.test(name) || /\.(thumbnail|preview)\.[^.]+$/.test(name))
    throw missing();
  const rel = `${PART_IMAGE_DIR}/${name}`;
  const st = await stat(absolute(rel)).catch(() => null);
  if (!st?.isFile()) throw missing();
  return withTransaction(ctx, async (tx) => {
    await getPartRow(tx.db, partId, { forUpdate: true });
    await tx.db.update(parts).set({ image: rel }).where(eq(parts.id, partId));
    return rel;
  });
}

const hasImage = and(isNotNull(parts.image), ne(parts.image, ''));

function thumbsWhere(search: Pick<ListQuery, 'search' | 'search_regex' | 'search_whole'>) {
  return and(
    hasImage,
    searchCondition(search, [
      parts.name,
      parts.description,
      sql`coalesce(${parts.ipn}, '')`,
      sql`coalesce(${parts.revision}, '')`,
      sql`coalesce(${parts.keywords}, '')`,
      sql`coalesce(${partCategories.name}, '')`,
    ]),
  );
}

async function thumbRows(
  ctx: Ctx,
  q: Pick<ListQuery, 'search' | 'search_regex' | 'search_whole'>,
  limit: number | null,
  offset: number,
) {
  const count = sql<number>`count(*)::int`;
  const base = ctx.db
    .select({ image: parts.image, count })
    .from(parts)
    .leftJoin(partCategories, eq(partCategories.id, parts.categoryId))
    .where(thumbsWhere(q))
    .groupBy(parts.image)
    .orderBy(desc(count), parts.image);
  const rows = await (limit === null ? base : base.limit(limit).offset(offset));
  return rows.map((r) => ({ image: mediaUrl(r.image!), count: r.count }));
}

/**
 * `GET /api/part/thumbs/`: every stored part image with the number of parts using it, the most used
 * first (one grouped query), optionally narrowed by InvenTree's part search.
 */
export async function listPartThumbs(ctx: Ctx, search?: string): Promise<{ image: string; count: number }[]> {
  assertCanView(ctx);
  return thumbRows(ctx, { search }, null, 0);
}

/** The paginated form of `listPartThumbs` for the endpoint (`limit`/`offset`, search flags). */
export async function listPartThumbsPage(ctx: Ctx, q: ListQuery, url: URL) {
  assertCanView(ctx);
  return paginate(url, q, {
    count: async () => {
      const [row] = await ctx.db
        .select({ n: sql<number>`count(distinct ${parts.image})::int` })
        .from(parts)
        .leftJoin(partCategories, eq(partCategories.id, parts.categoryId))
        .where(thumbsWhere(q));
      return row?.n ?? 0;
    },
    rows: (limit, offset) => thumbRows(ctx, q, limit, offset),
  });
}

function assertCanView(ctx: Ctx): void {
  const who = ctx.actor;
  if (who.via === 'system' || who.isSuperuser) return;
  if (!who.userId) throw unauthorized();
  if (!hasRole(who, 'part', 'view')) throw forbidden();
}

/** `GET /api/part/thumbs/{id}/`: the part's image URL (or null). */
export async function getPartThumb(ctx: Ctx, partId: number): Promise<{ image: string | null }> {
  assertCanView(ctx);
  const part = await getPartRow(ctx.db, partId);
  return { image: imageUrls(part.image).image };
}

/**
 * `PATCH /api/part/thumbs/{id}/`: `image` names a stored image (assigned as is) or is an uploaded
 * file (stored with its renditions); answers the new image URL.
 */
export async function updatePartThumb(
  ctx: Ctx,
  partId: number,
  image: string | StagedFile | null | undefined,
): Promise<{ image: string }> {
  if (image === undefined) throw fieldError('image', 'This field is required.');
  if (image === null || image === '') throw fieldError('image', 'No file was submitted.');
  const rel =
    typeof image === 'string'
      ? await assignExistingImage(ctx, partId, image, 'image')
      : await storePartImage(ctx, partId, image);
  return { image: mediaUrl(rel) };
}

/**
 * For the media route: true when `relativePath` is a part image or one of its renditions that some
 * part uses (the file is then readable with `part.view`).
 */
export async function isUsedPartImage(ctx: Ctx, relativePath: string): Promise<boolean> {
  if (!relativePath.startsWith(`${PART_IMAGE_DIR}/`)) return false;
  const candidates = [relativePath];
  const m = /^(.*)\.(thumbnail|preview)(\.[^./]+)$/.exec(relativePath);
  if (m) candidates.push(`${m[1]}${m[3]}`);
  const [row] = await ctx.db
    .select({ id: parts.id })
    .from(parts)
    .where(anyOf(parts.image, candidates))
    .limit(1);
  return row !== undefined;
}
