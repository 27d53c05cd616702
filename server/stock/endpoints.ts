import { allFlag } from '@/lib/http/bulk';
import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import { z } from '@/lib/zod';
import * as history from './history';
import * as items from './items';
import * as locations from './locations';
import * as S from './schemas';
import * as tests from './test-results';

// ---------------------------------------------------------------- locations

const locationBulkUpdate = method({
  access: 'stock_location',
  body: S.LocationBulkBody,
  status: 200,
  handler: ({ ctx, body, url }) => {
    const { items: sel, filters, ...fields } = body;
    return locations.bulkUpdateLocations(
      ctx,
      { items: sel, filters, all: allFlag(url.searchParams.get('all')) },
      fields,
    );
  },
});

export const locationList = endpoint({
  path: '/api/stock/location/',
  name: 'Stock Location List',
  description: 'API endpoint for list view of StockLocation objects.',
  model: 'stocklocation',
  tag: 'stock',
  GET: method({
    access: 'stock_location',
    query: S.LocationQuery,
    response: listResponse(S.Location),
    handler: ({ ctx, query, url }) => locations.listLocations(ctx, query, url),
  }),
  POST: method({
    access: 'stock_location',
    body: S.LocationBody,
    response: S.Location,
    handler: ({ ctx, body }) => locations.createLocation(ctx, body),
  }),
  PUT: locationBulkUpdate,
  PATCH: locationBulkUpdate,
});

const locationWrite = (partial: boolean) =>
  method({
    access: 'stock_location',
    params: S.idParams,
    body: partial ? S.LocationBody.partial() : S.LocationBody,
    response: S.Location,
    handler: ({ ctx, params, body }) => locations.updateLocation(ctx, params.id, body),
  });

export const locationDetail = endpoint({
  path: '/api/stock/location/{id}/',
  name: 'Stock Location Detail',
  model: 'stocklocation',
  tag: 'stock',
  GET: method({
    access: 'stock_location',
    params: S.idParams,
    query: S.LocationQuery.pick({ path_detail: true }),
    response: S.Location,
    handler: ({ ctx, params, query }) => locations.getLocation(ctx, params.id, query),
  }),
  PUT: locationWrite(false),
  PATCH: locationWrite(true),
  DELETE: method({
    access: 'stock_location',
    params: S.idParams,
    query: S.LocationDeleteQuery,
    body: S.LocationDeleteBody,
    handler: ({ ctx, params, query, body }) =>
      locations.deleteLocation(ctx, params.id, {
        delete_stock_items: body.delete_stock_items ?? query.delete_stock_items,
        delete_sub_locations: body.delete_sub_locations ?? query.delete_sub_locations,
      }),
  }),
});

export const locationTree = endpoint({
  path: '/api/stock/location/tree/',
  name: 'Stock Location Tree',
  description: 'Every location with its parent, level and number of sublocations (light, for tree views).',
  model: 'stocklocation',
  tag: 'stock',
  GET: method({
    access: 'stock_location',
    query: S.LocationTreeQuery,
    handler: ({ ctx, query, url }) => locations.locationTree(ctx, query, url),
  }),
});

export const locationTypeList = endpoint({
  path: '/api/stock/location-type/',
  name: 'Stock Location Type List',
  model: 'stocklocationtype',
  tag: 'stock',
  GET: method({
    access: 'stock_location',
    query: S.LocationTypeQuery,
    response: listResponse(S.LocationType),
    handler: ({ ctx, query, url }) => locations.listLocationTypes(ctx, query, url),
  }),
  POST: method({
    access: 'stock_location',
    body: S.LocationTypeBody,
    response: S.LocationType,
    handler: ({ ctx, body }) => locations.createLocationType(ctx, body),
  }),
});

const typeWrite = (partial: boolean) =>
  method({
    access: 'stock_location',
    params: S.idParams,
    body: partial ? S.LocationTypeBody.partial() : S.LocationTypeBody,
    response: S.LocationType,
    handler: ({ ctx, params, body }) => locations.updateLocationType(ctx, params.id, body),
  });

export const locationTypeDetail = endpoint({
  path: '/api/stock/location-type/{id}/',
  name: 'Stock Location Type Detail',
  model: 'stocklocationtype',
  tag: 'stock',
  GET: method({
    access: 'stock_location',
    params: S.idParams,
    response: S.LocationType,
    handler: ({ ctx, params }) => locations.getLocationType(ctx, params.id),
  }),
  PUT: typeWrite(false),
  PATCH: typeWrite(true),
  DELETE: method({
    access: 'stock_location',
    params: S.idParams,
    handler: ({ ctx, params }) => locations.deleteLocationType(ctx, params.id),
  }),
});

// ---------------------------------------------------------------- stock items

const stockBulkUpdate = method({
  access: 'stock',
  body: S.StockBulkBody,
  status: 200,
  handler: ({ ctx, body, url }) => {
    const { items: sel, filters, ...fields } = body;
    return items.bulkUpdateStockItems(
      ctx,
      { items: sel, filters, all: allFlag(url.searchParams.get('all')) },
      fields,
    );
  },
});

