import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import { queryFlag, z } from '@/lib/zod';
import * as P from './index';
import * as S from './schemas';

/* ---------- /api/parameter/template/ ---------- */

export const parameterTemplateList = endpoint({
  path: '/api/parameter/template/',
  name: 'Parameter Template List',
  description: 'List view for ParameterTemplate objects.',
  model: 'parametertemplate',
  tag: 'parameter',
  GET: method({
    access: 'user',
    query: S.ParameterTemplateQuery,
    response: listResponse(S.ParameterTemplate),
    handler: ({ ctx, query, url }) => P.listTemplates(ctx, query, url),
  }),
  POST: method({
    access: 'staff',
    body: S.ParameterTemplateBody,
    response: S.ParameterTemplate,
    handler: ({ ctx, body }) => P.createTemplate(ctx, body),
  }),
});

const templateWrite = (partial: boolean) =>
  method({
    access: 'staff',
    params: S.idParams,
    body: partial ? S.ParameterTemplatePatch : S.ParameterTemplateBody,
    response: S.ParameterTemplate,
    handler: ({ ctx, params, body }) => P.updateTemplate(ctx, params.id, body),
  });

export const parameterTemplateDetail = endpoint({
  path: '/api/parameter/template/{id}/',
  name: 'Parameter Template Detail',
  description: 'Detail view for a ParameterTemplate object.',
  model: 'parametertemplate',
  tag: 'parameter',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.ParameterTemplate,
    handler: ({ ctx, params }) => P.getTemplate(ctx, params.id),
  }),
  PUT: templateWrite(false),
  PATCH: templateWrite(true),
  DELETE: method({
    access: 'staff',
    params: S.idParams,
    handler: ({ ctx, params }) => P.deleteTemplate(ctx, params.id),
  }),
});

/* ---------- /api/parameter/ ---------- */

export const parameterList = endpoint({
  path: '/api/parameter/',
  name: 'Parameter List',
  description: 'List API endpoint for Parameter objects.',
  model: 'parameter',
  tag: 'parameter',
  // Rights follow the owner object (part.change for a part's parameters), checked in the verbs.
  GET: method({
    access: 'user',
    query: S.ParameterQuery,
    response: listResponse(S.Parameter),
    handler: ({ ctx, query, url }) => P.listParameters(ctx, query, url),
  }),
  POST: method({
    access: 'user',
    body: S.ParameterBody,
    response: S.Parameter,
    handler: ({ ctx, body }) => P.createParameter(ctx, body),
  }),
  DELETE: method({
    access: 'user',
    summary: 'Bulk delete: `{"items": [pk, ...]}` and/or `{"filters": {...}}`.',
    query: S.BulkDeleteQuery,
    body: S.BulkSelection,
    status: 200,
    handler: ({ ctx, body, query }) => P.bulkDeleteParameters(ctx, body, query.all),
  }),
});

const parameterWrite = (partial: boolean) =>
  method({
    access: 'user',
    params: S.idParams,
    body: partial ? S.ParameterPatch : S.ParameterBody,
    response: S.Parameter,
    handler: ({ ctx, params, body }) => P.updateParameter(ctx, params.id, body),
  });

export const parameterDetail = endpoint({
  path: '/api/parameter/{id}/',
  name: 'Parameter Detail',
  description: 'Detail API endpoint for Parameter objects.',
  model: 'parameter',
  tag: 'parameter',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.Parameter,
    handler: ({ ctx, params }) => P.getParameter(ctx, params.id),
  }),
  PUT: parameterWrite(false),
  PATCH: parameterWrite(true),
  DELETE: method({
    access: 'user',
    params: S.idParams,
    handler: ({ ctx, params }) => P.deleteParameter(ctx, params.id),
  }),
});

/* ---------- /api/part/category/parameters/ ---------- */

export const categoryParameterList = endpoint({
  path: '/api/part/category/parameters/',
  name: 'Category Parameter List',
  description: 'API endpoint for accessing a list of PartCategoryParameterTemplate objects.',
  model: 'partcategoryparametertemplate',
  tag: 'part',
  GET: method({
    access: 'part_category',
    query: S.CategoryParameterQuery,
    response: listResponse(S.CategoryParameterTemplate),
    handler: ({ ctx, query, url }) => P.listCategoryTemplates(ctx, query, url),
  }),
  POST: method({
    access: 'part_category',
    body: S.CategoryParameterBody,
    response: S.CategoryParameterTemplate,
    handler: ({ ctx, body }) => P.createCategoryTemplate(ctx, body),
  }),
});

const categoryParameterWrite = (partial: boolean) =>
  method({
    access: 'part_category',
    params: S.idParams,
    body: partial ? S.CategoryParameterPatch : S.CategoryParameterBody,
    response: S.CategoryParameterTemplate,
    handler: ({ ctx, params, body }) => P.updateCategoryTemplate(ctx, params.id, body),
  });

export const categoryParameterDetail = endpoint({
  path: '/api/part/category/parameters/{id}/',
  name: 'Category Parameter Detail',
  description: 'Detail endpoint for the PartCategoryParameterTemplate model.',
  model: 'partcategoryparametertemplate',
  tag: 'part',
  GET: method({
    access: 'part_category',
    params: S.idParams,
    query: z.object({ category_detail: queryFlag() }),
    response: S.CategoryParameterTemplate,
    handler: ({ ctx, params, query }) => P.getCategoryTemplate(ctx, params.id, query),
  }),
  PUT: categoryParameterWrite(false),
  PATCH: categoryParameterWrite(true),
  DELETE: method({
    access: 'part_category',
    params: S.idParams,
    handler: ({ ctx, params }) => P.deleteCategoryTemplate(ctx, params.id),
  }),
});

