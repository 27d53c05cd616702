import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { cache } from 'react';
import { db } from '@/db/client';
import { sessionIdFromCookies } from '@/server/auth/authenticate';
import { loadPrincipal } from '@/server/auth/principal';
import { sessionUser } from '@/server/auth/sessions';
import type { Ctx, Principal } from '@/server/context';
import { allowed } from './http/access';
import type { Access } from './http/endpoint';

/**
 * The signed-in user of this page request (once per request), or null. The Auth.js session cookie
 * is read as the API reads it (`sessionIdFromCookies`): Auth.js's `auth()` would also re-encrypt a
 * refreshed token on every render, which a server component cannot set anyway.
 */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const sid = await sessionIdFromCookies((await headers()).get('cookie'));
  if (!sid) return null;
  const userId = await sessionUser(db, sid);
  if (userId === null) return null;
  const p = await loadPrincipal(db, userId, 'session');
  return p ? { ...p, sessionId: sid } : null;
});

/**
 * Every page and server action declares what it needs: signed out → the sign-in page,
 * signed in without the right → 403 (app/forbidden.tsx). Returns the verb context.
 */
export async function requirePage(access: Access = 'user', from?: string): Promise<Ctx> {
  const who = await currentPrincipal();
  if (!who) redirect(from ? `/login?next=${encodeURIComponent(from)}` : '/login');
  if (!allowed(who, access, 'GET')) forbidden();
  return { actor: who, db };
}

/** For server actions that write: the method's permission (e.g. `admin` + POST → admin.add). */
export async function requireAction(access: Access, method: 'POST' | 'PUT' | 'DELETE'): Promise<Ctx> {
  const who = await currentPrincipal();
  if (!who) redirect('/login');
  if (!allowed(who, access, method)) forbidden();
  return { actor: who, db };
}
