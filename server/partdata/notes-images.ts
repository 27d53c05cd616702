import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { notesImages, users } from '@/db/schema';
import { fieldError } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import type { StagedFile } from '@/lib/http/upload';
import { sanitiseFilename } from '../attachments/files';
import { attachmentOwner, canOnOwner } from '../attachments/owners';
import { type Ctx, type Principal, withTransaction } from '../context';
import { mediaRoot, mediaUrl } from '../media/storage';
import { sniffImage } from './images';

/** InvenTree's `notes/` directory for images pasted into markdown notes. */
export const NOTES_IMAGE_DIR = 'notes';

export interface NotesImageInput {
  image?: StagedFile | null;
  model_type?: string | null;
  model_id?: number | null;
}

type Row = typeof notesImages.$inferSelect;

function notesImageOut(r: Row) {
  return {
    pk: r.id,
    image: mediaUrl(r.image),
    user: r.userId,
    date: formatDateTime(r.date),
    model_type: r.modelType,
    model_id: r.modelId,
  };
}

const absolute = (relativePath: string) => path.join(mediaRoot(), ...relativePath.split('/'));

/** Moves the upload to `notes/<sanitised name>.<ext>` (a random suffix when taken); never overwrites. */
async function placeNotesImage(ctx: Ctx, file: StagedFile, ext: string): Promise<string> {
  await mkdir(absolute(NOTES_IMAGE_DIR), { recursive: true });
  const clean = sanitiseFilename(file.filename);
  const stem = clean.slice(0, clean.length - path.extname(clean).length) || 'image';
  for (let attempt = 0; attempt < 20; attempt++) {
    const suffix = attempt === 0 ? '' : `_${randomBytes(5).toString('hex')}`;
    const rel = `${NOTES_IMAGE_DIR}/${stem}${suffix}.${ext}`;
    if ((await ctx.db.$count(notesImages, eq(notesImages.image, rel))) > 0) continue;
    try {
      await file.moveTo(absolute(rel));
      return rel;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`no free file name for ${file.filename} in ${NOTES_IMAGE_DIR}`);
}

/**
 * `POST /api/notes-image-upload/`: stores an image pasted into markdown notes (any signed-in user,
 * as InvenTree). The content must decode as a raster image, else 400 `{"image": [...]}`; the file is
 * removed again if the insert or the commit fails. Answers the URL to embed in the markdown.
 */
export async function uploadNotesImage(ctx: Ctx, input: NotesImageInput) {
  const file = input.image;
  if (!file) throw fieldError('image', 'No file was submitted.');
  const kind = await sniffImage(file.path, 'image');
  return withTransaction(ctx, async (tx) => {
    const rel = await placeNotesImage(tx, file, kind.ext);
    const [row] = await tx.db
      .insert(notesImages)
      .values({
        image: rel,
        userId: tx.actor.userId || null,
        modelType: input.model_type || null,
        modelId: input.model_id ?? null,
      })
      .returning();
    return notesImageOut(row!);
  });
}

/** `GET /api/notes-image-upload/`: the uploaded notes images, searchable by model and user name. */
export async function listNotesImages(ctx: Ctx, q: ListQuery, url: URL) {
  const where = searchCondition(q, [
    sql`coalesce(${notesImages.modelId}::text, '')`,
    sql`coalesce(${notesImages.modelType}, '')`,
    sql`coalesce((select ${users.username} from ${users} where ${users.id} = ${notesImages.userId}), '')`,
  ]);
  const order = orderBy(
    q.ordering,
    { date: notesImages.date, model_type: notesImages.modelType, model_id: notesImages.modelId },
    notesImages.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(notesImages, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(notesImages)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(notesImageOut);
    },
  });
}

/**
 * For the media route: who may read a notes image, or null when no row names the file. An image
 * pasted into a model's notes follows that model's view right (`part` → `part.view`); one without a
 * known model is readable by any signed-in user (InvenTree serves all media to them).
 */
export async function notesImageViewer(
  ctx: Ctx,
  relativePath: string,
): Promise<((actor: Principal) => boolean) | null> {
  if (!relativePath.startsWith(`${NOTES_IMAGE_DIR}/`)) return null;
  const [row] = await ctx.db
    .select({ modelType: notesImages.modelType, modelId: notesImages.modelId })
    .from(notesImages)
    .where(eq(notesImages.image, relativePath))
    .limit(1);
  if (!row) return null;
  const type = row.modelType;
  if (type && attachmentOwner(type)) return (actor) => canOnOwner(actor, type, row.modelId ?? 0, 'view');
  return (actor) => actor.userId > 0 || actor.via === 'system';
}
