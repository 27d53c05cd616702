'use client';

import { useActionState } from 'react';
import { FormErrors, type Option, SelectField } from '@/components/form-fields';
import { Button, Field, LinkButton } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { FlagField } from '../../admin/_shared/fields';
import { echoed, echoedFlag } from '../../admin/_shared/form-values';
import { createLocationAction, type LocationFormState, updateLocationAction } from './actions';

export interface LocationValues {
  pk?: number;
  name: string;
  description: string;
  parent: number | null;
  structural: boolean;
  external: boolean;
  location_type: number | null;
  custom_icon: string;
}

/** New or edit location form; on success the action opens the location. */
export function LocationForm({
  location,
  parents,
  types,
  cancelHref,
}: {
  location: LocationValues;
  /** Possible parents (the location's own subtree left out), labelled by path. */
  parents: Option[];
  /** Location types; null when they cannot be listed (the field is left out). */
  types: Option[] | null;
  cancelHref: string;
}) {
  const isNew = location.pk === undefined;
  const [state, action, pending] = useActionState<LocationFormState, FormData>(
    isNew ? createLocationAction : updateLocationAction,
    {},
  );
  const v = state.values;
  const text = (name: keyof LocationValues, fallback: string | number | null) => echoed(v, name, fallback);
  const flag = (name: keyof LocationValues, fallback: boolean) => echoedFlag(v, name, fallback);
  return (
    <form action={action} className="flex flex-col gap-4" data-testid="location-form">
      {isNew ? null : <input type="hidden" name="id" value={location.pk} />}
      <Field
        label="Name"
        name="name"
        required
        maxLength={100}
        defaultValue={text('name', location.name)}
        error={errorsFor(state, 'name')}
      />
      <Field
        label="Description"
        name="description"
        maxLength={250}
        defaultValue={text('description', location.description)}
        error={errorsFor(state, 'description')}
      />
      <SelectField
        label="Parent location"
        name="parent"
        blank="— top level —"
        options={parents}
        defaultValue={String(text('parent', location.parent))}
        error={errorsFor(state, 'parent')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        {types ? (
          <SelectField
            label="Location type"
            name="location_type"
            blank="— none —"
            options={types}
            defaultValue={String(text('location_type', location.location_type))}
            error={errorsFor(state, 'location_type')}
          />
        ) : null}
        <Field
          label="Icon"
          name="custom_icon"
          maxLength={100}
          hint="An icon name, e.g. ti:box:outline (else the location type's icon)."
          defaultValue={text('custom_icon', location.custom_icon)}
          error={errorsFor(state, 'custom_icon')}
        />
      </div>
      <FlagField
        label="Structural"
        name="structural"
        defaultChecked={flag('structural', location.structural)}
        hint="Stock cannot be put directly into a structural location, only into its sublocations."
        error={errorsFor(state, 'structural')}
      />
      <FlagField
        label="External"
        name="external"
        defaultChecked={flag('external', location.external)}
        hint="An external location (e.g. at a supplier or a subcontractor)."
        error={errorsFor(state, 'external')}
      />
      <FormErrors messages={[...(errorsFor(state, 'non_field_errors') ?? []), state.message]} />
      <div className="flex flex-wrap gap-3">
        <Button disabled={pending}>{isNew ? 'Create location' : 'Save location'}</Button>
        <LinkButton href={cancelHref}>Cancel</LinkButton>
      </div>
    </form>
  );
}