/* ---------- /api/units/ ---------- */

export const unitList = endpoint({
  path: '/api/units/',
  name: 'Custom Unit List',
  description: 'List view for custom units.',
  model: 'customunit',
  tag: 'units',
  GET: method({
    access: 'user',
    query: S.CustomUnitQuery,
    response: listResponse(S.CustomUnit),
    handler: ({ ctx, query, url }) => P.listCustomUnits(ctx, query, url),
  }),
  POST: method({
    access: 'staff',
    body: S.CustomUnitBody,
    response: S.CustomUnit,
    handler: ({ ctx, body }) => P.createCustomUnit(ctx, body),
  }),
});

const unitWrite = (partial: boolean) =>
  method({
    access: 'staff',
    params: S.idParams,
    body: partial ? S.CustomUnitPatch : S.CustomUnitBody,
    response: S.CustomUnit,
    handler: ({ ctx, params, body }) => P.updateCustomUnit(ctx, params.id, body),
  });

export const unitDetail = endpoint({
  path: '/api/units/{id}/',
  name: 'Custom Unit Detail',
  description: 'Detail view for a particular custom unit.',
  model: 'customunit',
  tag: 'units',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.CustomUnit,
    handler: ({ ctx, params }) => P.getCustomUnit(ctx, params.id),
  }),
  PUT: unitWrite(false),
  PATCH: unitWrite(true),
  DELETE: method({
    access: 'staff',
    params: S.idParams,
    handler: ({ ctx, params }) => P.deleteCustomUnit(ctx, params.id),
  }),
});

export const unitAll = endpoint({
  path: '/api/units/all/',
  name: 'All Unit List',
  description: 'Return a list of all available units.',
  tag: 'units',
  GET: method({
    access: 'user',
    response: S.AllUnits,
    handler: ({ ctx }) => P.listAllUnits(ctx),
  }),
});

/* ---------- /api/selection/ ---------- */

export const selectionList = endpoint({
  path: '/api/selection/',
  name: 'Selection List List',
  description: 'List view for SelectionList objects.',
  model: 'selectionlist',
  tag: 'selection',
  GET: method({
    access: 'user',
    query: S.SelectionListQuery,
    response: listResponse(S.SelectionList),
    handler: ({ ctx, query, url }) => P.listSelectionLists(ctx, query, url),
  }),
  POST: method({
    access: 'staff',
    body: S.SelectionListBody,
    response: S.SelectionList,
    handler: ({ ctx, body }) => P.createSelectionList(ctx, body),
  }),
});

const selectionWrite = (partial: boolean) =>
  method({
    access: 'staff',
    params: S.idParams,
    body: partial ? S.SelectionListPatch : S.SelectionListBody,
    response: S.SelectionList,
    handler: ({ ctx, params, body }) => P.updateSelectionList(ctx, params.id, body),
  });

export const selectionDetail = endpoint({
  path: '/api/selection/{id}/',
  name: 'Selection List Detail',
  description: 'Detail view for a SelectionList object.',
  model: 'selectionlist',
  tag: 'selection',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.SelectionList,
    handler: ({ ctx, params }) => P.getSelectionList(ctx, params.id),
  }),
  PUT: selectionWrite(false),
  PATCH: selectionWrite(true),
  DELETE: method({
    access: 'staff',
    params: S.idParams,
    handler: ({ ctx, params }) => P.deleteSelectionList(ctx, params.id),
  }),
});

export const selectionEntryList = endpoint({
  path: '/api/selection/{id}/entry/',
  name: 'Selection Entry List',
  description: 'List view for SelectionEntry objects.',
  model: 'selectionlistentry',
  tag: 'selection',
  GET: method({
    access: 'user',
    params: S.idParams,
    query: S.SelectionEntryQuery,
    response: listResponse(S.SelectionEntry),
    handler: ({ ctx, params, query, url }) => P.listSelectionEntries(ctx, params.id, query, url),
  }),
  POST: method({
    access: 'staff',
    params: S.idParams,
    body: S.SelectionEntryBody,
    response: S.SelectionEntry,
    handler: ({ ctx, params, body }) => P.createSelectionEntry(ctx, params.id, body),
  }),
});

const entryWrite = (partial: boolean) =>
  method({
    access: 'staff',
    params: S.entryParams,
    body: partial ? S.SelectionEntryPatch : S.SelectionEntryBody,
    response: S.SelectionEntry,
    handler: ({ ctx, params, body }) => P.updateSelectionEntry(ctx, params.id, params.entrypk, body),
  });

export const selectionEntryDetail = endpoint({
  path: '/api/selection/{id}/entry/{entrypk}/',
  name: 'Selection Entry Detail',
  description: 'Detail view for a SelectionEntry object.',
  model: 'selectionlistentry',
  tag: 'selection',
  GET: method({
    access: 'user',
    params: S.entryParams,
    response: S.SelectionEntry,
    handler: ({ ctx, params }) => P.getSelectionEntry(ctx, params.id, params.entrypk),
  }),
  PUT: entryWrite(false),
  PATCH: entryWrite(true),
  DELETE: method({
    access: 'staff',
    params: S.entryParams,
    handler: ({ ctx, params }) => P.deleteSelectionEntry(ctx, params.id, params.entrypk),
  }),
});
