'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState, useEffect, useRef, useState } from 'react';
import { FormErrors, type Option, SelectField, TextAreaField } from '@/components/form-fields';
import { Button, Checkbox, Field, LinkButton } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import { echoed, echoedFlag, errorMessages } from '../../admin/_shared/form-values';
import { PART_FLAGS, type PartFlag } from '../_lib/types';
import { createPartAction, type PartFormState, updatePartAction } from '../actions';
import { sendForm } from './upload';

/** What the form edits: PartBody's editable fields as the part answer carries them. */
export interface PartFormValues {
  pk?: number;
  name: string;
  IPN: string;
  revision: string | null;
  description: string;
  category: number | null;
  keywords: string | null;
  units: string | null;
  link: string | null;
  minimum_stock: number | null;
  maximum_stock: number | null;
  default_expiry: number;
  variant_of: number | null;
  revision_of: number | null;
  responsible: number | null;
  tags: string[];
  notes: string | null;
  flags: Record<PartFlag, boolean>;
}

const INLINE_FIELDS = [
  'name',
  'category',
  'IPN',
  'revision',
  'description',
  'keywords',
  'units',
  'link',
  'tags',
  'minimum_stock',
  'maximum_stock',
  'default_expiry',
  'responsible',
  'variant_of',
  'revision_of',
  'notes',
];

