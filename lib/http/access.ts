import { hasRole, type Permission, permissionForMethod, ROLES, type Role } from '@/domain/roles';
import type { Principal } from '@/server/context';
import { forbidden, unauthorized } from '../errors';
import type { Access } from './endpoint';

export function parseAccess(access: Access, method: string): { role: Role; perm: Permission } | null {
  if (access === 'public' || access === 'user' || access === 'staff' || access === 'superuser') return null;
  const [role, perm] = access.split('.') as [Role, Permission | undefined];
  if (!(ROLES as readonly string[]).includes(role)) throw new Error(`Unknown role in access: ${access}`);
  return { role, perm: perm ?? permissionForMethod(method) };
}

/** True when `who` may call a method with this access rule (null = anonymous). */
export function allowed(who: Principal | null, access: Access, method: string): boolean {
  if (access === 'public') return true;
  if (!who) return false;
  if (who.isSuperuser) return true;
  if (access === 'user') return true;
  if (access === 'staff') return who.isStaff;
  if (access === 'superuser') return false;
  const need = parseAccess(access, method)!;
  return hasRole(who, need.role, need.perm);
}

/** Throws 401 for anonymous callers and 403 for authenticated ones without the right. */
export function assertAllowed(who: Principal | null, access: Access, method: string): void {
  if (allowed(who, access, method)) return;
  if (!who) throw unauthorized();
  throw forbidden();
}
