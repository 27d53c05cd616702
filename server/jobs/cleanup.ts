import { and, lt, or, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { apiTokens, loginFailures, notifications, userSessions } from '@/db/schema';
import { BOSS_SCHEMA } from '@/jobs/boss';
import { pruneHeartbeats } from './status';

/** How long things are kept (InvenTree deletes old notifications after 90 days). */
export const RETENTION = { notificationDays: 90, finishedJobDays: 30, expiredTokenDays: 30 };

/**
 * The daily clean-up job's effect: old notifications, tokens expired for a month, ended sessions,
 * old sign-in failures, finished job records. Idempotent: running it twice deletes nothing more.
 */
export async function runCleanup(db: Tx) {
  const n = await db
    .delete(notifications)
    .where(lt(notifications.creation, sql`now() - make_interval(days => ${RETENTION.notificationDays})`))
    .returning({ id: notifications.id });
  const t = await db
    .delete(apiTokens)
    .where(lt(apiTokens.expiry, sql`(current_date - ${RETENTION.expiredTokenDays}::int)`))
    .returning({ id: apiTokens.id });
  const s = await db
    .delete(userSessions)
    .where(
      or(
        lt(userSessions.expires, sql`now()`),
        and(
          sql`${userSessions.revokedAt} is not null`,
          lt(userSessions.revokedAt, sql`now() - interval '1 day'`),
        ),
      ),
    )
    .returning({ id: userSessions.id });
  await db.delete(loginFailures).where(lt(loginFailures.at, sql`now() - interval '1 day'`));
  const j = await db.execute<{ n: number }>(sql`
    with gone as (
      delete from ${sql.identifier(BOSS_SCHEMA)}.job
      where state in ('completed', 'cancelled', 'failed')
        and completed_on < now() - make_interval(days => ${RETENTION.finishedJobDays})
      returning 1)
    select count(*)::int as n from gone`);
  await pruneHeartbeats(db);
  return { notifications: n.length, tokens: t.length, sessions: s.length, jobs: j[0]?.n ?? 0 };
}
