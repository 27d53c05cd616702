import type { ComponentProps, ReactNode } from 'react';

/** Form controls that match `Field` in components/ui (label, hint, inline errors). */
const control = (error?: string[]) =>
  `w-full rounded-md border px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600 ${error?.length ? 'border-red-500' : 'border-slate-300'}`;

function Wrap({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string[];
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      {error?.length ? (
        <p id={`${id}-err`} className="text-xs text-red-600" role="alert">
          {error.join(' ')}
        </p>
      ) : null}
    </div>
  );
}

export interface Option {
  value: string | number;
  label: string;
  disabled?: boolean;
}

export function SelectField({
  label,
  name,
  options,
  error,
  hint,
  blank,
  ...props
}: ComponentProps<'select'> & {
  label: string;
  name: string;
  options: Option[];
  error?: string[];
  hint?: string;
  /** A first, empty choice (e.g. "— none —"). */
  blank?: string;
}) {
  const id = props.id ?? `f-${name}`;
  return (
    <Wrap id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        {...props}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={error?.length ? `${id}-err` : undefined}
        className={control(error)}
      >
        {blank !== undefined ? <option value="">{blank}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function TextAreaField({
  label,
  name,
  error,
  hint,
  ...props
}: ComponentProps<'textarea'> & { label: string; name: string; error?: string[]; hint?: string }) {
  const id = props.id ?? `f-${name}`;
  return (
    <Wrap id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        {...props}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={error?.length ? `${id}-err` : undefined}
        className={`${control(error)} font-mono`}
      />
    </Wrap>
  );
}

/** Form-level errors (`non_field_errors`, a message) in one line. */
export function FormErrors({ messages }: { messages: (string | undefined)[] }) {
  const list = messages.filter(Boolean);
  if (!list.length) return null;
  return (
    <p className="text-sm text-red-600" role="alert">
      {list.join(' ')}
    </p>
  );
}
