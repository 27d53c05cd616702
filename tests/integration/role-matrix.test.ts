import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission, permissionForMethod, ROLES, type Role } from '@/domain/roles';
import { METHODS } from '@/lib/http/endpoint';
import { allEndpoints } from '@/server/endpoints';
import { api } from '../api';
import { makeUser, type TestUser, tokenFor } from '../factories';

/**
 * The role matrix, derived from the endpoint registry so every endpoint added later is covered:
 * anonymous → 401; a signed-in user without the role → 403; with exactly that role and permission
 * → neither 401 nor 403 (404/400 are fine: the ids and bodies here are dummies).
 */
const cases = allEndpoints().flatMap((spec) =>
  METHODS.filter((m) => spec[m]).map((m) => ({ spec, method: m, access: spec[m]!.access })),
);
const url = (path: string) => path.replace(/\{\w+\}/g, '999999');

describe('role matrix over every endpoint', () => {
  let nobody: string;
  let staff: string;
  const holders = new Map<string, string>();

  beforeAll(async () => {
    nobody = await tokenFor(await makeUser());
    staff = await tokenFor(await makeUser({ staff: true }));
    for (const role of ROLES)
      for (const perm of PERMISSIONS) {
        const u: TestUser = await makeUser({
          roles: { [role]: [perm] } as Partial<Record<Role, Permission[]>>,
        });
        holders.set(`${role}.${perm}`, await tokenFor(u));
      }
  });

  for (const c of cases) {
    const label = `${c.method} ${c.spec.path} (${c.access})`;
    if (c.access === 'public') {
      it(`${label}: open to anonymous callers`, async () => {
        expect((await api(c.method, url(c.spec.path), { body: {} })).status).not.toBe(401);
      });
      continue;
    }
    it(`${label}: anonymous gets 401`, async () => {
      const r = await api(c.method, url(c.spec.path), { body: {} });
      expect(r.status).toBe(401);
      expect(r.body.detail).toBeTruthy();
    });
    if (c.access === 'user') continue;
    it(`${label}: a user without the right gets 403`, async () => {
      const r = await api(c.method, url(c.spec.path), { token: nobody, body: {} });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    });
    if (c.access === 'staff') {
      it(`${label}: staff may call it`, async () => {
        expect([401, 403]).not.toContain(
          (await api(c.method, url(c.spec.path), { token: staff, body: {} })).status,
        );
      });
      continue;
    }
    if (c.access === 'superuser') continue;
    const [role, forced] = c.access.split('.') as [Role, Permission | undefined];
    const perm = forced ?? permissionForMethod(c.method);
    it(`${label}: ${role}.${perm} is enough, other permissions of the role are not`, async () => {
      const ok = await api(c.method, url(c.spec.path), { token: holders.get(`${role}.${perm}`), body: {} });
      expect([401, 403]).not.toContain(ok.status);
      for (const other of PERMISSIONS.filter((p) => p !== perm)) {
        const r = await api(c.method, url(c.spec.path), { token: holders.get(`${role}.${other}`), body: {} });
        expect(r.status, `${role}.${other}`).toBe(403);
      }
    });
  }

  it('a superuser passes every role check', async () => {
    const su = await tokenFor(await makeUser({ superuser: true }));
    for (const c of cases) {
      const r = await api(c.method, url(c.spec.path), { token: su, body: {} });
      expect([401, 403], `${c.method} ${c.spec.path}`).not.toContain(r.status);
    }
  });

  it('a reader (view on every role) can list groups but not create users', async () => {
    const reader = await tokenFor(
      await makeUser({ roles: Object.fromEntries(ROLES.map((r) => [r, ['view']])) }),
    );
    expect((await api('GET', '/api/user/group/', { token: reader })).status).toBe(200);
    const post = await api('POST', '/api/user/', { token: reader, body: { username: 'nope' } });
    expect(post.status).toBe(403);
  });
});
