'use server';

import { redirect } from 'next/navigation';
import { fieldError, validation } from '@/lib/errors';
import { formAction, formObject } from '@/lib/form-action';
import { rowsOf } from '@/lib/http/respond';
import { zodToFieldErrors } from '@/lib/http/zod-errors';
import { requireAction } from '@/lib/page-auth';
import { z } from '@/lib/zod';
import type { Ctx } from '@/server/context';
import { listParts } from '@/server/parts';
import { createStockItems } from '@/server/stock';
import { StockCreateBody } from '@/server/stock/schemas';
import { type EchoState, formValues } from '../../admin/_shared/form-values';
import { parseScan } from '../_lib/barcode';
import { revalidateStock } from '../_lib/revalidate';

export type ReceiveFormState = EchoState<{ ids: number[] }>;

const OPTIONAL = ['batch', 'serial_numbers', 'expiry_date', 'purchase_price', 'packaging', 'notes'] as const;

/** The part field takes an id, a part barcode (`INV-PA7`, `{"part": 7}`), or an exact IPN or name. */
async function resolvePart(ctx: Ctx, raw: string): Promise<number> {
  const s = raw.trim();
  if (/^\d{1,9}$/.test(s)) return Number(s);
  const scan = parseScan(s);
  if (scan.kind === 'part') return scan.pk;
  if (scan.kind === 'empty') throw fieldError('part', 'This field is required.');
  if (scan.kind !== 'serial') throw fieldError('part', 'This barcode is not a part.');
  const list = await listParts(
    ctx,
    { search: s, search_regex: false, search_whole: false, limit: '20', ordering: 'name' },
    new URL('http://local/api/part/'),
  );
  const rows = rowsOf<{
    pk: number;
    IPN: string;
    name: string;
    full_name: string;
  }>(list);
  const exact = rows.filter((p) =>
    [p.IPN, p.name, p.full_name].some((v) => v?.toLowerCase() === s.toLowerCase()),
  );
  if (exact.length === 1) return exact[0]!.pk;
  throw fieldError(
    'part',
    exact.length ? `Several parts match "${s}": use the part id.` : `No part matches "${s}".`,
  );
}

/**
 * Receives stock (InvenTree's "new stock item"): one item, or one per serial number when serials
 * are given in InvenTree's grammar. Opens the item (the first one for serials).
 */
export async function receiveStockAction(_prev: ReceiveFormState, form: FormData): Promise<ReceiveFormState> {
  const ctx = await requireAction('stock', 'POST');
  const raw = formObject(form);
  const result = await formAction(z.object({ part: z.string() }).loose(), raw, async () => {
    const input: Record<string, unknown> = {
      part: await resolvePart(ctx, String(raw.part ?? '')),
      quantity: raw.quantity,
      location: raw.location === '' || raw.location === undefined ? null : raw.location,
      status: raw.status,
    };
    for (const key of OPTIONAL) if (typeof raw[key] === 'string' && raw[key] !== '') input[key] = raw[key];
    const parsed = StockCreateBody.safeParse(input);
    if (!parsed.success) throw validation(zodToFieldErrors(parsed.error, input));
    const created = (await createStockItems(ctx, parsed.data)) as { pk: number }[];
    return { ids: created.map((c) => c.pk) };
  });
  if (!result.ok) return { ...result, values: formValues(form) };
  revalidateStock();
  const ids = result.data!.ids;
  // Several serialized items: the list where they went; one item: its page.
  const location = String(raw.location ?? '');
  if (ids.length !== 1) redirect(/^\d+$/.test(location) ? `/stock?location=${location}` : '/stock');
  redirect(`/stock/item/${ids[0]}`);
}
