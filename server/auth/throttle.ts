import { and, eq, gt, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { loginFailures } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { throttled } from '@/lib/errors';

const attempts = () => Number(process.env.LOGIN_ATTEMPTS ?? 5);
const windowMinutes = () => Number(process.env.LOGIN_LOCKOUT_MINUTES ?? 15);

/** Throttle keys for a sign-in: the user name and the client address are each limited. */
export function loginKeys(username: string, ip: string | null): string[] {
  const keys = [`user:${username.trim().toLowerCase()}`];
  if (ip) keys.push(`ip:${ip}`);
  return keys;
}

/**
 * Refuses (429 with Retry-After) while any key has `LOGIN_ATTEMPTS` failures inside the window.
 * Failures are rows in Postgres, so the limit holds across every web process.
 */
export async function assertNotThrottled(db: Tx, keys: string[]): Promise<void> {
  const since = sql`now() - make_interval(mins => ${windowMinutes()})`;
  const rows = await db
    .select({
      key: loginFailures.key,
      n: sql<number>`count(*)::int`,
      oldest: sql<string>`extract(epoch from (min(${loginFailures.at}) + make_interval(mins => ${windowMinutes()}) - now()))::int`,
    })
    .from(loginFailures)
    .where(and(anyOf(loginFailures.key, keys), gt(loginFailures.at, since)))
    .groupBy(loginFailures.key);
  const blocked = rows.filter((r) => r.n >= attempts());
  if (blocked.length) throw throttled(Math.max(1, ...blocked.map((r) => Number(r.oldest))));
}

export async function recordLoginFailure(db: Tx, keys: string[]): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ key })));
}

/** A successful sign-in clears the user name's failures (not the address's). */
export async function clearLoginFailures(db: Tx, username: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, `user:${username.trim().toLowerCase()}`));
}
