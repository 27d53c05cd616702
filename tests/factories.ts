import { db } from '@/db/client';
import type { Permission, Role } from '@/domain/roles';
import { loadPrincipal } from '@/server/auth/principal';
import { type Ctx, systemCtx } from '@/server/context';
import { createGroup, createUser, issueToken } from '@/server/users';

let seq = 0;
export const unique = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${++seq}`;

export interface TestUser {
  id: number;
  username: string;
  password: string;
}

/** A user whose only group grants exactly `roles` (e.g. `{ part: ['view'] }`). */
export async function makeUser(
  opts: {
    roles?: Partial<Record<Role, Permission[]>>;
    superuser?: boolean;
    staff?: boolean;
    active?: boolean;
    password?: string;
  } = {},
): Promise<TestUser> {
  const password = opts.password ?? 'correct-horse-battery';
  let groupIds: number[] = [];
  if (opts.roles && Object.keys(opts.roles).length) {
    const rules = Object.fromEntries(
      Object.entries(opts.roles).map(([role, perms]) => [
        role,
        {
          can_view: perms!.includes('view'),
          can_add: perms!.includes('add'),
          can_change: perms!.includes('change'),
          can_delete: perms!.includes('delete'),
        },
      ]),
    );
    const g = await createGroup(systemCtx(), { name: unique('grp'), rules });
    groupIds = [g.pk as number];
  }
  const u = await createUser(systemCtx(), {
    username: unique('user'),
    password,
    is_superuser: opts.superuser ?? false,
    is_staff: opts.staff ?? opts.superuser ?? false,
    is_active: opts.active ?? true,
    group_ids: groupIds,
  });
  return { id: u.pk, username: u.username, password };
}

export async function ctxFor(user: TestUser): Promise<Ctx> {
  const actor = await loadPrincipal(db, user.id, 'token');
  if (!actor) throw new Error('user not active');
  return { actor, db };
}

export async function tokenFor(user: TestUser): Promise<string> {
  return (await issueToken(await ctxFor(user), 'test', {})).token;
}
