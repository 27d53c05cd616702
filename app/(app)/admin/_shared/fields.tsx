import { Checkbox } from '@/components/ui';

/** A labelled group of checkboxes sharing one name (e.g. `group_ids`), with the field's errors. */
export function CheckboxList({
  legend,
  name,
  options,
  checked,
  error,
  empty = 'None yet.',
  testId,
}: {
  legend: string;
  name: string;
  options: { value: number; label: string }[];
  checked: ReadonlySet<string>;
  error?: string[];
  empty?: string;
  testId?: string;
}) {
  return (
    <fieldset className="flex flex-col gap-1" data-testid={testId}>
      <legend className="mb-1 text-sm font-medium text-slate-700">{legend}</legend>
      {options.length ? (
        <div className="grid max-h-72 gap-x-4 gap-y-1 overflow-y-auto sm:grid-cols-2">
          {options.map((o) => (
            <Checkbox
              key={o.value}
              name={name}
              value={String(o.value)}
              label={o.label}
              defaultChecked={checked.has(String(o.value))}
            />
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-500">{empty}</p>
      )}
      {error?.length ? (
        <p className="text-xs text-red-600" role="alert">
          {error.join(' ')}
        </p>
      ) : null}
    </fieldset>
  );
}

/** A checkbox with its field errors underneath. */
export function FlagField({
  label,
  name,
  defaultChecked,
  disabled,
  hint,
  error,
}: {
  label: string;
  name: string;
  defaultChecked: boolean;
  disabled?: boolean;
  hint?: string;
  error?: string[];
}) {
  return (
    <div className="flex flex-col gap-0.5">
      <Checkbox
        label={label}
        name={name}
        value="true"
        defaultChecked={defaultChecked}
        disabled={disabled}
        id={`f-${name}`}
      />
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error?.length ? (
        <p className="text-xs text-red-600" role="alert">
          {error.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
