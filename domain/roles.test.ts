import { describe, expect, it } from 'vitest';
import {
  hasRole,
  modelPermissionsPayload,
  permissionForMethod,
  ROLES,
  rolesPayload,
  unionRules,
} from './roles';

describe('roles', () => {
  it('maps HTTP methods to permissions as InvenTree does', () => {
    expect(permissionForMethod('GET')).toBe('view');
    expect(permissionForMethod('OPTIONS')).toBe('view');
    expect(permissionForMethod('POST')).toBe('add');
    expect(permissionForMethod('PUT')).toBe('change');
    expect(permissionForMethod('PATCH')).toBe('change');
    expect(permissionForMethod('DELETE')).toBe('delete');
  });

  it('unions rulesets across groups: a grant anywhere wins', () => {
    const roles = unionRules([
      { name: 'part', canView: true, canAdd: false, canChange: false, canDelete: false },
      { name: 'part', canView: false, canAdd: true, canChange: false, canDelete: false },
      { name: 'stock', canView: false, canAdd: false, canChange: false, canDelete: false },
    ]);
    expect([...roles.part!].sort()).toEqual(['add', 'view']);
    expect(hasRole({ isSuperuser: false, roles }, 'part', 'add')).toBe(true);
    expect(hasRole({ isSuperuser: false, roles }, 'part', 'delete')).toBe(false);
    expect(hasRole({ isSuperuser: false, roles }, 'stock', 'view')).toBe(false);
  });

  it('lets superusers bypass every check', () => {
    for (const role of ROLES) expect(hasRole({ isSuperuser: true, roles: {} }, role, 'delete')).toBe(true);
  });

  it('answers roles with null for roles without any permission', () => {
    const payload = rolesPayload({
      isSuperuser: false,
      roles: unionRules([{ name: 'stock', canView: true, canAdd: false, canChange: true, canDelete: false }]),
    });
    expect(Object.keys(payload)).toEqual([...ROLES]);
    expect(payload.stock).toEqual(['view', 'change']);
    expect(payload.part).toBeNull();
  });

  it('derives model permissions from any role that covers the table', () => {
    const perms = modelPermissionsPayload({
      isSuperuser: false,
      roles: unionRules([
        { name: 'build', canView: true, canAdd: false, canChange: false, canDelete: false },
      ]),
    });
    expect(perms.part).toEqual(['view']);
    expect(perms.stockitem).toEqual(['view']);
    expect(perms.purchaseorder).toBeUndefined();
  });
});
