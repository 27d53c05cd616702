import path from 'node:path';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { attachments, users } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { AppError, fieldError, forbidden, notFound, validation } from '@/lib/errors';
import { allFlag, type BulkFilter, bulkCondition, noBulkMatch } from '@/lib/http/bulk';
import { orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDate } from '@/lib/http/respond';
import { type Ctx, withTransaction } from '../context';
import { mediaUrl } from '../media/storage';
import { IMAGE_EXTENSION_PATTERN, isImagePath } from '../media/types';
import { userBrief } from '../users/serialize';
import { linkRenamed, placeAttachmentFile, removeMediaFile } from './files';
import { attachmentOwner, canOnOwner, type OwnerAction, visibleAttachments } from './owners';
import type { Attachment, AttachmentCreateBody, AttachmentPatchBody, AttachmentQuery } from './schemas';

const EDIT_DENIED = 'User does not have permission to create or edit attachments for this model';

const columns = {
  id: attachments.id,
  modelType: attachments.modelType,
  modelId: attachments.modelId,
  attachment: attachments.attachment,
  link: attachments.link,
  comment: attachments.comment,
  uploadUserId: attachments.uploadUserId,
  uploadDate: attachments.uploadDate,
  fileSize: attachments.fileSize,
  tags: attachments.tags,
  userName: users.username,
  userFirst: users.firstName,
  userLast: users.lastName,
  userEmail: users.email,
};
type Row = {
  id: number;
  modelType: string;
  modelId: number;
  attachment: string | null;
  link: string | null;
  comment: string;
  uploadUserId: number | null;
  uploadDate: Date;
  fileSize: number;
  tags: string[];
  userName: string | null;
  userFirst: string | null;
  userLast: string | null;
  userEmail: string | null;
};

function attachmentOut(r: Row): Attachment {
  return {
    pk: r.id,
    attachment: r.attachment ? mediaUrl(r.attachment) : null,
    thumbnail: null,
    filename: r.attachment ? path.posix.basename(r.attachment) : null,
    link: r.link,
    comment: r.comment,
    is_image: r.attachment ? isImagePath(r.attachment) : false,
    upload_date: formatDate(r.uploadDate)!,
    upload_user: r.uploadUserId,
    user_detail:
      r.uploadUserId !== null && r.userName !== null
        ? userBrief({
            id: r.uploadUserId,
            username: r.userName,
            firstName: r.userFirst ?? '',
            lastName: r.userLast ?? '',
            email: r.userEmail ?? '',
          })
        : null,
    file_size: r.fileSize,
    model_type: r.modelType as Attachment['model_type'],
    model_id: r.modelId,
    tags: r.tags ?? [],
  };
}

function selectRows(ctx: Ctx) {
  return ctx.db.select(columns).from(attachments).leftJoin(users, eq(users.id, attachments.uploadUserId));
}

function assertRight(ctx: Ctx, modelType: string, modelId: number, action: OwnerAction, message: string) {
  if (!canOnOwner(ctx.actor, modelType, modelId, action)) throw forbidden(message);
}

