'use client';

import { useActionState } from 'react';
import { Button } from '@/components/ui';
import { errorsFor } from '@/lib/form-action';
import type { SettingsFormState, SettingView } from './types';

const inputClass =
  'w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600';

/** The control for one setting: checkbox, choice list, number or text, named by the setting key. */
function Control({ s, echo, invalid }: { s: SettingView; echo?: string; invalid: boolean }) {
  const id = `setting-${s.key}`;
  const border = invalid ? 'border-red-500' : 'border-slate-300';
  const described = { 'aria-describedby': `${id}-help`, 'aria-invalid': invalid || undefined };
  if (s.type === 'boolean') {
    const checked = echo === undefined ? s.value === true : echo === 'True';
    return (
      <input
        id={id}
        type="checkbox"
        name={s.key}
        value="True"
        defaultChecked={checked}
        className="h-4 w-4 rounded border-slate-300"
        {...described}
      />
    );
  }
  const current = echo ?? String(s.value);
  if (s.choices.length) {
    return (
      <select
        id={id}
        name={s.key}
        defaultValue={current}
        className={`${inputClass} ${border}`}
        {...described}
      >
        {s.choices.some((c) => c.value === current) ? null : <option value={current}>{current}</option>}
        {s.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.display_name}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={id}
      name={s.key}
      type={s.type === 'integer' ? 'number' : 'text'}
      step={s.type === 'integer' ? 1 : undefined}
      defaultValue={current}
      maxLength={2000}
      className={`${inputClass} ${border}`}
      {...described}
    />
  );
}

/**
 * One section of settings as a form: every setting of the section is submitted (unchecked boxes
 * are named in `keys` and read as False), the action saves all changed ones or none, and errors
 * appear under the setting they belong to.
 */
export function SettingsForm({
  section,
  settings,
  action,
}: {
  section: string;
  settings: SettingView[];
  action: (prev: SettingsFormState, form: FormData) => Promise<SettingsFormState>;
}) {
  const [state, formAction, pending] = useActionState<SettingsFormState, FormData>(action, {});
  return (
    <form action={formAction} className="flex flex-col gap-4" data-testid={`settings-${section}`}>
      <ul className="divide-y divide-slate-100">
        {settings.map((s) => {
          const errors = errorsFor(state, s.key);
          const id = `setting-${s.key}`;
          return (
            <li key={s.key} className="grid gap-2 py-3 sm:grid-cols-[minmax(0,1fr)_16rem] sm:items-center">
              <input type="hidden" name="keys" value={s.key} />
              <div className="min-w-0">
                <label htmlFor={id} className="text-sm font-medium text-slate-800">
                  {s.name}
                </label>
                <p id={`${id}-help`} className="text-xs text-slate-500">
                  {s.description} <code className="text-[11px] text-slate-400">{s.key}</code>
                </p>
              </div>
              <div className="flex flex-col gap-1">
                <div className="flex items-center gap-2">
                  <Control s={s} echo={state.values?.[s.key]} invalid={Boolean(errors?.length)} />
                  {s.units ? <span className="text-xs text-slate-500">{s.units}</span> : null}
                </div>
                {errors?.length ? (
                  <p className="text-xs text-red-600" role="alert">
                    {errors.join(' ')}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <Button disabled={pending}>Save {section.toLowerCase()}</Button>
        {state.ok && !pending ? (
          <span role="status" className="text-sm text-green-700">
            {state.data ? `Saved (${state.data} changed).` : 'No changes.'}
          </span>
        ) : null}
        {state.message ? (
          <span role="alert" className="text-sm text-red-600">
            {state.message}
          </span>
        ) : null}
        {state.errors && !state.ok ? (
          <span role="alert" className="text-sm text-red-600">
            Nothing was saved: correct the values marked above.
          </span>
        ) : null}
      </div>
    </form>
  );
}

/** A section shown without controls (to users who may read but not change it). */
export function SettingsTable({ settings }: { settings: SettingView[] }) {
  const shown = (s: SettingView) => {
    if (s.type === 'boolean') return s.value ? 'Yes' : 'No';
    const choice = s.choices.find((c) => c.value === String(s.value));
    return choice ? choice.display_name : String(s.value) || '—';
  };
  return (
    <dl className="divide-y divide-slate-100">
      {settings.map((s) => (
        <div key={s.key} className="grid gap-1 py-3 sm:grid-cols-[minmax(0,1fr)_16rem]">
          <dt>
            <span className="text-sm font-medium text-slate-800">{s.name}</span>
            <p className="text-xs text-slate-500">
              {s.description} <code className="text-[11px] text-slate-400">{s.key}</code>
            </p>
          </dt>
          <dd className="text-sm text-slate-800" data-testid={`value-${s.key}`}>
            {shown(s)} {s.units ? <span className="text-xs text-slate-500">{s.units}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
