import type { FormState } from '@/lib/form-action';

/** What the settings pages need of one setting (a subset of the API object). */
export interface SettingView {
  key: string;
  name: string;
  description: string;
  type: 'boolean' | 'integer' | 'string' | 'related field';
  units: string;
  value: boolean | number | string;
  choices: { value: string; display_name: string }[];
}

/** A settings form's state: the number of changed settings, or errors keyed by setting key. */
export type SettingsFormState = FormState<number> & { values?: Record<string, string> };

/** The submitted values of a settings form: unchecked boxes (absent) read as False. */
export function submittedSettings(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of form.getAll('keys')) {
    if (typeof key !== 'string') continue;
    const v = form.get(key);
    out[key] = typeof v === 'string' ? v : 'False';
  }
  return out;
}
