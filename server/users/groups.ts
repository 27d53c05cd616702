import { and, asc, eq, sql } from 'drizzle-orm';
import { groups, owners, rulesets, userGroups, users } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { modelPermissionsPayload, ROLES, type Role, unionRules } from '@/domain/roles';
import { invalidatePrefix } from '@/lib/cache';
import { fieldError, notFound } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import { type RulesetRow, rulesetOut, userBrief } from './serialize';

export interface GroupDetailFlags {
  role_detail?: boolean;
  user_detail?: boolean;
  permission_detail?: boolean;
}

type GroupRow = { id: number; name: string };

/** Group answers with their rulesets/users/permissions fetched set-based for the whole page. */
async function groupsOut(ctx: Ctx, rows: GroupRow[], flags: GroupDetailFlags) {
  const ids = rows.map((g) => g.id);
  const roleDetail = flags.role_detail ?? true;
  const needRules = roleDetail || flags.permission_detail;
  const rules =
    needRules && ids.length
      ? await ctx.db.select().from(rulesets).where(anyOf(rulesets.groupId, ids)).orderBy(asc(rulesets.id))
      : [];
  const members =
    flags.user_detail && ids.length
      ? await ctx.db
          .select({
            groupId: userGroups.groupId,
            id: users.id,
            username: users.username,
            firstName: users.firstName,
            lastName: users.lastName,
            email: users.email,
          })
          .from(userGroups)
          .innerJoin(users, eq(users.id, userGroups.userId))
          .where(anyOf(userGroups.groupId, ids))
          .orderBy(asc(users.username))
      : [];
  return rows.map((g) => {
    const own = rules.filter((r) => r.groupId === g.id) as RulesetRow[];
    const out: Record<string, unknown> = { pk: g.id, name: g.name };
    if (roleDetail) out.roles = own.map(rulesetOut);
    if (flags.user_detail) out.users = members.filter((m) => m.groupId === g.id).map(userBrief);
    if (flags.permission_detail)
      out.permissions = modelPermissionsPayload({ isSuperuser: false, roles: unionRules(own) });
    return out;
  });
}

export async function listGroups(ctx: Ctx, q: ListQuery & GroupDetailFlags, url: URL) {
  assertCan(ctx, 'admin', 'view');
  const where = searchCondition(q, [groups.name]);
  const order = orderBy(q.ordering, { pk: groups.id, name: groups.name }, groups.id);
  return paginate(url, q, {
    count: () => ctx.db.$count(groups, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select({ id: groups.id, name: groups.name })
        .from(groups)
        .where(where)
        .orderBy(...order);
      return groupsOut(ctx, await (limit === null ? base : base.limit(limit).offset(offset)), q);
    },
  });
}

export async function getGroup(ctx: Ctx, id: number, flags: GroupDetailFlags = {}) {
  assertCan(ctx, 'admin', 'view');
  const rows = await ctx.db
    .select({ id: groups.id, name: groups.name })
    .from(groups)
    .where(eq(groups.id, id));
  if (!rows.length) throw notFound('Group');
  return (await groupsOut(ctx, rows, flags))[0]!;
}

async function assertNameFree(ctx: Ctx, name: string, exceptId?: number) {
  const [clash] = await ctx.db
    .select({ id: groups.id })
    .from(groups)
    .where(sql`lower(${groups.name}) = lower(${name})`);
  if (clash && clash.id !== exceptId) throw fieldError('name', 'group with this name already exists.');
}

export type RuleInput = Partial<
  Record<Role, { can_view?: boolean; can_add?: boolean; can_change?: boolean; can_delete?: boolean }>
>;

