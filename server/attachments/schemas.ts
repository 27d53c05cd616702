import { listQuery } from '@/lib/http/list';
import { stagedFile } from '@/lib/http/upload';
import { int, queryFlag, text, z } from '@/lib/zod';
import { UserBrief } from '../users/schemas';
import { ATTACHMENT_MODEL_TYPES } from './owners';

/** Zod schemas of `/api/attachment/`: InvenTree's AttachmentSerializer, its filters and bulk selection. */
export const idParams = z.object({ id: int() });

export const AttachmentModelType = z
  .enum(ATTACHMENT_MODEL_TYPES)
  .meta({ title: 'Model Type', description: 'Target model type for this attachment' });

/** django-taggit's TagListSerializerField: a list of strings, or that list as a JSON string (multipart). */
const tagList = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return { invalidJson: true };
    }
  },
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (v && typeof v === 'object' && 'invalidJson' in v) {
        ctx.addIssue({
          code: 'custom',
          message: 'Invalid json list. A tag list submitted in string form must be valid json.',
        });
      } else if (!Array.isArray(v)) {
        ctx.addIssue({ code: 'custom', message: `Expected a list of items but got type "${typeof v}".` });
      } else if (!v.every((t) => typeof t === 'string')) {
        ctx.addIssue({ code: 'custom', message: 'All list items must be of string type.' });
      }
    })
    .transform((v) => [...new Set((v as string[]).map((t) => t.trim()).filter(Boolean))]),
);

const link = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.union([z.literal(''), z.url({ protocol: /^(https?|ftps?)$/ }).max(2000)]),
  )
  .nullable()
  .meta({ title: 'Link', description: 'Link to external URL', type: 'url' });

const writable = {
  link: link.optional(),
  comment: text(250).optional().meta({ title: 'Comment', description: 'Attachment comment' }),
  model_type: AttachmentModelType,
  model_id: int()
    .pipe(z.number().min(0))
    .meta({ title: 'Model ID', description: 'Primary key of the object this attachment belongs to' }),
  tags: tagList.optional().meta({ title: 'Tags', type: 'list' }),
};

export const AttachmentCreateBody = z.object({
  attachment: stagedFile()
    .optional()
    .meta({ title: 'Attachment', description: 'Select file to attach', type: 'file upload' }),
  ...writable,
});
export type AttachmentCreateBody = z.infer<typeof AttachmentCreateBody>;

const filename = text(255, { blank: false }).meta({ title: 'Filename' });
/** PUT: the create fields (without a new file), model_type and model_id required; PATCH: all optional. */
export const AttachmentUpdateBody = z.object({ ...writable, filename: filename.optional() });
export const AttachmentPatchBody = AttachmentUpdateBody.partial();
export type AttachmentPatchBody = z.infer<typeof AttachmentPatchBody>;

export const Attachment = z.object({
  pk: z.number().int().meta({ title: 'ID', readOnly: true }),
  attachment: z.string().nullable().meta({ title: 'Attachment', type: 'file upload' }),
  thumbnail: z.string().nullable().meta({ readOnly: true }),
  filename: z.string().nullable(),
  link: z.string().nullable(),
  comment: z.string(),
  is_image: z
    .boolean()
    .meta({ readOnly: true, description: 'True if this attachment is a valid image file' }),
  upload_date: z.string().meta({ readOnly: true }),
  upload_user: z.number().int().nullable().meta({ readOnly: true, title: 'User' }),
  user_detail: UserBrief.nullable().meta({ readOnly: true }),
  file_size: z.number().int().meta({ readOnly: true, description: 'File size in bytes' }),
  model_type: AttachmentModelType,
  model_id: z.number().int(),
  tags: z.array(z.string()),
});
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentQuery = listQuery.extend({
  model_type: z.string().optional(),
  model_id: int().optional(),
  upload_user: int().optional(),
  is_file: queryFlag(),
  is_link: queryFlag(),
  is_image: queryFlag(),
  has_thumbnail: queryFlag(),
  tag_name: z.string().optional(),
});
export type AttachmentQuery = z.infer<typeof AttachmentQuery>;

/** InvenTree's bulk selection; checked by hand in the verb to give its exact (string) errors. */
export const BulkSelection = z.object({ items: z.unknown().optional(), filters: z.unknown().optional() });
export const BulkDeleteQuery = z.object({ all: z.string().optional() });
