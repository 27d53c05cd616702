import type { FormState } from '@/lib/form-action';

/** The text values a form was submitted with, by name (repeated names keep every value). */
export type FormValues = Record<string, string[]>;

/**
 * A form's state that also echoes what was typed when the action failed: React resets a form after
 * its action, so the inputs take these back as their default values instead of losing the input.
 */
export type EchoState<T = unknown> = FormState<T> & { values?: FormValues };

/** Captures a submission's text values (minus secrets such as passwords) for `EchoState.values`. */
export function formValues(form: FormData, omit: string[] = []): FormValues {
  const out: FormValues = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith('$ACTION') || omit.includes(key) || typeof value !== 'string') continue;
    out[key] = [...(out[key] ?? []), value];
  }
  return out;
}

/** What a text field shows: the value submitted when the action failed, else the stored one. */
export function echoed(
  values: FormValues | undefined,
  name: string,
  stored?: string | number | null,
): string {
  if (values) return values[name]?.[0] ?? '';
  return stored === null || stored === undefined ? '' : String(stored);
}

/** What a checkbox shows: ticked in the failed submission (present), else the stored value. */
export function echoedFlag(values: FormValues | undefined, name: string, stored: boolean): boolean {
  return values ? values[name] !== undefined : stored;
}

/** Every message of a (possibly nested) error body, flattened for a one-line summary. */
export function errorMessages(state: FormState | undefined): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  if (state?.message) out.push(state.message);
  walk(state?.errors);
  return [...new Set(out)];
}