export const stockList = endpoint({
  path: '/api/stock/',
  name: 'Stock List',
  description: 'API endpoint for list view of Stock objects.',
  model: 'stockitem',
  tag: 'stock',
  GET: method({
    access: 'stock',
    query: S.StockQuery,
    response: listResponse(S.StockItem),
    handler: ({ ctx, query, url }) => items.listStockItems(ctx, query, url),
  }),
  POST: method({
    access: 'stock',
    body: S.StockCreateBody,
    response: z.array(S.StockItem),
    handler: ({ ctx, body }) => items.createStockItems(ctx, body),
  }),
  PUT: stockBulkUpdate,
  PATCH: stockBulkUpdate,
  DELETE: method({
    access: 'stock',
    body: S.StockBulkDeleteBody,
    status: 200,
    handler: ({ ctx, body, url }) =>
      items.bulkDeleteStockItems(ctx, {
        items: body.items,
        filters: body.filters,
        all: allFlag(url.searchParams.get('all')),
      }),
  }),
});

const stockWrite = (partial: boolean) =>
  method({
    access: 'stock',
    params: S.idParams,
    body: partial ? S.StockEditBody.partial() : S.StockEditBody,
    response: S.StockItem,
    handler: ({ ctx, params, body }) => items.updateStockItem(ctx, params.id, body),
  });

export const stockDetail = endpoint({
  path: '/api/stock/{id}/',
  name: 'Stock Detail',
  description: 'API detail endpoint for a single StockItem instance.',
  model: 'stockitem',
  tag: 'stock',
  GET: method({
    access: 'stock',
    params: S.idParams,
    query: S.StockDetailQuery,
    response: S.StockItem,
    handler: ({ ctx, params, query }) => items.getStockItem(ctx, params.id, query),
  }),
  PUT: stockWrite(false),
  PATCH: stockWrite(true),
  DELETE: method({
    access: 'stock',
    params: S.idParams,
    handler: ({ ctx, params }) => items.deleteStockItem(ctx, params.id),
  }),
});

export const stockStatus = endpoint({
  path: '/api/stock/status/',
  name: 'Stock Status',
  description: 'The StockStatus codes: key, name, label and colour of each.',
  tag: 'stock',
  GET: method({ access: 'user', handler: async () => history.stockStatusClass() }),
});

// ---------------------------------------------------------------- ledger

export const trackingList = endpoint({
  path: '/api/stock/track/',
  name: 'Stock Tracking List',
  description: 'API endpoint for list view of StockItemTracking objects (read only).',
  model: 'stockitemtracking',
  tag: 'stock',
  GET: method({
    access: 'stock',
    query: S.TrackingQuery,
    response: listResponse(S.TrackingEntry),
    handler: ({ ctx, query, url }) => history.listTracking(ctx, query, url),
  }),
});

export const trackingDetail = endpoint({
  path: '/api/stock/track/{id}/',
  name: 'Stock Tracking Detail',
  model: 'stockitemtracking',
  tag: 'stock',
  GET: method({
    access: 'stock',
    params: S.idParams,
    query: S.TrackingDetailQuery,
    response: S.TrackingEntry,
    handler: ({ ctx, params, query }) => history.getTracking(ctx, params.id, query),
  }),
});

export const trackingStatus = endpoint({
  path: '/api/stock/track/status/',
  name: 'Stock Tracking Status',
  description: 'The StockHistoryCode values: key, name and label of each ledger entry type.',
  tag: 'stock',
  GET: method({ access: 'user', handler: async () => history.stockHistoryClass() }),
});

// ---------------------------------------------------------------- test results

export const testResultList = endpoint({
  path: '/api/stock/test/',
  name: 'Stock Item Test Result List',
  model: 'stockitemtestresult',
  tag: 'stock',
  GET: method({
    access: 'stock',
    query: S.TestResultQuery,
    response: listResponse(S.TestResult),
    handler: ({ ctx, query, url }) => tests.listTestResults(ctx, query, url),
  }),
  POST: method({
    access: 'stock',
    body: S.TestResultCreateBody,
    handler: ({ ctx, body }) => tests.createTestResults(ctx, body),
  }),
});

export const testResultDetail = endpoint({
  path: '/api/stock/test/{id}/',
  name: 'Stock Item Test Result Detail',
  model: 'stockitemtestresult',
  tag: 'stock',
  GET: method({
    access: 'stock',
    params: S.idParams,
    query: S.TestResultDetailQuery,
    response: S.TestResult,
    handler: ({ ctx, params, query }) => tests.getTestResult(ctx, params.id, query),
  }),
  PATCH: method({
    access: 'stock',
    params: S.idParams,
    body: S.TestResultBody.partial(),
    response: S.TestResult,
    handler: ({ ctx, params, body }) => tests.updateTestResult(ctx, params.id, body),
  }),
  PUT: method({
    access: 'stock',
    params: S.idParams,
    body: S.TestResultBody,
    response: S.TestResult,
    handler: ({ ctx, params, body }) => tests.updateTestResult(ctx, params.id, body),
  }),
  DELETE: method({
    access: 'stock',
    params: S.idParams,
    handler: ({ ctx, params }) => tests.deleteTestResult(ctx, params.id),
  }),
});
