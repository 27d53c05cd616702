import { fieldError } from '@/lib/errors';
import type { Ctx } from '@/server/context';
import { listStockItems } from '@/server/stock';
import { StockQuery } from '@/server/stock/schemas';
import { parseScan } from './barcode';
import { rowsOf } from './types';

const LOCAL = new URL('http://local/api/stock/');

/**
 * The stock item a form's item field names: a scanned barcode (`INV-SI42`, `{"stockitem": 42}`),
 * `#42`, or a serial number, looked up among the part's items (every part's when none is given;
 * then it must be unique). Errors are the field's own, as the API would word them.
 */
export async function resolveItem(
  ctx: Ctx,
  raw: string,
  opts: { field: string; part?: string },
): Promise<number> {
  const target = parseScan(raw);
  if (target.kind === 'item') return target.pk;
  if (target.kind === 'empty') throw fieldError(opts.field, 'This field is required.');
  if (target.kind !== 'serial') throw fieldError(opts.field, 'This barcode is not a stock item.');
  const part = opts.part?.trim();
  if (part && !/^\d{1,9}$/.test(part)) throw fieldError('part', 'Enter a number.');
  const query = StockQuery.parse({ serial: target.serial, part: part || undefined, limit: '2' });
  const rows = rowsOf<{ pk: number; serial: string | null }>(await listStockItems(ctx, query, LOCAL)).filter(
    (r) => r.serial === target.serial,
  );
  if (rows.length === 1) return rows[0]!.pk;
  if (!rows.length) throw fieldError(opts.field, `No stock item has serial number "${target.serial}".`);
  throw fieldError(opts.field, `Several parts have serial number "${target.serial}": choose the part.`);
}
