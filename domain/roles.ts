/**
 * InvenTree's role model (users/ruleset.py), as data: one source for the database, the API,
 * the admin UI and the `/api/user/me/roles/` answer.
 */
export const ROLES = [
  'admin',
  'part_category',
  'part',
  'bom',
  'stock_location',
  'stock',
  'build',
  'purchase_order',
  'sales_order',
  'return_order',
  'transfer_order',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = ['view', 'add', 'change', 'delete'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  part_category: 'Part Categories',
  part: 'Parts',
  bom: 'Bills of Material',
  stock_location: 'Stock Locations',
  stock: 'Stock Items',
  build: 'Build Orders',
  purchase_order: 'Purchase Orders',
  sales_order: 'Sales Orders',
  return_order: 'Return Orders',
  transfer_order: 'Transfer Orders',
};

/** HTTP method → permission (InvenTree's `ACTION_MAP`). */
export function permissionForMethod(method: string): Permission {
  switch (method.toUpperCase()) {
    case 'POST':
      return 'add';
    case 'PUT':
    case 'PATCH':
      return 'change';
    case 'DELETE':
      return 'delete';
    default:
      return 'view';
  }
}

/**
 * Which roles grant access to a model's table (`get_ruleset_models`): having the permission in
 * any listed role is enough. Keys are InvenTree's lowercase model names.
 */
export const MODEL_ROLES: Record<string, readonly Role[]> = {
  user: ['admin'],
  group: ['admin'],
  apitoken: ['admin'],
  ruleset: ['admin'],
  partcategory: ['part_category', 'build'],
  part: ['part', 'build'],
  bomitem: ['bom', 'part', 'build'],
  stocklocation: ['stock_location', 'build'],
  stockitem: ['stock', 'build'],
  stockitemtracking: ['stock'],
  company: ['purchase_order', 'sales_order', 'return_order'],
  supplierpart: ['part', 'purchase_order'],
  manufacturerpart: ['part', 'purchase_order'],
  purchaseorder: ['purchase_order'],
  salesorder: ['sales_order'],
  returnorder: ['return_order'],
  transferorder: ['transfer_order'],
  build: ['build'],
};

/** A user's rights: role → granted permissions. */
export type RoleMap = Partial<Record<Role, ReadonlySet<Permission>>>;

export interface RuleRow {
  name: string;
  canView: boolean;
  canAdd: boolean;
  canChange: boolean;
  canDelete: boolean;
}

/** The union over a user's groups' rulesets (a permission granted anywhere wins). */
export function unionRules(rows: readonly RuleRow[]): RoleMap {
  const out: Partial<Record<Role, Set<Permission>>> = {};
  for (const r of rows) {
    if (!(ROLES as readonly string[]).includes(r.name)) continue;
    const set = out[r.name as Role] ?? new Set<Permission>();
    if (r.canView) set.add('view');
    if (r.canAdd) set.add('add');
    if (r.canChange) set.add('change');
    if (r.canDelete) set.add('delete');
    out[r.name as Role] = set;
  }
  return out;
}

export interface Grantee {
  isSuperuser: boolean;
  roles: RoleMap;
}

export function hasRole(who: Grantee, role: Role, perm: Permission): boolean {
  return who.isSuperuser || (who.roles[role]?.has(perm) ?? false);
}

/** `/api/user/me/roles/` shape: every role, `null` where nothing is granted, permissions in fixed order. */
export function rolesPayload(who: Grantee): Record<Role, Permission[] | null> {
  const out = {} as Record<Role, Permission[] | null>;
  for (const role of ROLES) {
    const perms = PERMISSIONS.filter((p) => hasRole(who, role, p));
    out[role] = perms.length ? perms : null;
  }
  return out;
}

/** Django-style model permissions (`permissions` in `/api/user/me/roles/`), keyed by model name. */
export function modelPermissionsPayload(who: Grantee): Record<string, Permission[]> {
  const out: Record<string, Permission[]> = {};
  for (const [model, roles] of Object.entries(MODEL_ROLES)) {
    const perms = PERMISSIONS.filter((p) => roles.some((r) => hasRole(who, r, p)));
    if (perms.length) out[model] = perms;
  }
  return out;
}
