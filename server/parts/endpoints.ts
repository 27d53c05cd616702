import { allFlag } from '@/lib/http/bulk';
import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import type { UploadEndpointSpec } from '@/lib/http/upload';
import { maxUploadBytes, stagingDir } from '../media/storage';
import * as categories from './categories';
import * as partsApi from './parts';
import * as S from './schemas';

/** `parameter_<template id>=<value>` query keys filter the part list by a parameter value. */
function parameterFilters(url: URL) {
  const out: { templateId: number; value: string }[] = [];
  for (const [k, v] of url.searchParams) {
    const m = /^parameter_(\d+)$/.exec(k);
    if (m) out.push({ templateId: Number(m[1]), value: v });
  }
  return out;
}

export const categoryList = endpoint({
  path: '/api/part/category/',
  name: 'Category List',
  description: 'API endpoint for accessing a list of PartCategory objects.',
  model: 'partcategory',
  tag: 'part',
  GET: method({
    access: 'part_category',
    query: S.CategoryQuery,
    response: listResponse(S.Category),
    handler: ({ ctx, query, url }) => categories.listCategories(ctx, query, url),
  }),
  POST: method({
    access: 'part_category',
    body: S.CategoryBody,
    response: S.Category,
    handler: ({ ctx, body }) => categories.createCategory(ctx, body),
  }),
});

const categoryWrite = (partial: boolean) =>
  method({
    // InvenTree: PUT/PATCH (starring included) need the change permission.
    access: 'part_category',
    params: S.idParams,
    body: partial ? S.CategoryBody.partial() : S.CategoryBody,
    response: S.Category,
    handler: ({ ctx, params, body }) => categories.updateCategory(ctx, params.id, body),
  });

export const categoryDetail = endpoint({
  path: '/api/part/category/{id}/',
  name: 'Category Detail',
  model: 'partcategory',
  tag: 'part',
  GET: method({
    access: 'part_category',
    params: S.idParams,
    query: S.CategoryQuery.pick({ path_detail: true }),
    response: S.Category,
    handler: ({ ctx, params, query }) => categories.getCategory(ctx, params.id, query),
  }),
  PUT: categoryWrite(false),
  PATCH: categoryWrite(true),
  DELETE: method({
    access: 'part_category',
    params: S.idParams,
    query: S.CategoryDeleteQuery,
    body: S.CategoryDeleteQuery,
    handler: ({ ctx, params, query, body }) =>
      categories.deleteCategory(ctx, params.id, {
        delete_parts: body.delete_parts ?? query.delete_parts,
        delete_child_categories: body.delete_child_categories ?? query.delete_child_categories,
      }),
  }),
});

export const categoryTree = endpoint({
  path: '/api/part/category/tree/',
  name: 'Category Tree',
  description: 'Every category with its parent, level and number of subcategories (light, for tree views).',
  model: 'partcategory',
  tag: 'part',
  GET: method({
    access: 'part_category',
    query: S.CategoryTreeQuery,
    handler: ({ ctx, query, url }) => categories.categoryTree(ctx, query, url),
  }),
});

const bulkUpdate = method({
  access: 'part',
  body: S.PartBulkBody,
  status: 200,
  handler: ({ ctx, body, url }) => {
    const { items, filters, ...fields } = body;
    return partsApi.bulkUpdateParts(
      ctx,
      { items, filters, all: allFlag(url.searchParams.get('all')) },
      fields,
    );
  },
});

const partUpload = {
  field: 'image',
  stagingDir,
  maxBytes: maxUploadBytes,
  tooLargeMessage: (max: number) =>
    `File size exceeds the maximum upload size of ${Math.round(max / 1048576)} MB`,
};

export const partList: UploadEndpointSpec = endpoint({
  path: '/api/part/',
  name: 'Part List',
  description: 'API endpoint for accessing a list of Part objects, or creating a new Part instance.',
  model: 'part',
  tag: 'part',
  upload: partUpload,
  GET: method({
    access: 'part',
    query: S.PartQuery,
    response: listResponse(S.PartResponse),
    handler: ({ ctx, query, url }) =>
      partsApi.listParts(ctx, { ...query, parameterFilters: parameterFilters(url) }, url),
  }),
  POST: method({
    access: 'part',
    body: S.PartBody,
    response: S.PartResponse,
    handler: ({ ctx, body }) => partsApi.createPart(ctx, body),
  }),
  PUT: bulkUpdate,
  PATCH: bulkUpdate,
});

const partWrite = (partial: boolean) =>
  method({
    // InvenTree: PUT/PATCH (starring included) need the change permission.
    access: 'part',
    params: S.idParams,
    body: partial ? S.PartBody.partial() : S.PartBody,
    response: S.PartResponse,
    handler: ({ ctx, params, body }) => partsApi.updatePart(ctx, params.id, body),
  });

export const partDetail: UploadEndpointSpec = endpoint({
  path: '/api/part/{id}/',
  name: 'Part Detail',
  description: 'API endpoint for detail view of a single Part object.',
  model: 'part',
  tag: 'part',
  upload: partUpload,
  GET: method({
    access: 'part',
    params: S.idParams,
    query: S.PartDetailQuery,
    response: S.PartResponse,
    handler: ({ ctx, params, query }) => partsApi.getPart(ctx, params.id, query),
  }),
  PUT: partWrite(false),
  PATCH: partWrite(true),
  DELETE: method({
    access: 'part',
    params: S.idParams,
    handler: ({ ctx, params }) => partsApi.deletePart(ctx, params.id),
  }),
});
