import { sql } from 'drizzle-orm';
import { groups, userGroups, userProfiles, users } from '@/db/schema';
import { ROLE_LABELS, type Role } from '@/domain/roles';

/** Columns for a user with their groups (one json_agg subquery, no query per row) and profile. */
// Correlated subqueries name the outer row explicitly: Drizzle renders `users.id` unqualified in a select.
const outerUserId = sql`${sql.identifier('users')}.${sql.identifier('id')}`;

export const userColumns = {
  id: users.id,
  username: users.username,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
  isActive: users.isActive,
  isStaff: users.isStaff,
  isSuperuser: users.isSuperuser,
  groups: sql<{ pk: number; name: string }[]>`(
    select coalesce(json_agg(json_build_object('pk', g.id, 'name', g.name) order by g.name), '[]')
    from ${userGroups} ug join ${groups} g on g.id = ug.group_id where ug.user_id = ${outerUserId})`.as(
    'groups',
  ),
  profile: sql<Record<
    string,
    unknown
  > | null>`(select row_to_json(p) from ${userProfiles} p where p.user_id = ${outerUserId})`.as('profile'),
};

export interface UserRow {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  groups: { pk: number; name: string }[];
  profile: Record<string, unknown> | null;
}

export const userBrief = (u: Pick<UserRow, 'id' | 'username' | 'firstName' | 'lastName' | 'email'>) => ({
  pk: u.id,
  username: u.username,
  first_name: u.firstName,
  last_name: u.lastName,
  email: u.email,
});

/** InvenTree's UserProfile shape; defaults where the user has no profile row yet. */
export function profileOut(p: Record<string, unknown> | null) {
  return {
    language: (p?.language as string) ?? null,
    theme: p?.theme ?? null,
    widgets: p?.widgets ?? null,
    displayname: (p?.displayname as string) ?? null,
    position: (p?.position as string) ?? null,
    status: (p?.status as string) ?? null,
    location: (p?.location as string) ?? null,
    active: (p?.active as boolean) ?? true,
    contact: (p?.contact as string) ?? null,
    type: (p?.type as string) ?? 'internal',
    organisation: (p?.organisation as string) ?? null,
    primary_group: (p?.primary_group_id as number) ?? null,
  };
}

export const userOut = (u: UserRow) => ({
  ...userBrief(u),
  groups: u.groups,
  is_staff: u.isStaff,
  is_superuser: u.isSuperuser,
  is_active: u.isActive,
  profile: profileOut(u.profile),
});

export interface RulesetRow {
  id: number;
  groupId: number;
  name: string;
  canView: boolean;
  canAdd: boolean;
  canChange: boolean;
  canDelete: boolean;
}

export const rulesetOut = (r: RulesetRow) => ({
  pk: r.id,
  name: r.name,
  label: ROLE_LABELS[r.name as Role] ?? r.name,
  group: r.groupId,
  can_view: r.canView,
  can_add: r.canAdd,
  can_change: r.canChange,
  can_delete: r.canDelete,
});
