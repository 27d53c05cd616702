import { and, eq, sql } from 'drizzle-orm';
import { groups, owners, userGroups, users } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { invalidate } from '@/lib/cache';
import { fieldError, notFound, validation } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { hashPassword } from '../auth/password';
import { principalKey } from '../auth/principal';
import { endAllSessions } from '../auth/sessions';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import { type UserRow, userColumns, userOut } from './serialize';

export interface UserFilters extends ListQuery {
  is_active?: boolean;
  is_staff?: boolean;
  is_superuser?: boolean;
}

export async function listUsers(ctx: Ctx, q: UserFilters, url: URL) {
  const where = and(
    q.is_active === undefined ? undefined : eq(users.isActive, q.is_active),
    q.is_staff === undefined ? undefined : eq(users.isStaff, q.is_staff),
    q.is_superuser === undefined ? undefined : eq(users.isSuperuser, q.is_superuser),
    searchCondition(q, [users.username, users.firstName, users.lastName]),
  );
  const order = orderBy(
    q.ordering,
    {
      pk: users.id,
      username: users.username,
      first_name: users.firstName,
      last_name: users.lastName,
      email: users.email,
      is_staff: users.isStaff,
      is_superuser: users.isSuperuser,
      is_active: users.isActive,
    },
    users.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(users, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select(userColumns)
        .from(users)
        .where(where)
        .orderBy(...order);
      const rows = (await (limit === null ? base : base.limit(limit).offset(offset))) as UserRow[];
      return rows.map(userOut);
    },
  });
}

export async function getUser(ctx: Ctx, id: number) {
  const [row] = (await ctx.db.select(userColumns).from(users).where(eq(users.id, id))) as UserRow[];
  if (!row) throw notFound('User');
  return userOut(row);
}

export interface UserInput {
  username?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  password?: string;
  is_active?: boolean;
  is_staff?: boolean;
  is_superuser?: boolean;
  group_ids?: number[];
}

/** Django's default validators, reduced to the ones that need no word list. */
export function checkPasswordRules(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 8)
    problems.push('This password is too short. It must contain at least 8 characters.');
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  if (username && password.toLowerCase() === username.toLowerCase())
    problems.push('The password is too similar to the username.');
  return problems;
}

async function assertUsernameFree(ctx: Ctx, username: string, exceptId?: number) {
  const [clash] = await ctx.db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  if (clash && clash.id !== exceptId)
    throw fieldError('username', 'A user with that username already exists.');
}

async function setGroups(ctx: Ctx, userId: number, groupIds: number[]) {
  const unique = [...new Set(groupIds)];
  if (unique.length) {
    const found = await ctx.db.select({ id: groups.id }).from(groups).where(anyOf(groups.id, unique));
    const missing = unique.filter((id) => !found.some((g) => g.id === id));
    if (missing.length) throw fieldError('group_ids', `Invalid pk "${missing[0]}" - object does not exist.`);
  }
  await ctx.db.delete(userGroups).where(eq(userGroups.userId, userId));
  if (unique.length) await ctx.db.insert(userGroups).values(unique.map((groupId) => ({ userId, groupId })));
  await invalidate(ctx.db, principalKey(userId));
}

/** Only a superuser may grant or withdraw staff and superuser status (InvenTree's rule). */
function assertFlagsAllowed(ctx: Ctx, input: UserInput) {
  if (ctx.actor.isSuperuser) return;
  const errors: Record<string, string[]> = {};
  if (input.is_superuser !== undefined) errors.is_superuser = ['Only a superuser can adjust this field'];
  if (input.is_staff !== undefined) errors.is_staff = ['Only a superuser can adjust this field'];
  if (Object.keys(errors).length) throw validation(errors);
}

/** Creates a user (admin role), their Owner row and group memberships in one transaction. */
export async function createUser(ctx: Ctx, input: UserInput & { username: string }) {
  assertCan(ctx, 'admin', 'add');
  assertFlagsAllowed(ctx, input);
  if (input.password !== undefined) {
    const problems = checkPasswordRules(input.password, input.username);
    if (problems.length) throw validation({ password: problems });
  }
  return withTransaction(ctx, async (tx) => {
    await assertUsernameFree(tx, input.username);
    const [row] = await tx.db
      .insert(users)
      .values({
        username: input.username,
        firstName: input.first_name ?? '',
        lastName: input.last_name ?? '',
        email: input.email ?? '',
        password: input.password ? await hashPassword(input.password) : '',
        isActive: input.is_active ?? true,
        isStaff: input.is_staff ?? false,
        isSuperuser: input.is_superuser ?? false,
      })
      .returning({ id: users.id });
    await tx.db.insert(owners).values({ ownerType: 'user', ownerId: row!.id });
    if (input.group_ids) await setGroups(tx, row!.id, input.group_ids);
    return getUser(tx, row!.id);
  });
}

/** Updates a user; deactivating one ends all their sessions in the same transaction. */
export async function updateUser(ctx: Ctx, id: number, input: UserInput) {
  assertCan(ctx, 'admin', 'change');
  assertFlagsAllowed(ctx, input);
  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx.db.select({ id: users.id }).from(users).where(eq(users.id, id)).for('update');
    if (!existing) throw notFound('User');
    if (input.username !== undefined) await assertUsernameFree(tx, input.username, id);
    const set: Partial<typeof users.$inferInsert> = {};
    if (input.username !== undefined) set.username = input.username;
    if (input.first_name !== undefined) set.firstName = input.first_name;
    if (input.last_name !== undefined) set.lastName = input.last_name;
    if (input.email !== undefined) set.email = input.email;
    if (input.is_active !== undefined) set.isActive = input.is_active;
    if (input.is_staff !== undefined) set.isStaff = input.is_staff;
    if (input.is_superuser !== undefined) set.isSuperuser = input.is_superuser;
    if (Object.keys(set).length) await tx.db.update(users).set(set).where(eq(users.id, id));
    if (input.group_ids) await setGroups(tx, id, input.group_ids);
    if (input.is_active === false) await endAllSessions(tx.db, id);
    await invalidate(tx.db, principalKey(id));
    return getUser(tx, id);
  });
}

/** Sets a password (superuser only, InvenTree's `/set-password/`); ends the user's sessions. */
export async function setPassword(ctx: Ctx, id: number, password: string, overrideWarning = false) {
  assertCan(ctx, 'superuser');
  return withTransaction(ctx, async (tx) => {
    const [u] = await tx.db
      .select({ username: users.username })
      .from(users)
      .where(eq(users.id, id))
      .for('update');
    if (!u) throw notFound('User');
    const problems = checkPasswordRules(password, u.username);
    if (problems.length && !overrideWarning) throw validation({ password: problems });
    await tx.db
      .update(users)
      .set({ password: await hashPassword(password) })
      .where(eq(users.id, id));
    await endAllSessions(tx.db, id);
    return { password: '' };
  });
}

export async function deleteUser(ctx: Ctx, id: number) {
  assertCan(ctx, 'admin', 'delete');
  if (id === ctx.actor.userId) throw fieldError('non_field_errors', 'You cannot delete your own account.');
  await withTransaction(ctx, async (tx) => {
    const rows = await tx.db.delete(users).where(eq(users.id, id)).returning({ id: users.id });
    if (!rows.length) throw notFound('User');
    await invalidate(tx.db, principalKey(id));
    await tx.db.delete(owners).where(and(eq(owners.ownerType, 'user'), eq(owners.ownerId, id)));
  });
}
