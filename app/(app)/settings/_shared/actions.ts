'use server';

import { revalidatePath } from 'next/cache';
import { formAction } from '@/lib/form-action';
import { requireAction } from '@/lib/page-auth';
import { z } from '@/lib/zod';
import { saveGlobalSettings, saveUserSettings } from '@/server/settings';
import { type SettingsFormState, submittedSettings } from './types';

const Values = z.record(z.string(), z.string());

/** Saves one section of the system settings (staff only). */
export async function saveSystemSettingsAction(_prev: SettingsFormState, form: FormData) {
  const ctx = await requireAction('staff', 'PUT');
  const values = submittedSettings(form);
  const result: SettingsFormState = await formAction(Values, values, (v) => saveGlobalSettings(ctx, v));
  if (!result.ok) return { ...result, values };
  revalidatePath('/settings/system');
  return result;
}

/** Saves one section of the caller's own settings. */
export async function saveUserSettingsAction(_prev: SettingsFormState, form: FormData) {
  const ctx = await requireAction('user', 'PUT');
  const values = submittedSettings(form);
  const result: SettingsFormState = await formAction(Values, values, (v) => saveUserSettings(ctx, v));
  if (!result.ok) return { ...result, values };
  revalidatePath('/settings/user');
  return result;
}
