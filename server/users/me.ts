import { eq } from 'drizzle-orm';
import { userProfiles, users } from '@/db/schema';
import { modelPermissionsPayload, rolesPayload } from '@/domain/roles';
import { unauthorized } from '@/lib/errors';
import type { Ctx } from '../context';
import { type UserRow, userColumns, userOut } from './serialize';

/** `/api/user/me/`: the caller, optionally with `roles` and `permissions` (`?roles=true`). */
export async function getMe(ctx: Ctx, withRoles = false) {
  const [row] = (await ctx.db
    .select(userColumns)
    .from(users)
    .where(eq(users.id, ctx.actor.userId))) as UserRow[];
  if (!row) throw unauthorized('User inactive or deleted.');
  const out: Record<string, unknown> = userOut(row);
  if (withRoles) {
    out.roles = rolesPayload(ctx.actor);
    out.permissions = modelPermissionsPayload(ctx.actor);
  }
  return out;
}

/** `/api/user/me/roles/` (and the legacy `/api/user/roles/`). */
export function getMyRoles(ctx: Ctx) {
  return {
    user: ctx.actor.userId,
    username: ctx.actor.username,
    roles: rolesPayload(ctx.actor),
    permissions: modelPermissionsPayload(ctx.actor),
    is_staff: ctx.actor.isStaff,
    is_superuser: ctx.actor.isSuperuser,
  };
}

/** Anyone may edit their own names and e-mail (InvenTree remaps `/me/` writes to the caller). */
export async function updateMe(ctx: Ctx, input: { first_name?: string; last_name?: string; email?: string }) {
  const set: Partial<typeof users.$inferInsert> = {};
  if (input.first_name !== undefined) set.firstName = input.first_name;
  if (input.last_name !== undefined) set.lastName = input.last_name;
  if (input.email !== undefined) set.email = input.email;
  if (Object.keys(set).length) await ctx.db.update(users).set(set).where(eq(users.id, ctx.actor.userId));
  return getMe(ctx);
}

export type ProfileInput = Partial<{
  language: string | null;
  theme: unknown;
  widgets: unknown;
  displayname: string | null;
  position: string | null;
  status: string | null;
  location: string | null;
  active: boolean;
  contact: string | null;
  type: 'bot' | 'internal' | 'external' | 'guest';
  organisation: string | null;
  primary_group: number | null;
}>;

export async function getMyProfile(ctx: Ctx) {
  return (await getMe(ctx)).profile;
}

/** Upserts the caller's profile row. */
export async function updateMyProfile(ctx: Ctx, input: ProfileInput) {
  const { primary_group, ...rest } = input;
  const values = { ...rest, ...(primary_group !== undefined ? { primaryGroupId: primary_group } : {}) };
  await ctx.db
    .insert(userProfiles)
    .values({ userId: ctx.actor.userId, ...values })
    .onConflictDoUpdate({
      target: userProfiles.userId,
      set: Object.keys(values).length ? values : { userId: ctx.actor.userId },
    });
  return getMyProfile(ctx);
}
