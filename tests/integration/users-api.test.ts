import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { owners, userSessions } from '@/db/schema';
import { createSession, sessionUser } from '@/server/auth/sessions';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';

describe('users, groups and owners API', () => {
  let admin: string;
  beforeAll(async () => {
    admin = await tokenFor(await makeUser({ superuser: true }));
  });

  it('returns a bare array without limit and a page with limit', async () => {
    const all = await api('GET', '/api/user/', { token: admin });
    expect(Array.isArray(all.body)).toBe(true);
    const page = await api('GET', '/api/user/?limit=1&ordering=-pk', { token: admin });
    expect(Object.keys(page.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(page.body.count).toBe(all.body.length);
    expect(page.body.results).toHaveLength(1);
    expect(page.body.results[0].pk).toBe(Math.max(...all.body.map((u: { pk: number }) => u.pk)));
    if (page.body.count > 1)
      expect(page.body.next).toBe('http://localhost:3000/api/user/?limit=1&ordering=-pk&offset=1');
  });

  it('creates a user with groups, an Owner row, and finds them by search', async () => {
    const group = await api('POST', '/api/user/group/', {
      token: admin,
      body: { name: unique('Engineers'), rules: { part: { can_view: true, can_add: true } } },
    });
    expect(group.status).toBe(201);
    expect(group.body.roles).toHaveLength(11);
    const name = unique('alice');
    const r = await api('POST', '/api/user/', {
      token: admin,
      body: {
        username: name,
        first_name: 'Alice',
        email: 'alice@example.com',
        password: 'long-enough-pw',
        group_ids: [group.body.pk],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username: name,
      first_name: 'Alice',
      is_active: true,
      groups: [{ pk: group.body.pk }],
    });
    const [owner] = await db
      .select()
      .from(owners)
      .where(and(eq(owners.ownerType, 'user'), eq(owners.ownerId, r.body.pk)));
    expect(owner).toBeTruthy();
    const found = await api('GET', `/api/user/?search=${name}`, { token: admin });
    expect(found.body.map((u: { pk: number }) => u.pk)).toEqual([r.body.pk]);
    const roles = await api('GET', '/api/user/me/roles/', { basic: [name, 'long-enough-pw'] });
    expect(roles.body.roles.part).toEqual(['view', 'add']);
    expect(roles.body.roles.stock).toBeNull();
    const owners2 = await api('GET', `/api/user/owner/?search=${name}`, { token: admin });
    expect(owners2.body).toEqual([
      { pk: owner!.id, owner_id: r.body.pk, owner_model: 'user', name, label: 'user' },
    ]);
  });

  it('validates input in DRF shape and writes nothing on failure', async () => {
    const before = (await api('GET', '/api/user/', { token: admin })).body.length;
    const r = await api('POST', '/api/user/', {
      token: admin,
      body: { username: '<b>x</b>', email: 'not-an-email', group_ids: ['x'] },
    });
    expect(r.status).toBe(400);
    expect(r.body.username).toEqual(['Remove HTML tags from this value']);
    expect(r.body.email).toBeDefined();
    expect(r.body.group_ids).toBeDefined();
    const missing = await api('POST', '/api/user/', { token: admin, body: {} });
    expect(missing.body).toEqual({ username: ['This field is required.'] });
    const bad = await api('POST', '/api/user/', {
      token: admin,
      body: { username: unique('x'), group_ids: [99999999] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.group_ids[0]).toContain('does not exist');
    expect((await api('GET', '/api/user/', { token: admin })).body.length).toBe(before);
  });

  it('answers malformed JSON with 400 and other media types with 415', async () => {
    const r = await api('POST', '/api/user/', {
      token: admin,
      rawBody: '{bad',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/^JSON parse error/);
    const t = await api('POST', '/api/user/', {
      token: admin,
      rawBody: 'x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(t.status).toBe(415);
  });

  it('refuses duplicate user names case-insensitively', async () => {
    const name = unique('Bob');
    expect((await api('POST', '/api/user/', { token: admin, body: { username: name } })).status).toBe(201);
    const dup = await api('POST', '/api/user/', { token: admin, body: { username: name.toLowerCase() } });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ username: ['A user with that username already exists.'] });
  });

  it('only superusers may grant staff or superuser status', async () => {
    const userAdmin = await tokenFor(await makeUser({ roles: { admin: ['view', 'add', 'change'] } }));
    const r = await api('POST', '/api/user/', {
      token: userAdmin,
      body: { username: unique('c'), is_superuser: true },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ is_superuser: ['Only a superuser can adjust this field'] });
  });

  it('ends every session of a deactivated user, in the same transaction as the change', async () => {
    const u = await makeUser();
    const sid = await createSession(db, u.id, { userAgent: 'test' });
    expect(await sessionUser(db, sid)).toBe(u.id);
    await api('PATCH', `/api/user/${u.id}/`, { token: admin, body: { is_active: false } });
    expect(await sessionUser(db, sid)).toBeNull();
    const [row] = await db.select().from(userSessions).where(eq(userSessions.id, sid));
    expect(row!.revokedAt).not.toBeNull();
  });

  it('updates a ruleset through /api/user/ruleset/ and the user gains the role', async () => {
    const u = await makeUser({ roles: { stock: ['view'] } });
    const token = await tokenFor(u);
    const me = await api('GET', '/api/user/me/', { token });
    const group = await api('GET', `/api/user/group/${me.body.groups[0].pk}/`, { token: admin });
    const rs = group.body.roles.find((r: { name: string }) => r.name === 'stock');
    const r = await api('PATCH', `/api/user/ruleset/${rs.pk}/`, { token: admin, body: { can_change: true } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'stock', can_view: true, can_change: true, can_add: false });
    const roles = await api('GET', '/api/user/me/roles/', { token });
    expect(roles.body.roles.stock).toEqual(['view', 'change']);
  });

  it("describes endpoints with OPTIONS, filtered by the caller's permissions", async () => {
    const o = await api('OPTIONS', '/api/user/', { token: admin });
    expect(o.status).toBe(200);
    expect(o.body.actions.POST.username).toMatchObject({
      type: 'string',
      required: true,
      read_only: false,
      max_length: 150,
    });
    expect(o.body.actions.POST.pk).toMatchObject({ type: 'integer', read_only: true });
    expect(o.body.actions.POST.is_staff).toMatchObject({
      type: 'boolean',
      required: false,
      label: 'Administrator',
    });
    const reader = await tokenFor(await makeUser({ roles: { admin: ['view'] } }));
    const ro = await api('OPTIONS', '/api/user/', { token: reader });
    expect(ro.body.actions.POST).toBeUndefined();
    expect(ro.body.actions.GET).toEqual({});
    const detail = await api('OPTIONS', '/api/user/1/', { token: admin });
    expect(detail.body.actions.PUT).toBeDefined();
    expect(detail.body.actions.DELETE).toEqual({});
  });

  it('answers a path without its trailing slash with a JSON 404 and unknown methods with 405', async () => {
    const r = await api('GET', '/api/user/me', { token: admin });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ detail: 'API endpoint not found', url: 'http://localhost:3000/api/user/me' });
    const m = await api('DELETE', '/api/user/', { token: admin });
    expect(m.status).toBe(405);
    expect(m.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
  });

  it('publishes an OpenAPI document covering every endpoint', async () => {
    const r = await api('GET', '/api/schema/', { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.0.3');
    expect(Object.keys(r.body.paths)).toContain('/api/user/tokens/{id}/');
    expect(
      r.body.paths['/api/user/'].post.requestBody.content['application/json'].schema.properties.username,
    ).toBeDefined();
  });
});