/** Attachments the actor may see (their owner's view right), filtered, searched, ordered, paged. */
export async function listAttachments(ctx: Ctx, q: AttachmentQuery, url: URL) {
  const flag = (v: boolean | undefined, yes: SQL, no: SQL) => (v === undefined ? undefined : v ? yes : no);
  const hasFile = sql`(${attachments.attachment} is not null and ${attachments.attachment} <> '')`;
  const hasLink = sql`(${attachments.link} is not null and ${attachments.link} <> '')`;
  const isImage = sql`coalesce(${attachments.attachment} ~* ${IMAGE_EXTENSION_PATTERN}, false)`;
  const where = and(
    visibleAttachments(ctx.actor),
    q.model_type === undefined ? undefined : eq(attachments.modelType, q.model_type),
    q.model_id === undefined ? undefined : eq(attachments.modelId, q.model_id),
    q.upload_user === undefined ? undefined : eq(attachments.uploadUserId, q.upload_user),
    flag(q.is_file, hasFile, sql`not ${hasFile}`),
    flag(q.is_link, hasLink, sql`not ${hasLink}`),
    flag(q.is_image, isImage, sql`not ${isImage}`),
    // No thumbnails are generated (yet): nothing has one.
    flag(q.has_thumbnail, sql`false`, sql`true`),
    q.tag_name === undefined
      ? undefined
      : sql`exists (select 1 from jsonb_array_elements_text(${attachments.tags}) t where lower(t) = lower(${q.tag_name}))`,
    searchCondition(q, [attachments.comment, sql`${attachments.modelId}::text`, attachments.modelType]),
  );
  const order = orderBy(
    q.ordering,
    {
      model_id: attachments.modelId,
      model_type: attachments.modelType,
      upload_date: attachments.uploadDate,
      file_size: attachments.fileSize,
    },
    attachments.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(attachments, where),
    rows: async (limit, offset) => {
      const base = selectRows(ctx)
        .where(where)
        .orderBy(...order);
      const rows = (await (limit === null ? base : base.limit(limit).offset(offset))) as Row[];
      return rows.map(attachmentOut);
    },
  });
}

/** One attachment the actor may see; 404 otherwise (as if it did not exist). */
export async function getAttachment(ctx: Ctx, id: number): Promise<Attachment> {
  const [row] = (await selectRows(ctx).where(
    and(eq(attachments.id, id), visibleAttachments(ctx.actor)),
  )) as Row[];
  if (!row) throw notFound('Attachment');
  return attachmentOut(row);
}

/** Fetch-or-throw with the row lock, for the writes below. */
async function lockVisible(ctx: Ctx, id: number) {
  const [row] = await ctx.db
    .select({
      id: attachments.id,
      modelType: attachments.modelType,
      modelId: attachments.modelId,
      attachment: attachments.attachment,
      link: attachments.link,
    })
    .from(attachments)
    .where(and(eq(attachments.id, id), visibleAttachments(ctx.actor)))
    .for('update');
  if (!row) throw notFound('Attachment');
  return row;
}

async function assertOwnerExists(ctx: Ctx, modelType: string, modelId: number) {
  const owner = attachmentOwner(modelType);
  if (!owner || !(await owner.exists(ctx.db, modelId)))
    throw fieldError('model_id', `Invalid pk "${modelId}" - object does not exist.`);
}

const missing = () => validation({ attachment: ['Missing file'], link: ['Missing external link'] });

/**
 * Creates an attachment (a streamed file or a link) on an object the actor may change. The file is
 * moved into `attachments/<type>/<id>/` before the row is inserted and removed again if the insert
 * fails, so a failure leaves neither a row nor a file.
 */
export async function createAttachment(ctx: Ctx, input: AttachmentCreateBody): Promise<Attachment> {
  assertRight(ctx, input.model_type, input.model_id, 'change', EDIT_DENIED);
  const file = input.attachment ?? null;
  if (!file && !input.link) throw missing();
  return withTransaction(ctx, async (tx) => {
    await assertOwnerExists(tx, input.model_type, input.model_id);
    const stored = file ? await placeAttachmentFile(tx.db, file, input.model_type, input.model_id) : null;
    try {
      const [row] = await tx.db
        .insert(attachments)
        .values({
          modelType: input.model_type,
          modelId: input.model_id,
          attachment: stored,
          link: input.link ?? null,
          comment: input.comment ?? '',
          uploadUserId: tx.actor.userId || null,
          fileSize: file?.size ?? 0,
          tags: input.tags ?? [],
        })
        .returning({ id: attachments.id });
      return await getAttachment(tx, row!.id);
    } catch (err) {
      if (stored) await removeMediaFile(stored);
      throw err;
    }
  });
}

/**
 * Edits comment, link, tags, owner (the actor needs the change right on the old and the new owner)
 * and renames the stored file (`filename`): the new name is linked before the row changes and the
 * old name removed after it, so the row always names an existing file.
 */
