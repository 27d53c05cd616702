import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { type RuleRow, unionRules } from '@/domain/roles';
import { cached } from '@/lib/cache';
import type { Principal } from '../context';

type PrincipalRow = {
  id: number;
  username: string;
  is_active: boolean;
  is_staff: boolean;
  is_superuser: boolean;
  rules: RuleRow[];
};

export const principalKey = (userId: number) => `principal:${userId}`;

/** Loads a user with the union of their groups' rulesets (one query, read through the cache); null if missing or inactive. */
export async function loadPrincipal(
  db: Tx,
  userId: number,
  via: Principal['via'],
): Promise<Principal | null> {
  const row = await cached(principalKey(userId), 300, () => loadPrincipalRow(db, userId));
  if (!row?.is_active) return null;
  return {
    userId: row.id,
    username: row.username,
    isStaff: row.is_staff,
    isSuperuser: row.is_superuser,
    roles: unionRules(row.rules),
    via,
  };
}

async function loadPrincipalRow(db: Tx, userId: number): Promise<PrincipalRow | null> {
  const rows = await db.execute<PrincipalRow>(sql`
    select u.id, u.username, u.is_active, u.is_staff, u.is_superuser,
      coalesce(json_agg(json_build_object('name', r.name, 'canView', r.can_view, 'canAdd', r.can_add,
        'canChange', r.can_change, 'canDelete', r.can_delete)) filter (where r.id is not null), '[]') as rules
    from users u
    left join user_groups ug on ug.user_id = u.id
    left join rulesets r on r.group_id = ug.group_id
    where u.id = ${userId}
    group by u.id`);
  const row = rows[0];
  return row ? { ...row } : null;
}
