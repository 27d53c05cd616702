import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import type { UploadEndpointSpec } from '@/lib/http/upload';
import { maxUploadBytes, stagingDir } from '../media/storage';
import * as attachments from './index';
import * as S from './schemas';

export const attachmentList = endpoint({
  path: '/api/attachment/',
  name: 'Attachment List',
  description: 'Files and links attached to objects (InvenTree common.Attachment).',
  model: 'attachment',
  tag: 'attachment',
  // Multipart POSTs stream the `attachment` file to disk instead of buffering it (lib/http/upload.ts).
  upload: {
    field: 'attachment',
    stagingDir,
    maxBytes: maxUploadBytes,
    tooLargeMessage: (max) => `File size exceeds the maximum upload size of ${Math.round(max / 1048576)} MB`,
  },
  GET: method({
    access: 'user',
    query: S.AttachmentQuery,
    response: listResponse(S.Attachment),
    handler: ({ ctx, query, url }) => attachments.listAttachments(ctx, query, url),
  }),
  POST: method({
    access: 'user',
    summary: 'Attach a file (multipart field `attachment`) or a link to an object.',
    body: S.AttachmentCreateBody,
    response: S.Attachment,
    handler: ({ ctx, body }) => attachments.createAttachment(ctx, body),
  }),
  DELETE: method({
    access: 'user',
    summary: 'Bulk delete: `{"items": [pk, ...]}` and/or `{"filters": {...}}`.',
    query: S.BulkDeleteQuery,
    body: S.BulkSelection,
    status: 200,
    handler: ({ ctx, body, query }) => attachments.bulkDeleteAttachments(ctx, body, query.all),
  }),
}) satisfies UploadEndpointSpec;

const update = (partial: boolean) =>
  method({
    access: 'user',
    params: S.idParams,
    body: partial ? S.AttachmentPatchBody : S.AttachmentUpdateBody,
    response: S.Attachment,
    handler: ({ ctx, params, body }) => attachments.updateAttachment(ctx, params.id, body),
  });

export const attachmentDetail = endpoint({
  path: '/api/attachment/{id}/',
  name: 'Attachment Detail',
  model: 'attachment',
  tag: 'attachment',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.Attachment,
    handler: ({ ctx, params }) => attachments.getAttachment(ctx, params.id),
  }),
  PUT: update(false),
  PATCH: update(true),
  DELETE: method({
    access: 'user',
    params: S.idParams,
    handler: ({ ctx, params }) => attachments.deleteAttachment(ctx, params.id),
  }),
});
