import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import type { UploadEndpointSpec } from '@/lib/http/upload';
import { maxUploadBytes, stagingDir } from '../media/storage';
import * as data from './index';
import type { PriceBreakKind } from './price-breaks';
import * as S from './schemas';

/** Images arrive as streamed multipart uploads (lib/http/upload.ts), like attachments. */
const imageUpload = {
  field: 'image',
  stagingDir,
  maxBytes: maxUploadBytes,
  tooLargeMessage: (max: number) =>
    `File size exceeds the maximum upload size of ${Math.round(max / 1048576)} MB`,
};

export const testTemplateList = endpoint({
  path: '/api/part/test-template/',
  name: 'Part Test Template List',
  description: 'API endpoint for listing (and creating) a PartTestTemplate.',
  model: 'parttesttemplate',
  tag: 'part',
  GET: method({
    access: 'part',
    query: S.TestTemplateQuery,
    response: listResponse(S.TestTemplate),
    handler: ({ ctx, query, url }) => data.listTestTemplates(ctx, query, url),
  }),
  POST: method({
    access: 'part',
    body: S.TestTemplateBody,
    response: S.TestTemplate,
    handler: ({ ctx, body }) => data.createTestTemplate(ctx, body),
  }),
});

const testTemplateWrite = (partial: boolean) =>
  method({
    access: 'part',
    params: S.idParams,
    body: partial ? S.TestTemplatePatchBody : S.TestTemplateBody,
    response: S.TestTemplate,
    handler: ({ ctx, params, body }) => data.updateTestTemplate(ctx, params.id, body),
  });

export const testTemplateDetail = endpoint({
  path: '/api/part/test-template/{id}/',
  name: 'Part Test Template Detail',
  description: 'Detail endpoint for PartTestTemplate model.',
  model: 'parttesttemplate',
  tag: 'part',
  GET: method({
    access: 'part',
    params: S.idParams,
    response: S.TestTemplate,
    handler: ({ ctx, params }) => data.getTestTemplate(ctx, params.id),
  }),
  PUT: testTemplateWrite(false),
  PATCH: testTemplateWrite(true),
  DELETE: method({
    access: 'part',
    params: S.idParams,
    handler: ({ ctx, params }) => data.deleteTestTemplate(ctx, params.id),
  }),
});

export const relatedList = endpoint({
  path: '/api/part/related/',
  name: 'Part Related List',
  description: 'API endpoint for accessing a list of PartRelated objects.',
  model: 'partrelated',
  tag: 'part',
  GET: method({
    access: 'part',
    query: S.RelatedQuery,
    response: listResponse(S.Related),
    handler: ({ ctx, query, url }) => data.listRelated(ctx, query, url),
  }),
  POST: method({
    access: 'part',
    body: S.RelatedBody,
    response: S.Related,
    handler: ({ ctx, body }) => data.createRelated(ctx, body),
  }),
});

const relatedWrite = (partial: boolean) =>
  method({
    access: 'part',
    params: S.idParams,
    body: partial ? S.RelatedPatchBody : S.RelatedBody,
    response: S.Related,
    handler: ({ ctx, params, body }) => data.updateRelated(ctx, params.id, body),
  });

export const relatedDetail = endpoint({
  path: '/api/part/related/{id}/',
  name: 'Part Related Detail',
  description: 'API endpoint for accessing detail view of a PartRelated object.',
  model: 'partrelated',
  tag: 'part',
  GET: method({
    access: 'part',
    params: S.idParams,
    response: S.Related,
    handler: ({ ctx, params }) => data.getRelated(ctx, params.id),
  }),
  PUT: relatedWrite(false),
  PATCH: relatedWrite(true),
  DELETE: method({
    access: 'part',
    params: S.idParams,
    handler: ({ ctx, params }) => data.deleteRelated(ctx, params.id),
  }),
});

