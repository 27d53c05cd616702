import { hasRole, type Permission, type Role } from '@/domain/roles';
import { forbidden, unauthorized } from '@/lib/errors';
import type { Ctx } from './context';

/**
 * The first line of every write verb: the actor must hold `role.perm` (superusers always do),
 * or be staff/superuser. Route access is also checked by the wrapper; verbs check again because
 * they are called from pages, server actions, jobs and scripts too.
 */
export function assertCan(ctx: Ctx, role: Role | 'staff' | 'superuser', perm?: Permission): void {
  const who = ctx.actor;
  if (who.via === 'system' || who.isSuperuser) return;
  if (!who.userId) throw unauthorized();
  if (role === 'superuser') throw forbidden();
  if (role === 'staff') {
    if (!who.isStaff) throw forbidden();
    return;
  }
  if (!hasRole(who, role, perm ?? 'view')) throw forbidden();
}