export function PartForm({
  mode,
  part,
  categories,
  templates,
  revisionOptions,
  owners,
  cancelHref,
  duplicateOf,
}: {
  mode: 'create' | 'edit' | 'duplicate';
  part: PartFormValues;
  categories: Option[];
  /** Template parts this part may be a variant of. */
  templates: Option[];
  /** Parts this part may be a revision of; null when revisions are disabled. */
  revisionOptions: Option[] | null;
  owners: Option[];
  cancelHref: string;
  duplicateOf?: { pk: number; name: string };
}) {
  const router = useRouter();
  const [state, action, pending] = useActionState<PartFormState, FormData>(
    mode === 'edit' ? updatePartAction : createPartAction,
    {},
  );
  // The chosen image survives the form reset React does after every action (validation errors too).
  const image = useRef<File | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const handled = useRef<PartFormState | null>(null);
  const [upload, setUpload] = useState<{ busy: boolean; errors: string[]; partId?: number }>({
    busy: false,
    errors: [],
  });

  // Saved: send the chosen image to the API (multipart, streamed), then open the part.
  useEffect(() => {
    if (!state.ok || !state.data || handled.current === state) return;
    handled.current = state;
    const id = state.data.id;
    const file = image.current;
    if (!file) {
      router.push(`/part/${id}`);
      return;
    }
    setUpload({ busy: true, errors: [], partId: id });
    const body = new FormData();
    body.append('image', file);
    void sendForm(`/api/part/${id}/`, 'PATCH', body).then((r) => {
      if (r.ok) router.push(`/part/${id}`);
      else setUpload({ busy: false, errors: [...r.errors, ...Object.values(r.fields).flat()], partId: id });
    });
  }, [state, router]);

  const v = state.values;
  const text = (name: string, fallback: string | number | null | undefined) => echoed(v, name, fallback);
  const checked = (name: string, fallback: boolean) => echoedFlag(v, name, fallback);
  const err = (name: string) => errorsFor(state, name);
  // Errors of fields without an input here (non_field_errors, duplicate, ...) go in the summary.
  const inline = new Set([...INLINE_FIELDS, ...PART_FLAGS.map(([f]) => f)]);
  const summary = errorMessages({
    message: state.message,
    errors: Object.fromEntries(Object.entries(state.errors ?? {}).filter(([k]) => !inline.has(k))),
  });
  const submit = mode === 'edit' ? 'Save part' : mode === 'duplicate' ? 'Create copy' : 'Create part';

  return (
    <form action={action} className="flex flex-col gap-4" data-testid="part-form">
      {part.pk !== undefined && mode === 'edit' ? <input type="hidden" name="id" value={part.pk} /> : null}
      {duplicateOf ? <input type="hidden" name="duplicate_part" value={duplicateOf.pk} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Name"
          name="name"
          required
          maxLength={100}
          defaultValue={text('name', part.name)}
          error={err('name')}
        />
        <SelectField
          label="Category"
          name="category"
          blank="— no category —"
          options={categories}
          defaultValue={text('category', part.category)}
          error={err('category')}
        />
        <Field
          label="IPN"
          name="IPN"
          maxLength={100}
          defaultValue={text('IPN', part.IPN)}
          error={err('IPN')}
        />
        <Field
          label="Revision"
          name="revision"
          maxLength={100}
          defaultValue={text('revision', part.revision)}
          error={err('revision')}
        />
      </div>
      <Field
        label="Description"
        name="description"
        maxLength={250}
        defaultValue={text('description', part.description)}
        error={err('description')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Keywords"
          name="keywords"
          maxLength={250}
          defaultValue={text('keywords', part.keywords)}
          error={err('keywords')}
        />
        <Field
          label="Units"
          name="units"
          maxLength={20}
          hint="Physical units, e.g. m, kg, pcs."
          defaultValue={text('units', part.units)}
          error={err('units')}
        />
        <Field
          label="Link"
          name="link"
          type="url"
          maxLength={2000}
          placeholder="https://"
          defaultValue={text('link', part.link)}
          error={err('link')}
        />
        <Field
          label="Tags"
          name="tags"
          maxLength={1000}
          hint="Comma-separated."
          defaultValue={text('tags', part.tags.join(', '))}
          error={err('tags')}
        />
        <Field
          label="Minimum stock"
          name="minimum_stock"
          inputMode="decimal"
          defaultValue={text('minimum_stock', part.minimum_stock)}
          error={err('minimum_stock')}
        />
        <Field
          label="Maximum stock"
          name="maximum_stock"
          inputMode="decimal"
          defaultValue={text('maximum_stock', part.maximum_stock)}
          error={err('maximum_stock')}
        />
        <Field
          label="Default expiry (days)"
          name="default_expiry"
          type="number"
          min={0}
          step={1}
          defaultValue={text('default_expiry', part.default_expiry)}
          error={err('default_expiry')}
        />
        <SelectField
          label="Responsible"
          name="responsible"
          blank="— nobody —"
          options={owners}
          defaultValue={text('responsible', part.responsible)}
          error={err('responsible')}
        />
        <SelectField
          label="Variant of"
          name="variant_of"
          blank="— not a variant —"
          hint="Only template parts can have variants."
          options={templates}
          defaultValue={text('variant_of', part.variant_of)}
          error={err('variant_of')}
        />
        {revisionOptions ? (
          <SelectField
            label="Revision of"
            name="revision_of"
            blank="— not a revision —"
            options={revisionOptions}
            defaultValue={text('revision_of', part.revision_of)}
            error={err('revision_of')}
          />
        ) : null}
      </div>
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-sm font-medium text-slate-700">Properties</legend>
        <div className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
          {PART_FLAGS.map(([flag, label]) => (
            <Checkbox
              key={flag}
              name={flag}
              value="true"
              label={label}
              id={`f-${flag}`}
              defaultChecked={checked(flag, part.flags[flag])}
            />
          ))}
        </div>
        {PART_FLAGS.map(([flag]) =>
          err(flag) ? (
            <p key={flag} className="text-xs text-red-600" role="alert">
              {err(flag)!.join(' ')}
            </p>
          ) : null,
        )}
      </fieldset>
      {mode === 'create' ? (
        <div>
          <input type="hidden" name="copy_category_parameters_shown" value="1" />
          <Checkbox
            name="copy_category_parameters"
            value="true"
            label="Add the category's parameter templates"
            defaultChecked={checked('copy_category_parameters', true)}
          />
        </div>
      ) : null}
      {duplicateOf ? (
        <fieldset className="flex flex-col gap-1">
          <legend className="mb-1 text-sm font-medium text-slate-700">Copy from {duplicateOf.name}</legend>
          <div className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
            {(
              [
                ['copy_image', 'Image'],
                ['copy_parameters', 'Parameters'],
                ['copy_notes', 'Notes'],
                ['copy_tests', 'Test templates'],
              ] as const
            ).map(([name, label]) => (
              <Checkbox
                key={name}
                name={name}
                value="true"
                label={label}
                defaultChecked={checked(name, true)}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor="part-image" className="text-sm font-medium text-slate-700">
          {mode === 'edit' ? 'Replace image' : 'Image'}
        </label>
        {/* No name: the file goes to the API after saving, not through the server action. */}
        <input
          id="part-image"
          type="file"
          accept="image/*"
          onChange={(e) => {
            image.current = e.currentTarget.files?.[0] ?? null;
            setChosen(image.current?.name ?? null);
          }}
          className="text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
        />
        {chosen ? (
          <p className="flex items-center gap-2 text-xs text-slate-600">
            Uploaded after saving: {chosen}
            <button
              type="button"
              className="underline"
              onClick={() => {
                image.current = null;
                setChosen(null);
              }}
            >
              remove
            </button>
          </p>
        ) : null}
      </div>
      {/* A duplicate takes its notes from the original (the "Notes" copy option). */}
      {mode === 'duplicate' ? null : (
        <TextAreaField
          label="Notes"
          name="notes"
          rows={6}
          maxLength={50000}
          hint="Markdown."
          defaultValue={text('notes', part.notes)}
          error={err('notes')}
        />
      )}
      <FormErrors messages={summary} />
      {upload.errors.length ? (
        <p className="text-sm text-red-600" role="alert">
          The part was saved, but its image was not: {upload.errors.join(' ')}{' '}
          {upload.partId ? (
            <Link href={`/part/${upload.partId}`} className="underline">
              Open the part
            </Link>
          ) : null}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <Button disabled={pending || upload.busy}>{upload.busy ? 'Uploading image…' : submit}</Button>
        <LinkButton href={cancelHref}>Cancel</LinkButton>
      </div>
    </form>
  );
}
