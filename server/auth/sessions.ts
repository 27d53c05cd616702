import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { userSessions, users } from '@/db/schema';
import { cached, invalidate } from '@/lib/cache';

/** Django's default session age: two weeks. */
export const SESSION_MAX_AGE_SECONDS = 14 * 24 * 3600;

export async function createSession(
  db: Tx,
  userId: number,
  info: { userAgent?: string | null; ip?: string | null },
): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({
      userId,
      userAgent: info.userAgent?.slice(0, 500) ?? null,
      ipAddress: info.ip ?? null,
      expires: new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000),
    })
    .returning({ id: userSessions.id });
  await db.update(users).set({ lastLogin: new Date() }).where(eq(users.id, userId));
  return row!.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sessionKey = (sid: string) => `session:${sid}`;

/** The user id of a live session (not ended, not expired, user active), or null. Read through the cache. */
export async function sessionUser(db: Tx, sessionId: string): Promise<number | null> {
  if (!UUID.test(sessionId)) return null;
  const row = await cached(sessionKey(sessionId), 300, async () => {
    const [r] = await db
      .select({ userId: userSessions.userId, lastSeen: userSessions.lastSeen, expires: userSessions.expires })
      .from(userSessions)
      .innerJoin(users, eq(users.id, userSessions.userId))
      .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt), eq(users.isActive, true)));
    if (!r) return null;
    // last_seen is informational: refreshed when the cache entry is (re)loaded.
    if (Date.now() - r.lastSeen.getTime() > 5 * 60_000) {
      await db.update(userSessions).set({ lastSeen: new Date() }).where(eq(userSessions.id, sessionId));
    }
    return { userId: r.userId, expires: r.expires.getTime() };
  });
  if (!row || row.expires < Date.now()) return null;
  return row.userId;
}

export async function endSession(db: Tx, sessionId: string): Promise<void> {
  if (!UUID.test(sessionId)) return;
  await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
  await invalidate(db, sessionKey(sessionId));
}

/** Ends every live session of a user (deactivation, password change, admin action). */
export async function endAllSessions(db: Tx, userId: number): Promise<number> {
  const rows = await db
    .update(userSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  await invalidate(db, ...rows.map((r) => sessionKey(r.id)));
  return rows.length;
}

export async function listSessions(db: Tx, userId: number) {
  return db
    .select()
    .from(userSessions)
    .where(
      and(
        eq(userSessions.userId, userId),
        isNull(userSessions.revokedAt),
        gt(userSessions.expires, sql`now()`),
      ),
    )
    .orderBy(desc(userSessions.lastSeen));
}
