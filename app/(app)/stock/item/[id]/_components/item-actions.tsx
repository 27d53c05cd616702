import type { ReactNode } from 'react';
import { type Option, SelectField, TextAreaField } from '@/components/form-fields';
import { Field } from '@/components/ui';
import { StatusForm } from '../../../../admin/_shared/status-form';
import { STATUS_OPTIONS } from '../../../_components/status-badge';
import { qty, type StockItemView } from '../../../_lib/types';
import {
  addAction,
  changeStatusAction,
  countAction,
  installAction,
  removeAction,
  serializeAction,
  transferAction,
} from '../actions';

/** One adjustment as a disclosure: the summary is the button, the form opens under it (no JavaScript). */
function Dialog({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <details className="group rounded-md border border-slate-200" data-testid={`${testId}-dialog`}>
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 group-open:border-b group-open:border-slate-200">
        {label}
      </summary>
      <div className="p-3">{children}</div>
    </details>
  );
}

const notes = (id: string, name = 'notes') => (
  <TextAreaField label="Notes" name={name} id={id} rows={2} maxLength={512} />
);

/**
 * The adjustments of one stock item (InvenTree's stock actions): count, add, remove, transfer,
 * change status, serialize, install. Shown only to users with stock.change.
 */
export function ItemActions({
  item,
  locations,
  isSerialized,
  canAdd,
}: {
  item: StockItemView;
  /** Where stock may go (structural locations disabled). */
  locations: Option[];
  isSerialized: boolean;
  /** Serialize and install create or re-home items: InvenTree asks for stock.add. */
  canAdd: boolean;
}) {
  const hidden = <input type="hidden" name="id" value={item.pk} />;
  // Where to go if the item is used up and deleted.
  const here = <input type="hidden" name="location_now" value={item.location ?? ''} />;
  const trackable = !!item.part_detail?.trackable;
  return (
    <div className="flex flex-col gap-2" data-testid="stock-actions">
      <Dialog label="Count stock" testId="count">
        <StatusForm action={countAction} submitLabel="Count" okText="Counted." testId="count-form">
          {hidden}
          {here}
          <Field
            label="Counted quantity"
            name="quantity"
            id="count-quantity"
            inputMode="decimal"
            required
            defaultValue={qty(item.quantity)}
          />
          {notes('count-notes')}
        </StatusForm>
      </Dialog>
      {isSerialized ? null : (
        <>
          <Dialog label="Add stock" testId="add">
            <StatusForm action={addAction} submitLabel="Add" okText="Added." testId="add-form">
              {hidden}
              <Field label="Quantity to add" name="quantity" id="add-quantity" inputMode="decimal" required />
              {notes('add-notes')}
            </StatusForm>
          </Dialog>
          <Dialog label="Remove stock" testId="remove">
            <StatusForm action={removeAction} submitLabel="Remove" okText="Removed." testId="remove-form">
              {hidden}
              {here}
              <Field
                label="Quantity to remove"
                name="quantity"
                id="remove-quantity"
                inputMode="decimal"
                required
              />
              {notes('remove-notes')}
            </StatusForm>
          </Dialog>
        </>
      )}
      <Dialog label="Transfer stock" testId="transfer">
        <StatusForm
          action={transferAction}
          submitLabel="Transfer"
          okText="Transferred."
          testId="transfer-form"
        >
          {hidden}
          <SelectField
            label="Destination"
            name="location"
            id="transfer-location"
            options={locations}
            blank="— choose a location —"
            required
            defaultValue=""
          />
          <Field
            label="Quantity"
            name="quantity"
            id="transfer-quantity"
            inputMode="decimal"
            required
            defaultValue={qty(item.quantity)}
            hint="Less than the whole quantity splits the item: the rest stays here."
          />
          {notes('transfer-notes')}
        </StatusForm>
      </Dialog>
      <Dialog label="Change status" testId="status">
        <StatusForm action={changeStatusAction} submitLabel="Set status" testId="status-form">
          {hidden}
          <SelectField
            label="Status"
            name="status"
            id="status-status"
            options={STATUS_OPTIONS}
            defaultValue={String(item.status)}
          />
          {notes('status-notes', 'note')}
        </StatusForm>
      </Dialog>
      {canAdd && trackable && !isSerialized ? (
        <Dialog label="Serialize stock" testId="serialize">
          <StatusForm
            action={serializeAction}
            submitLabel="Serialize"
            okText="Serialized."
            testId="serialize-form"
          >
            {hidden}
            <Field
              label="Quantity"
              name="quantity"
              id="serialize-quantity"
              inputMode="numeric"
              required
              defaultValue={qty(item.quantity)}
            />
            <Field
              label="Serial numbers"
              name="serial_numbers"
              id="serialize-serials"
              required
              hint="e.g. 1-5, 10+2, ~ (next free), as many as the quantity."
            />
            <SelectField
              label="Destination"
              name="destination"
              id="serialize-destination"
              options={locations}
              blank="— choose a location —"
              required
              defaultValue={item.location === null ? '' : String(item.location)}
            />
            {notes('serialize-notes')}
          </StatusForm>
        </Dialog>
      ) : null}
      {canAdd ? (
        <Dialog label="Install item" testId="install">
          <StatusForm action={installAction} submitLabel="Install" okText="Installed." testId="install-form">
            {hidden}
            <Field
              label="Stock item"
              name="item"
              id="install-item"
              required
              autoComplete="off"
              hint="Scan its barcode, or type #id or a serial number."
            />
            <Field
              label="Part (for a serial number)"
              name="part"
              id="install-part"
              inputMode="numeric"
              hint="The part id, when a serial number exists for several parts."
            />
            <Field
              label="Quantity"
              name="quantity"
              id="install-quantity"
              inputMode="numeric"
              defaultValue="1"
            />
            {notes('install-notes', 'note')}
          </StatusForm>
        </Dialog>
      ) : null}
    </div>
  );
}
