import { eq } from 'drizzle-orm';
import { decode } from 'next-auth/jwt';
import type { Tx } from '@/db/client';
import { apiTokens } from '@/db/schema';
import { cached, invalidate } from '@/lib/cache';
import { unauthorized } from '@/lib/errors';
import type { Principal } from '../context';
import { checkCredentials } from './credentials';
import { loadPrincipal } from './principal';
import { sessionUser } from './sessions';
import { hashTokenKey } from './token-key';

export const SESSION_COOKIE = 'authjs.session-token';
export const SECURE_SESSION_COOKIE = '__Secure-authjs.session-token';

export function clientIp(headers: Headers): string | null {
  const fwd = headers.get('x-forwarded-for');
  if (fwd) return fwd.split(',')[0]!.trim();
  return headers.get('x-real-ip');
}

function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/**
 * Cookies already decrypted, by their exact text: the session id and the token's expiry. Decrypting
 * the JWE (a key derivation and an AES decryption through WebCrypto) took ~1.5 ms per page view.
 * Only a cookie that decrypted is kept; whether its session still holds is read per request
 * (`sessionUser`), so ending a session takes effect at once.
 */
const decoded = new Map<string, { sid: string; exp: number }>();
const DECODED_MAX = 2_000;

/** The session id inside an Auth.js session cookie, or null. */
export async function sessionIdFromCookies(cookieHeader: string | null): Promise<string | null> {
  const secret = process.env.AUTH_SECRET;
  if (!secret) return null;
  for (const name of [SESSION_COOKIE, SECURE_SESSION_COOKIE]) {
    const raw = readCookie(cookieHeader, name);
    if (!raw) continue;
    const known = decoded.get(raw);
    if (known && known.exp * 1000 > Date.now()) return known.sid;
    try {
      const payload = await decode({ token: raw, secret, salt: name });
      if (payload && typeof payload.sid === 'string') {
        if (decoded.size >= DECODED_MAX) decoded.delete(decoded.keys().next().value!);
        decoded.set(raw, { sid: payload.sid, exp: typeof payload.exp === 'number' ? payload.exp : 0 });
        return payload.sid;
      }
    } catch {
      // A tampered or stale cookie is simply no session.
    }
  }
  return null;
}

const today = () => new Date().toISOString().slice(0, 10);

export const tokenKey = (hash: string) => `token:${hash}`;

async function tokenPrincipal(db: Tx, key: string): Promise<Principal> {
  const hash = hashTokenKey(key);
  const token = await cached(tokenKey(hash), 300, async () => {
    const [row] = await db
      .select({
        id: apiTokens.id,
        userId: apiTokens.userId,
        revoked: apiTokens.revoked,
        expiry: apiTokens.expiry,
        lastSeen: apiTokens.lastSeen,
      })
      .from(apiTokens)
      .where(eq(apiTokens.keyHash, hash));
    return row ?? null;
  });
  if (!token) throw unauthorized('Invalid token.');
  if (token.revoked) throw unauthorized('Token has been revoked');
  if (token.expiry && token.expiry < today()) throw unauthorized('Token has expired');
  const principal = await loadPrincipal(db, token.userId, 'token');
  if (!principal) throw unauthorized('User inactive or deleted.');
  // `last_seen` is a date: written at most once a day per token.
  if (token.lastSeen !== today()) {
    await db.update(apiTokens).set({ lastSeen: today() }).where(eq(apiTokens.id, token.id));
    await invalidate(db, tokenKey(hash));
  }
  return { ...principal, tokenId: token.id };
}

/**
 * Authenticates a request the way InvenTree's API does, in its order: `Authorization: Token <key>`,
 * then HTTP Basic, then the session cookie. A malformed or wrong credential is a 401 even where
 * anonymous access would do; no credential at all returns null.
 */
export async function authenticate(db: Tx, headers: Headers): Promise<Principal | null> {
  const header = headers.get('authorization');
  if (header) {
    const parts = header.trim().split(/\s+/);
    const scheme = parts[0]!.toLowerCase();
    if (scheme === 'token') {
      if (parts.length === 1) throw unauthorized('Invalid token header. No credentials provided.');
      if (parts.length > 2)
        throw unauthorized('Invalid token header. Token string should not contain spaces.');
      return tokenPrincipal(db, parts[1]!);
    }
    if (scheme === 'basic') {
      if (parts.length !== 2) throw unauthorized('Invalid basic header. No credentials provided.');
      const decoded = Buffer.from(parts[1]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i < 0) throw unauthorized('Invalid basic header. Credentials not correctly base64 encoded.');
      const userId = await checkCredentials(db, decoded.slice(0, i), decoded.slice(i + 1), clientIp(headers));
      const principal = await loadPrincipal(db, userId, 'basic');
      if (!principal) throw unauthorized('User inactive or deleted.');
      return principal;
    }
    if (scheme === 'bearer') throw unauthorized('Invalid token.');
  }
  const sid = await sessionIdFromCookies(headers.get('cookie'));
  if (!sid) return null;
  const userId = await sessionUser(db, sid);
  if (userId === null) return null;
  const principal = await loadPrincipal(db, userId, 'session');
  return principal ? { ...principal, sessionId: sid } : null;
}
