import { endpoint, method } from '@/lib/http/endpoint';
import type { z } from '@/lib/zod';
import * as ops from './index';
import * as S from './schemas';

/*
 * Access: the bulk adjustments (count, add, remove, transfer, merge, assign, return, change_status)
 * need `stock.change` — they change existing items. The per-item actions that InvenTree serves as
 * CreateAPI views on StockItem (serialize, install, uninstall, convert) follow its POST→add rule:
 * `stock.add`. Each answers 201 like InvenTree's action POSTs, echoing the accepted input
 * (serialize answers the created items).
 */
const adjust = <B>(
  path: string,
  name: string,
  body: z.ZodType<B>,
  handler: (ctx: Parameters<typeof ops.addStock>[0], body: B) => Promise<unknown>,
) =>
  endpoint({
    path,
    name,
    model: 'stockitem',
    tag: 'stock',
    POST: method({ access: 'stock.change', body, handler: ({ ctx, body }) => handler(ctx, body) }),
  });

export const stockCount = adjust('/api/stock/count/', 'Stock Count', S.StockCountBody, ops.countStock);
export const stockAdd = adjust('/api/stock/add/', 'Stock Add', S.StockAdjustBody, ops.addStock);
export const stockRemove = adjust('/api/stock/remove/', 'Stock Remove', S.StockAdjustBody, ops.removeStock);
export const stockTransfer = adjust(
  '/api/stock/transfer/',
  'Stock Transfer',
  S.StockTransferBody,
  ops.transferStock,
);
export const stockMerge = adjust('/api/stock/merge/', 'Stock Merge', S.StockMergeBody, ops.mergeStock);
export const stockAssign = adjust(
  '/api/stock/assign/',
  'Stock Assign',
  S.StockAssignBody,
  ops.assignToCustomer,
);
export const stockReturn = adjust('/api/stock/return/', 'Stock Return', S.StockReturnBody, ops.returnStock);
export const stockChangeStatus = adjust(
  '/api/stock/change_status/',
  'Stock Change Status',
  S.StockChangeStatusBody,
  ops.changeStockStatus,
);

const itemAction = <B>(
  path: string,
  name: string,
  body: z.ZodType<B>,
  handler: (ctx: Parameters<typeof ops.addStock>[0], id: number, body: B) => Promise<unknown>,
) =>
  endpoint({
    path,
    name,
    model: 'stockitem',
    tag: 'stock',
    POST: method({
      access: 'stock.add',
      params: S.idParams,
      body,
      handler: ({ ctx, params, body }) => handler(ctx, params.id, body),
    }),
  });

export const stockInstall = itemAction(
  '/api/stock/{id}/install/',
  'Stock Item Install',
  S.InstallBody,
  ops.installStockItem,
);
export const stockUninstall = itemAction(
  '/api/stock/{id}/uninstall/',
  'Stock Item Uninstall',
  S.UninstallBody,
  ops.uninstallStockItem,
);
export const stockSerialize = itemAction(
  '/api/stock/{id}/serialize/',
  'Stock Item Serialize',
  S.SerializeBody,
  ops.serializeStockItem,
);
export const stockConvert = itemAction(
  '/api/stock/{id}/convert/',
  'Stock Item Convert',
  S.ConvertBody,
  ops.convertStockItem,
);
