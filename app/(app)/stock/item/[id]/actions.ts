'use server';

import { redirect } from 'next/navigation';
import { AppError } from '@/lib/errors';
import { type FormState, formAction, formObject } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { int, z } from '@/lib/zod';
import type { Ctx } from '@/server/context';
import { getStockItem } from '@/server/stock';
import {
  addStock,
  changeStockStatus,
  countStock,
  installStockItem,
  removeStock,
  serializeStockItem,
  transferStock,
  uninstallStockItem,
} from '@/server/stock/operations';
import {
  InstallBody,
  SerializeBody,
  StockAdjustBody,
  StockChangeStatusBody,
  StockCountBody,
  StockTransferBody,
  UninstallBody,
} from '@/server/stock/operations/schemas';
import { resolveItem } from '../../_lib/resolve';
import { revalidateStock } from '../../_lib/revalidate';

/**
 * The item page's dialogs. Each needs stock.change (InvenTree pins every adjustment to it), turns
 * the form into the API's body for this one item and calls one verb.
 */
async function done<T>(result: FormState<T>): Promise<FormState<T>> {
  if (result.ok) revalidateStock();
  return result;
}

/**
 * After a count or a removal: an item that reached zero and was deleted (delete_on_deplete) has no
 * page any more, so the list of its location opens instead.
 */
async function leaveIfDeleted<T>(ctx: Ctx, form: FormData, result: FormState<T>): Promise<FormState<T>> {
  if (!result.ok) return result;
  const id = Number(form.get('id'));
  const location = String(form.get('location_now') ?? '');
  const gone = await getStockItem(ctx, id).then(
    () => false,
    (err: unknown) => err instanceof AppError && err.code === 'not_found',
  );
  if (gone) {
    revalidateStock();
    redirect(/^\d+$/.test(location) ? `/stock?location=${location}` : '/stock');
  }
  return result;
}

/** `{id, quantity, notes, ...}` → `{items: [{pk: id, quantity}], notes, ...}`. */
function adjustInput(form: FormData, extra: string[] = []): Record<string, unknown> {
  const raw = formObject(form);
  const out: Record<string, unknown> = {
    items: [{ pk: raw.id, quantity: raw.quantity }],
    notes: raw.notes ?? '',
  };
  for (const key of extra) if (raw[key] !== undefined && raw[key] !== '') out[key] = raw[key];
  return out;
}

/** Item-list errors (`items: [{quantity: [...]}]`) become the form's own field errors. */
function flatten<T>(result: FormState<T>): FormState<T> {
  const items = result.errors?.items;
  if (!Array.isArray(items) || !items[0] || typeof items[0] !== 'object') return result;
  const { items: _drop, ...rest } = result.errors!;
  return { ...result, errors: { ...rest, ...(items[0] as Record<string, string[]>) } };
}

export async function countAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  const result = await formAction(StockCountBody, adjustInput(form), (body) => countStock(ctx, body));
  return done(await leaveIfDeleted(ctx, form, flatten(result)));
}

export async function addAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  return done(flatten(await formAction(StockAdjustBody, adjustInput(form), (body) => addStock(ctx, body))));
}

export async function removeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  const result = await formAction(StockAdjustBody, adjustInput(form), (body) => removeStock(ctx, body));
  return done(await leaveIfDeleted(ctx, form, flatten(result)));
}

export async function transferAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  return done(
    flatten(
      await formAction(StockTransferBody, adjustInput(form, ['location']), (body) =>
        transferStock(ctx, body),
      ),
    ),
  );
}

export async function changeStatusAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  const raw = formObject(form);
  const input = { items: [raw.id], status: raw.status, note: raw.note ?? '' };
  return done(await formAction(StockChangeStatusBody, input, (body) => changeStockStatus(ctx, body)));
}

export async function serializeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  const raw = formObject(form);
  return done(
    await formAction(SerializeBody.extend({ id: int() }), raw, ({ id, ...body }) =>
      serializeStockItem(ctx, id, body),
    ),
  );
}

/** Installs another item into this one; the item field takes an id, a scanned barcode or a serial. */
export async function installAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  const raw = formObject(form);
  const schema = z.object({ id: int(), item: z.string(), part: z.string().optional() });
  return done(
    await formAction(schema, raw, async ({ id, item, part }) => {
      const stockItem = await resolveItem(ctx, item, { field: 'stock_item', part });
      const body = InstallBody.parse({
        stock_item: stockItem,
        quantity: raw.quantity === '' ? undefined : raw.quantity,
        note: raw.note ?? '',
      });
      return installStockItem(ctx, id, body);
    }),
  );
}

/** Takes an installed item out of this one, into a location. */
export async function uninstallAction(_prev: FormState, form: FormData): Promise<FormState> {
  const ctx = await requireAction('stock.change', 'POST');
  return done(
    await formAction(UninstallBody.extend({ id: int() }), formObject(form), ({ id, ...body }) =>
      uninstallStockItem(ctx, id, body),
    ),
  );
}
