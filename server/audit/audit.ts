import { and, desc, eq, gte, lte } from 'drizzle-orm';
import { auditLog, users } from '@/db/schema';
import { type ListQuery, orderBy, paginate } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import type { Ctx } from '../context';
import { assertCan } from '../permissions';

export interface AuditQuery extends ListQuery {
  model?: string;
  object_id?: string;
  user?: number;
  action?: 'create' | 'update' | 'delete';
  after?: string;
  before?: string;
}

const auditSelect = {
  id: auditLog.id,
  at: auditLog.at,
  userId: auditLog.userId,
  username: users.username,
  model: auditLog.model,
  objectId: auditLog.objectId,
  action: auditLog.action,
  changes: auditLog.changes,
};

type AuditRow = {
  id: number;
  at: Date;
  userId: number | null;
  username: string | null;
  model: string;
  objectId: string;
  action: 'create' | 'update' | 'delete';
  changes: Record<string, [unknown, unknown]>;
};

const auditOut = (r: AuditRow) => ({
  pk: r.id,
  date: formatDateTime(r.at),
  user: r.userId,
  user_detail: r.userId ? { pk: r.userId, username: r.username } : null,
  model: r.model,
  object_id: r.objectId,
  action: r.action,
  changes: r.changes,
});

/**
 * `/api/audit/` (our extension, staff only): who changed which object, when, and how — written by
 * the audit trigger in the same transaction as each change.
 */
export async function listAudit(ctx: Ctx, q: AuditQuery, url: URL) {
  assertCan(ctx, 'staff');
  const where = and(
    q.model ? eq(auditLog.model, q.model) : undefined,
    q.object_id ? eq(auditLog.objectId, q.object_id) : undefined,
    q.user === undefined ? undefined : eq(auditLog.userId, q.user),
    q.action ? eq(auditLog.action, q.action) : undefined,
    q.after ? gte(auditLog.at, new Date(`${q.after}T00:00:00Z`)) : undefined,
    q.before ? lte(auditLog.at, new Date(`${q.before}T23:59:59.999Z`)) : undefined,
  );
  const order = orderBy(
    q.ordering,
    { date: auditLog.at, model: auditLog.model, user: auditLog.userId },
    auditLog.id,
    [desc(auditLog.at)],
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(auditLog, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select(auditSelect)
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.userId))
        .where(where)
        .orderBy(...order);
      return ((await (limit === null ? base : base.limit(limit).offset(offset))) as AuditRow[]).map(auditOut);
    },
  });
}

/** The history of one object, newest first (for the History panel on detail pages). */
export async function objectHistory(ctx: Ctx, model: string, objectId: string | number, limit = 50) {
  const rows = (await ctx.db
    .select(auditSelect)
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(and(eq(auditLog.model, model), eq(auditLog.objectId, String(objectId))))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit)) as AuditRow[];
  return rows.map(auditOut);
}