function priceBreakEndpoints(kind: PriceBreakKind, path: string, label: string, model: string) {
  const write = (partial: boolean) =>
    method({
      access: 'part',
      params: S.idParams,
      body: partial ? S.PriceBreakPatchBody : S.PriceBreakBody,
      response: S.PriceBreak,
      handler: ({ ctx, params, body }) => data.updatePriceBreak(ctx, kind, params.id, body),
    });
  return {
    list: endpoint({
      path,
      name: `Part ${label} Price List`,
      description: `API endpoint for list view of ${model} model.`,
      model: model.toLowerCase(),
      tag: 'part',
      GET: method({
        access: 'part',
        query: S.PriceBreakQuery,
        response: listResponse(S.PriceBreak),
        handler: ({ ctx, query, url }) => data.listPriceBreaks(ctx, kind, query, url),
      }),
      POST: method({
        access: 'part',
        body: S.PriceBreakBody,
        response: S.PriceBreak,
        handler: ({ ctx, body }) => data.createPriceBreak(ctx, kind, body),
      }),
    }),
    detail: endpoint({
      path: `${path}{id}/`,
      name: `Part ${label} Price Detail`,
      description: `Detail endpoint for ${model} model.`,
      model: model.toLowerCase(),
      tag: 'part',
      GET: method({
        access: 'part',
        params: S.idParams,
        response: S.PriceBreak,
        handler: ({ ctx, params }) => data.getPriceBreak(ctx, kind, params.id),
      }),
      PUT: write(false),
      PATCH: write(true),
      DELETE: method({
        access: 'part',
        params: S.idParams,
        handler: ({ ctx, params }) => data.deletePriceBreak(ctx, kind, params.id),
      }),
    }),
  };
}

const internalPrice = priceBreakEndpoints(
  'internal',
  '/api/part/internal-price/',
  'Internal',
  'PartInternalPriceBreak',
);
export const internalPriceList = internalPrice.list;
export const internalPriceDetail = internalPrice.detail;

const salePrice = priceBreakEndpoints('sale', '/api/part/sale-price/', 'Sale', 'PartSellPriceBreak');
export const salePriceList = salePrice.list;
export const salePriceDetail = salePrice.detail;

export const partThumbs = endpoint({
  path: '/api/part/thumbs/',
  name: 'Part Thumbs',
  description: 'API endpoint for retrieving information on available Part thumbnails.',
  model: 'part',
  tag: 'part',
  GET: method({
    access: 'part',
    query: S.PartThumbQuery,
    response: listResponse(S.PartThumb),
    handler: ({ ctx, query, url }) => data.listPartThumbsPage(ctx, query, url),
  }),
});

const thumbWrite = method({
  access: 'part',
  summary: 'Assign a stored image by file name (`{"image": "x.png"}`) or upload one (multipart `image`).',
  params: S.idParams,
  body: S.PartThumbBody,
  response: S.PartThumbDetail,
  handler: ({ ctx, params, body }) => data.updatePartThumb(ctx, params.id, body.image),
});

export const partThumbsUpdate = endpoint({
  path: '/api/part/thumbs/{id}/',
  name: 'Part Thumbs Update',
  description: 'API endpoint for updating Part thumbnails.',
  model: 'part',
  tag: 'part',
  upload: imageUpload,
  GET: method({
    access: 'part',
    params: S.idParams,
    response: S.PartThumbDetail,
    handler: ({ ctx, params }) => data.getPartThumb(ctx, params.id),
  }),
  PUT: thumbWrite,
  PATCH: thumbWrite,
}) satisfies UploadEndpointSpec;

export const notesImageUpload = endpoint({
  path: '/api/notes-image-upload/',
  name: 'Notes Image List',
  description: 'List view for all notes images.',
  model: 'notesimage',
  tag: 'notes-image-upload',
  upload: imageUpload,
  GET: method({
    access: 'user',
    query: S.NotesImageQuery,
    response: listResponse(S.NotesImage),
    handler: ({ ctx, query, url }) => data.listNotesImages(ctx, query, url),
  }),
  POST: method({
    access: 'user',
    summary: 'Upload an image (multipart `image`) to embed in markdown notes.',
    body: S.NotesImageBody,
    response: S.NotesImage,
    handler: ({ ctx, body }) => data.uploadNotesImage(ctx, body),
  }),
}) satisfies UploadEndpointSpec;