export async function updateAttachment(
  ctx: Ctx,
  id: number,
  input: AttachmentPatchBody,
): Promise<Attachment> {
  return withTransaction(ctx, async (tx) => {
    const row = await lockVisible(tx, id);
    assertRight(tx, row.modelType, row.modelId, 'change', EDIT_DENIED);
    const modelType = input.model_type ?? row.modelType;
    const modelId = input.model_id ?? row.modelId;
    if (modelType !== row.modelType || modelId !== row.modelId) {
      assertRight(tx, modelType, modelId, 'change', EDIT_DENIED);
      await assertOwnerExists(tx, modelType, modelId);
    }
    const link = input.link === undefined ? row.link : input.link;
    if (!row.attachment && !link) throw missing();
    const set: Partial<typeof attachments.$inferInsert> = { modelType, modelId, link };
    if (input.comment !== undefined) set.comment = input.comment;
    if (input.tags !== undefined) set.tags = input.tags;
    const renamed =
      input.filename !== undefined && row.attachment
        ? await linkRenamed(tx.db, row.attachment, input.filename)
        : null;
    if (renamed) set.attachment = renamed.to;
    try {
      await tx.db.update(attachments).set(set).where(eq(attachments.id, id));
    } catch (err) {
      if (renamed) await removeMediaFile(renamed.to);
      throw err;
    }
    if (renamed) await removeMediaFile(renamed.from);
    return getAttachment(tx, id);
  });
}

/** Deletes an attachment (the owner's delete right) and then its file. */
export async function deleteAttachment(ctx: Ctx, id: number): Promise<void> {
  const stored = await withTransaction(ctx, async (tx) => {
    const row = await lockVisible(tx, id);
    assertRight(
      tx,
      row.modelType,
      row.modelId,
      'delete',
      'User does not have permission to delete this attachment',
    );
    await tx.db.delete(attachments).where(eq(attachments.id, id));
    return row.attachment;
  });
  if (stored) await removeMediaFile(stored);
}

const BULK_FILTERS: Record<string, BulkFilter> = {
  model_type: { column: attachments.modelType, kind: 'string' },
  model_id: { column: attachments.modelId, kind: 'id' },
  upload_user: { column: attachments.uploadUserId, kind: 'id' },
  comment: { column: attachments.comment, kind: 'string' },
  link: { column: attachments.link, kind: 'string' },
};

/**
 * Bulk DELETE on the list URL: the selected attachments the actor can see, all or nothing (the
 * owner's delete right on every one, else InvenTree's 400), then their files.
 */
export async function bulkDeleteAttachments(
  ctx: Ctx,
  body: { items?: unknown; filters?: unknown },
  all: string | undefined,
): Promise<{ success: string }> {
  const selection = bulkCondition(attachments.id, BULK_FILTERS, { ...body, all: allFlag(all) });
  const removed = await withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({
        id: attachments.id,
        modelType: attachments.modelType,
        modelId: attachments.modelId,
        attachment: attachments.attachment,
      })
      .from(attachments)
      .where(and(visibleAttachments(tx.actor), selection))
      .for('update');
    if (!rows.length) throw noBulkMatch();
    if (!rows.every((r) => canOnOwner(tx.actor, r.modelType, r.modelId, 'delete'))) {
      const message = 'User does not have permission to delete these attachments';
      throw new AppError('validation', message, [message]);
    }
    await tx.db.delete(attachments).where(
      anyOf(
        attachments.id,
        rows.map((r) => r.id),
      ),
    );
    return rows;
  });
  for (const r of removed) if (r.attachment) await removeMediaFile(r.attachment);
  return { success: `Deleted ${removed.length} items` };
}

/** The owner of a stored file (media-relative path), for the media route; null when no row names it. */
export async function attachmentOwnerOfFile(
  ctx: Ctx,
  relativePath: string,
): Promise<{ modelType: string; modelId: number } | null> {
  const [row] = await ctx.db
    .select({ modelType: attachments.modelType, modelId: attachments.modelId })
    .from(attachments)
    .where(eq(attachments.attachment, relativePath));
  return row ?? null;
}