/** Writes the given roles' rulesets of a group (missing rows are created: every group has all roles). */
async function writeRules(ctx: Ctx, groupId: number, rules: RuleInput = {}) {
  // Any members' rights may change: drop every cached principal (groups change rarely).
  await invalidatePrefix(ctx.db, 'principal:');
  await ctx.db
    .insert(rulesets)
    .values(ROLES.map((name) => ({ groupId, name })))
    .onConflictDoNothing();
  for (const [name, r] of Object.entries(rules)) {
    if (!r || !(ROLES as readonly string[]).includes(name)) continue;
    const set: Partial<typeof rulesets.$inferInsert> = {};
    if (r.can_view !== undefined) set.canView = r.can_view;
    if (r.can_add !== undefined) set.canAdd = r.can_add;
    if (r.can_change !== undefined) set.canChange = r.can_change;
    if (r.can_delete !== undefined) set.canDelete = r.can_delete;
    if (Object.keys(set).length)
      await ctx.db
        .update(rulesets)
        .set(set)
        .where(and(eq(rulesets.groupId, groupId), eq(rulesets.name, name)));
  }
}

/** Creates a group with one ruleset per role (all off unless given) and its Owner row. */
export async function createGroup(ctx: Ctx, input: { name: string; rules?: RuleInput }) {
  assertCan(ctx, 'admin', 'add');
  return withTransaction(ctx, async (tx) => {
    await assertNameFree(tx, input.name);
    const [g] = await tx.db.insert(groups).values({ name: input.name }).returning({ id: groups.id });
    await tx.db.insert(owners).values({ ownerType: 'group', ownerId: g!.id });
    await writeRules(tx, g!.id, input.rules);
    return getGroup(tx, g!.id);
  });
}

export async function updateGroup(
  ctx: Ctx,
  id: number,
  input: { name?: string; rules?: RuleInput; user_ids?: number[] },
) {
  assertCan(ctx, 'admin', 'change');
  return withTransaction(ctx, async (tx) => {
    const [g] = await tx.db.select({ id: groups.id }).from(groups).where(eq(groups.id, id)).for('update');
    if (!g) throw notFound('Group');
    if (input.name !== undefined) {
      await assertNameFree(tx, input.name, id);
      await tx.db.update(groups).set({ name: input.name }).where(eq(groups.id, id));
    }
    await writeRules(tx, id, input.rules);
    if (input.user_ids) {
      await tx.db.delete(userGroups).where(eq(userGroups.groupId, id));
      const ids = [...new Set(input.user_ids)];
      if (ids.length) await tx.db.insert(userGroups).values(ids.map((userId) => ({ userId, groupId: id })));
    }
    return getGroup(tx, id, { user_detail: true });
  });
}

export async function deleteGroup(ctx: Ctx, id: number) {
  assertCan(ctx, 'admin', 'delete');
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db.delete(groups).where(eq(groups.id, id)).returning({ id: groups.id });
    if (!rows.length) throw notFound('Group');
    await invalidatePrefix(tx.db, 'principal:');
    await tx.db.delete(owners).where(and(eq(owners.ownerType, 'group'), eq(owners.ownerId, id)));
  });
}

export async function listRulesets(ctx: Ctx, q: ListQuery & { group?: number; name?: string }, url: URL) {
  assertCan(ctx, 'admin', 'view');
  const where = and(
    q.group === undefined ? undefined : eq(rulesets.groupId, q.group),
    q.name === undefined ? undefined : eq(rulesets.name, q.name),
    searchCondition(q, [rulesets.name]),
  );
  const order = orderBy(
    q.ordering,
    { pk: rulesets.id, name: rulesets.name, group: rulesets.groupId },
    rulesets.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(rulesets, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select()
        .from(rulesets)
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map(rulesetOut);
    },
  });
}

export async function getRuleset(ctx: Ctx, id: number) {
  assertCan(ctx, 'admin', 'view');
  const [r] = await ctx.db.select().from(rulesets).where(eq(rulesets.id, id));
  if (!r) throw notFound('RuleSet');
  return rulesetOut(r);
}

export async function updateRuleset(
  ctx: Ctx,
  id: number,
  input: { can_view?: boolean; can_add?: boolean; can_change?: boolean; can_delete?: boolean },
) {
  assertCan(ctx, 'admin', 'change');
  const [r] = await ctx.db.select().from(rulesets).where(eq(rulesets.id, id));
  if (!r) throw notFound('RuleSet');
  await writeRules(ctx, r.groupId, { [r.name]: input });
  return getRuleset(ctx, id);
}
