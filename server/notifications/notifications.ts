import { and, desc, eq, sql } from 'drizzle-orm';
import { notifications, users } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { emailNotifications } from '@/jobs/definitions';
import { enqueue } from '@/jobs/enqueue';
import { nonFieldError, notFound } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import { type Ctx, withTransaction } from '../context';
import { emailConfigured } from './email';

export interface NotifyInput {
  userIds: number[];
  category: string;
  name: string;
  message?: string;
  link?: string;
  target?: { model: string; id: number };
  source?: { model: string; id: number };
}

/**
 * Creates one in-app notification per (active) user and, when SMTP is configured, enqueues their
 * e-mail copy, in the caller's transaction: no notification, no mail, if it rolls back.
 */
export async function notifyUsers(ctx: Ctx, input: NotifyInput): Promise<number[]> {
  if (!input.userIds.length) return [];
  return withTransaction(ctx, async (tx) => {
    const active = await tx.db
      .select({ id: users.id })
      .from(users)
      .where(and(anyOf(users.id, [...new Set(input.userIds)]), eq(users.isActive, true)));
    if (!active.length) return [];
    const rows = await tx.db
      .insert(notifications)
      .values(
        active.map((u) => ({
          userId: u.id,
          category: input.category,
          name: input.name.slice(0, 250),
          message: input.message?.slice(0, 2000) ?? null,
          link: input.link ?? null,
          targetModel: input.target?.model ?? null,
          targetId: input.target?.id ?? null,
          sourceModel: input.source?.model ?? null,
          sourceId: input.source?.id ?? null,
        })),
      )
      .returning({ id: notifications.id });
    const ids = rows.map((r) => r.id);
    if (emailConfigured()) await enqueue(tx.db, emailNotifications, { notificationIds: ids });
    return ids;
  });
}

/** Superusers and staff, who hear about system problems. */
export async function staffUserIds(ctx: Ctx): Promise<number[]> {
  const rows = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.isActive, true), sql`(${users.isSuperuser} or ${users.isStaff})`));
  return rows.map((r) => r.id);
}

type Row = typeof notifications.$inferSelect;

function ageHuman(seconds: number): string {
  if (seconds < 60) return 'just now';
  const units: [number, string][] = [
    [86400, 'day'],
    [3600, 'hour'],
    [60, 'minute'],
  ];
  for (const [n, name] of units) {
    if (seconds >= n) {
      const v = Math.floor(seconds / n);
      return `${v} ${name}${v === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

export function notificationOut(r: Row) {
  const age = Math.max(0, Math.floor((Date.now() - r.creation.getTime()) / 1000));
  const ref = (model: string | null, id: number | null) =>
    model ? { model, pk: id, name: model, link: r.link } : {};
  return {
    pk: r.id,
    target: ref(r.targetModel, r.targetId),
    source: ref(r.sourceModel, r.sourceId),
    user: r.userId,
    category: r.category,
    name: r.name,
    message: r.message,
    link: r.link,
    creation: formatDateTime(r.creation),
    age,
    age_human: ageHuman(age),
    read: r.read,
  };
}

export interface NotificationQuery extends ListQuery {
  read?: boolean;
  category?: string;
}

/** The caller's own notifications (never anyone else's). */
export async function listNotifications(ctx: Ctx, q: NotificationQuery, url: URL) {
  const where = and(
    eq(notifications.userId, ctx.actor.userId),
    q.read === undefined ? undefined : eq(notifications.read, q.read),
    q.category ? eq(notifications.category, q.category) : undefined,
    searchCondition(q, [notifications.name, notifications.message]),
  );
  const order = orderBy(
    q.ordering,
    {
      creation: notifications.creation,
      category: notifications.category,
      read: notifications.read,
      name: notifications.name,
    },
    notifications.id,
    [desc(notifications.creation)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(notifications, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(notifications)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(notificationOut);
    },
  });
}

async function own(ctx: Ctx, id: number) {
  const [r] = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, ctx.actor.userId)));
  if (!r) throw notFound('NotificationMessage');
  return r;
}

export async function getNotification(ctx: Ctx, id: number) {
  return notificationOut(await own(ctx, id));
}

export async function setNotificationRead(ctx: Ctx, id: number, read: boolean) {
  await own(ctx, id);
  const [r] = await ctx.db.update(notifications).set({ read }).where(eq(notifications.id, id)).returning();
  return notificationOut(r!);
}

export async function deleteNotification(ctx: Ctx, id: number) {
  await own(ctx, id);
  await ctx.db.delete(notifications).where(eq(notifications.id, id));
}

/** `POST /api/notifications/readall/`: marks every unread notification of the caller read. */
export async function markAllRead(ctx: Ctx) {
  const rows = await ctx.db
    .update(notifications)
    .set({ read: true })
    .where(and(eq(notifications.userId, ctx.actor.userId), eq(notifications.read, false)))
    .returning({ id: notifications.id });
  return { count: rows.length };
}

/** Bulk delete of the caller's own notifications by `items`. */
export async function bulkDeleteNotifications(ctx: Ctx, items: number[] | undefined) {
  if (!items?.length) throw nonFieldError('List of items or filters must be provided for bulk operation');
  const rows = await ctx.db
    .delete(notifications)
    .where(and(eq(notifications.userId, ctx.actor.userId), anyOf(notifications.id, items)))
    .returning({ id: notifications.id });
  return { success: `Deleted ${rows.length} items` };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  return ctx.db.$count(
    notifications,
    and(eq(notifications.userId, ctx.actor.userId), eq(notifications.read, false)),
  );
}
