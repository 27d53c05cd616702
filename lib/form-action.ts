import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { AppError, type FieldErrors } from './errors';
import { zodToFieldErrors } from './http/zod-errors';
import { log } from './logger';

export interface FormState<T = unknown> {
  ok?: boolean;
  data?: T;
  errors?: FieldErrors;
  message?: string;
}

/** FormData → plain object (checkbox groups and repeated names become arrays). */
export function formObject(form: FormData, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const all = form.getAll(key);
    out[key] = arrays.includes(key) || all.length > 1 ? all : all[0];
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/**
 * Runs a server action's verb and turns failures into field errors for the form, the same
 * `{"field": ["message"]}` the API returns. Unknown errors are logged and shown generically.
 */
export async function formAction<S extends z.ZodType, T>(
  schema: S,
  input: unknown,
  fn: (data: z.output<S>) => Promise<T>,
): Promise<FormState<T>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { errors: zodToFieldErrors(parsed.error, input) };
  try {
    return { ok: true, data: await fn(parsed.data) };
  } catch (err) {
    unstable_rethrow(err);
    if (err instanceof AppError) {
      if (err.code === 'validation') return { errors: err.body as FieldErrors };
      return { message: err.message };
    }
    log.error('form action failed', { err });
    return { message: 'Something went wrong; the error was logged.' };
  }
}

export const errorsFor = (state: FormState | undefined, field: string): string[] | undefined => {
  const e = state?.errors?.[field];
  return Array.isArray(e) ? (e as string[]) : typeof e === 'string' ? [e] : undefined;
};
