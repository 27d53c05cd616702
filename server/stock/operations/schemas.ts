import { STOCK_STATUS_CODES } from '@/domain/stock';
import { bool, int, relatedId, text, z } from '@/lib/zod';

export const idParams = z.object({ id: int() });

/**
 * DRF's DecimalField(max_digits=15, decimal_places=5, min_value=0) with its messages. The value
 * stays a canonical decimal string (never a float): quantities are numeric(15,5) in PostgreSQL.
 */
export function quantityField() {
  return z.preprocess(
    (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : v),
    z.string().transform((s, ctx) => {
      const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
      if (!m || (m[2] === '' && !m[3])) {
        ctx.addIssue({ code: 'custom', message: 'A valid number is required.' });
        return z.NEVER;
      }
      const whole = m[2]!.replace(/^0+(?=\d)/, '') || '0';
      const frac = (m[3] ?? '').replace(/0+$/, '');
      if (frac.length > 5) {
        ctx.addIssue({ code: 'custom', message: 'Ensure that there are no more than 5 decimal places.' });
        return z.NEVER;
      }
      if (whole.replace(/^0$/, '').length > 10) {
        ctx.addIssue({
          code: 'custom',
          message: 'Ensure that there are no more than 10 digits before the decimal point.',
        });
        return z.NEVER;
      }
      const isZero = /^0*$/.test(whole) && frac === '';
      if (m[1] === '-' && !isZero) {
        ctx.addIssue({ code: 'custom', message: 'Ensure this value is greater than or equal to 0.' });
        return z.NEVER;
      }
      return frac ? `${whole}.${frac}` : whole;
    }),
  );
}

/** A StockStatus key; `null`/blank means "no change" where the field allows it. */
function statusField() {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().refine((n) => (STOCK_STATUS_CODES as number[]).includes(n), {
      error: (iss) => `"${String(iss.input)}" is not a valid choice.`,
    }),
  );
}
const optionalStatus = () =>
  z
    .preprocess((v) => (v === '' ? null : v), statusField().nullable().optional())
    .meta({
      title: 'Status',
      description: 'Stock item status code',
    });

const note = (title: string) => text(512, { multiline: true }).optional().meta({ title, description: title });

const stockItemRef = (title: string) => relatedId({ model: 'stockitem', api_url: '/api/stock/', title });
const locationRef = (title: string) =>
  relatedId({ model: 'stocklocation', api_url: '/api/stock/location/', title });

/** StockAdjustmentItem: `{pk, quantity, batch?, status?, packaging?}`. */
export const StockAdjustmentItem = z.object({
  pk: stockItemRef('stock_item'),
  quantity: quantityField().meta({ title: 'Quantity', type: 'decimal' }),
  batch: text(100).optional().meta({ title: 'Batch Code', description: 'Batch code for this stock item' }),
  status: optionalStatus(),
  packaging: text(50)
    .optional()
    .meta({ title: 'Packaging', description: 'Packaging this stock item is stored in' }),
});
export type StockAdjustmentItem = z.infer<typeof StockAdjustmentItem>;

export const StockAdjustBody = z.object({
  items: z.array(StockAdjustmentItem),
  notes: note('Notes'),
});
export type StockAdjustBody = z.infer<typeof StockAdjustBody>;

export const StockCountBody = StockAdjustBody.extend({
  location: locationRef('Location').nullable().optional(),
});
export type StockCountBody = z.infer<typeof StockCountBody>;

export const StockTransferBody = StockAdjustBody.extend({ location: locationRef('Location') });
export type StockTransferBody = z.infer<typeof StockTransferBody>;

export const StockReturnBody = StockAdjustBody.extend({
  location: locationRef('Location'),
  merge: bool().optional().meta({
    title: 'Merge into existing stock',
    description: 'Merge returned items into existing stock items if possible',
  }),
});
export type StockReturnBody = z.infer<typeof StockReturnBody>;

export const StockMergeBody = z.object({
  items: z.array(z.object({ item: stockItemRef('Stock Item') })),
  location: locationRef('Location'),
  notes: note('Notes'),
  allow_mismatched_suppliers: bool().optional(),
  allow_mismatched_status: bool().optional(),
});
export type StockMergeBody = z.infer<typeof StockMergeBody>;

export const StockAssignBody = z.object({
  items: z.array(z.object({ item: stockItemRef('Stock Item') })),
  // Companies do not exist yet: any positive integer is accepted as the customer id.
  customer: relatedId({ model: 'company', api_url: '/api/company/', title: 'Customer' }).refine(
    (n) => n > 0,
    {
      message: 'Invalid pk - object does not exist.',
    },
  ),
  notes: note('Notes'),
});
export type StockAssignBody = z.infer<typeof StockAssignBody>;

export const StockChangeStatusBody = z.object({
  items: z.array(int()),
  status: statusField().optional().meta({ title: 'Status' }),
  note: note('Notes'),
});
export type StockChangeStatusBody = z.infer<typeof StockChangeStatusBody>;

export const InstallBody = z.object({
  stock_item: stockItemRef('Stock Item'),
  quantity: int()
    .refine((n) => n >= 1, { message: 'Ensure this value is greater than or equal to 1.' })
    .optional(),
  note: note('Note'),
});
export type InstallBody = z.infer<typeof InstallBody>;

export const UninstallBody = z.object({ location: locationRef('Location'), note: note('Notes') });
export type UninstallBody = z.infer<typeof UninstallBody>;

export const SerializeBody = z.object({
  quantity: int().refine((n) => n >= 0, { message: 'Ensure this value is greater than or equal to 0.' }),
  serial_numbers: text(10_000, { blank: false }),
  destination: locationRef('Location'),
  notes: note('Notes'),
});
export type SerializeBody = z.infer<typeof SerializeBody>;

export const ConvertBody = z.object({
  part: relatedId({ model: 'part', api_url: '/api/part/', title: 'Part' }),
});
export type ConvertBody = z.infer<typeof ConvertBody>;
