'use server';

import { AuthError } from 'next-auth';
import { signIn } from '@/auth';

export interface LoginState {
  error?: string;
}

function safeNext(next: FormDataEntryValue | null): string {
  const s = typeof next === 'string' ? next : '';
  // Only local paths: never redirect off-site after sign-in.
  return s.startsWith('/') && !s.startsWith('//') ? s : '/';
}

export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  try {
    await signIn('credentials', {
      username: form.get('username'),
      password: form.get('password'),
      redirectTo: safeNext(form.get('next')),
    });
    return {};
  } catch (err) {
    if (err instanceof AuthError) {
      const code = (err as AuthError & { code?: string }).code;
      if (code === 'throttled')
        return { error: 'Too many failed sign-in attempts. Try again in a few minutes.' };
      return { error: 'Invalid username or password.' };
    }
    throw err; // the redirect after a successful sign-in
  }
}
