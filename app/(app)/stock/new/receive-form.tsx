'use client';

import { useActionState } from 'react';
import { FormErrors, type Option, SelectField, TextAreaField } from '@/components/form-fields';
import { Button, Field, LinkButton } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { echoed, errorMessages } from '../../admin/_shared/form-values';
import { type ReceiveFormState, receiveStockAction } from './actions';

const INLINE = new Set([
  'part',
  'location',
  'quantity',
  'batch',
  'serial_numbers',
  'status',
  'expiry_date',
  'purchase_price',
  'packaging',
  'notes',
]);

/** The "new stock item" form; on success the action opens the item. */
export function ReceiveForm({
  part,
  location,
  locations,
  statuses,
  expiry,
  cancelHref,
}: {
  /** The part chosen before (from `?part=`), shown by name. */
  part: { pk: number; name: string; trackable: boolean; units: string | null } | null;
  location: number | null;
  locations: Option[];
  statuses: Option[];
  /** Default expiry date (today + the part's default expiry), if any. */
  expiry: string;
  cancelHref: string;
}) {
  const [state, action, pending] = useActionState<ReceiveFormState, FormData>(receiveStockAction, {});
  const v = state.values;
  const text = (name: string, fallback: string | number | null | undefined) => echoed(v, name, fallback);
  const err = (name: string) => errorsFor(state, name);
  const summary = errorMessages({
    message: state.message,
    errors: Object.fromEntries(Object.entries(state.errors ?? {}).filter(([k]) => !INLINE.has(k))),
  });
  return (
    <form action={action} className="flex flex-col gap-4" data-testid="receive-form">
      {part ? (
        <div className="flex flex-col gap-1">
          <input type="hidden" name="part" value={part.pk} />
          <span className="text-sm font-medium text-slate-700">Part</span>
          <span className="text-sm" data-testid="receive-part">
            {part.name}
          </span>
          {err('part') ? <p className="text-xs text-red-600">{err('part')!.join(' ')}</p> : null}
        </div>
      ) : (
        <Field
          label="Part"
          name="part"
          required
          autoComplete="off"
          hint="The part id, its IPN or name, or a scanned part barcode."
          defaultValue={text('part', '')}
          error={err('part')}
        />
      )}
      <SelectField
        label="Location"
        name="location"
        blank="— no location —"
        options={locations}
        defaultValue={text('location', location)}
        error={err('location')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Quantity"
          name="quantity"
          required
          inputMode="decimal"
          hint={part?.units ? `In ${part.units}.` : undefined}
          defaultValue={text('quantity', '1')}
          error={err('quantity')}
        />
        <SelectField
          label="Status"
          name="status"
          options={statuses}
          defaultValue={text('status', 10)}
          error={err('status')}
        />
        <Field
          label="Batch code"
          name="batch"
          maxLength={100}
          defaultValue={text('batch', '')}
          error={err('batch')}
        />
        <Field
          label="Serial numbers"
          name="serial_numbers"
          maxLength={1000}
          hint={`One per item, e.g. 1-5, 10+2, ~ (next free)${part && !part.trackable ? '; only for trackable parts' : ''}.`}
          defaultValue={text('serial_numbers', '')}
          error={err('serial_numbers')}
        />
        <Field
          label="Expiry date"
          name="expiry_date"
          type="date"
          defaultValue={text('expiry_date', expiry)}
          error={err('expiry_date')}
        />
        <Field
          label="Purchase price"
          name="purchase_price"
          inputMode="decimal"
          defaultValue={text('purchase_price', '')}
          error={err('purchase_price')}
        />
        <Field
          label="Packaging"
          name="packaging"
          maxLength={50}
          defaultValue={text('packaging', '')}
          error={err('packaging')}
        />
      </div>
      <TextAreaField
        label="Notes"
        name="notes"
        rows={3}
        defaultValue={text('notes', '')}
        error={err('notes')}
      />
      <FormErrors messages={summary} />
      <div className="flex flex-wrap gap-3">
        <Button disabled={pending}>Receive stock</Button>
        <LinkButton href={cancelHref}>Cancel</LinkButton>
      </div>
    </form>
  );
}
