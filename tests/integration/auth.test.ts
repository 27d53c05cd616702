import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { SESSION_COOKIE } from '@/server/auth/authenticate';
import { djangoPbkdf2 } from '@/server/auth/password';
import { createSession, endSession } from '@/server/auth/sessions';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';

describe('authentication', () => {
  it('answers anonymous callers 401 with WWW-Authenticate: Token', async () => {
    const r = await api('GET', '/api/user/me/');
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Token');
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(r.body).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('serves GET /api/ to anonymous callers, but a bad token is a 401 even there', async () => {
    const ok = await api('GET', '/api/');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ server: 'InvenTree', apiVersion: 534 });
    expect(ok.body.database).toBeNull();
    const bad = await api('GET', '/api/', { token: 'inv-0000-20260101' });
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual({ detail: 'Invalid token.' });
  });

  it('exchanges HTTP Basic for a token on both token paths, and the token authenticates', async () => {
    const u = await makeUser();
    for (const path of ['/api/user/token/', '/api/user/me/token/']) {
      const r = await api('GET', `${path}?name=my script`, { basic: [u.username, u.password] });
      expect(r.status).toBe(200);
      expect(r.body.name).toBe('my-script');
      expect(r.body.token).toMatch(/^inv-[0-9a-f]{40}-\d{8}$/);
      expect(r.body.expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const me = await api('GET', '/api/user/me/', { token: r.body.token });
      expect(me.status).toBe(200);
      expect(me.body.username).toBe(u.username);
    }
  });

  it('stores only a hash of the key and shows it redacted', async () => {
    const u = await makeUser();
    const key = await tokenFor(u);
    const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, u.id));
    expect(JSON.stringify(rows)).not.toContain(key);
    const list = await api('GET', '/api/user/tokens/', { token: key });
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(list.body[0].token).toBe(`${key.slice(0, 8)}${'*'.repeat(key.length - 20)}${key.slice(-12)}`);
    expect(list.body[0].in_use).toBe(true);
    expect(list.body[0].active).toBe(true);
  });

  it('refuses a wrong Basic password, then throttles the user name with 429', async () => {
    const u = await makeUser();
    for (let i = 0; i < 5; i++) {
      const r = await api('GET', '/api/user/me/', { basic: [u.username, 'wrong-password'] });
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ detail: 'Invalid username/password.' });
    }
    const blocked = await api('GET', '/api/user/me/', { basic: [u.username, u.password] });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('creates, lists and revokes named tokens; a revoked token is a 401', async () => {
    const u = await makeUser();
    const boot = await tokenFor(u);
    const created = await api('POST', '/api/user/tokens/', {
      token: boot,
      body: { name: 'ci bot', expiry: '2099-01-01' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'ci-bot',
      expiry: '2099-01-01',
      revoked: false,
      active: true,
      user: u.id,
    });
    const key = created.body.token as string;
    expect((await api('GET', '/api/user/me/', { token: key })).status).toBe(200);
    const del = await api('DELETE', `/api/user/tokens/${created.body.id}/`, { token: boot });
    expect(del.status).toBe(204);
    const after = await api('GET', '/api/user/me/', { token: key });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: 'Token has been revoked' });
    const list = await api('GET', '/api/user/tokens/?revoked=true', { token: boot });
    expect(list.body.map((t: { id: number }) => t.id)).toEqual([created.body.id]);
  });

  it('refuses expired tokens and a past expiry date', async () => {
    const u = await makeUser();
    const boot = await tokenFor(u);
    const past = await api('POST', '/api/user/tokens/', {
      token: boot,
      body: { name: 'old', expiry: '2001-01-01' },
    });
    expect(past.status).toBe(400);
    expect(past.body).toEqual({ expiry: ['Expiry date cannot be in the past'] });
    const t = await api('POST', '/api/user/tokens/', { token: boot, body: { name: 'soon' } });
    await db.update(apiTokens).set({ expiry: '2020-01-01' }).where(eq(apiTokens.id, t.body.id));
    const r = await api('GET', '/api/user/me/', { token: t.body.token });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: 'Token has expired' });
  });

  it("does not show or revoke another user's token", async () => {
    const a = await makeUser();
    const b = await makeUser();
    const ta = await tokenFor(a);
    const tb = await api('POST', '/api/user/tokens/', { token: await tokenFor(b), body: { name: 'b' } });
    expect((await api('GET', `/api/user/tokens/${tb.body.id}/`, { token: ta })).status).toBe(404);
    expect((await api('DELETE', `/api/user/tokens/${tb.body.id}/`, { token: ta })).status).toBe(404);
  });

  it('signs in an imported Django user and upgrades the hash to argon2id', async () => {
    const u = await makeUser();
    const legacy = await djangoPbkdf2('imported-pass', 'somesalt1234', 1000);
    await db.update(users).set({ password: legacy }).where(eq(users.id, u.id));
    const r = await api('GET', '/api/user/me/token/', { basic: [u.username, 'imported-pass'] });
    expect(r.status).toBe(200);
    const [row] = await db.select({ password: users.password }).from(users).where(eq(users.id, u.id));
    expect(row!.password.startsWith('$argon2id$')).toBe(true);
    expect((await api('GET', '/api/user/me/', { basic: [u.username, 'imported-pass'] })).status).toBe(200);
  });

  it('deactivating a user makes their tokens fail', async () => {
    const admin = await makeUser({ superuser: true });
    const u = await makeUser();
    const key = await tokenFor(u);
    const r = await api('PATCH', `/api/user/${u.id}/`, {
      token: await tokenFor(admin),
      body: { is_active: false },
    });
    expect(r.status).toBe(200);
    expect(r.body.is_active).toBe(false);
    const after = await api('GET', '/api/user/me/', { token: key });
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ detail: 'User inactive or deleted.' });
  });

  it('rejects malformed Authorization headers with InvenTree messages', async () => {
    expect((await api('GET', '/api/user/me/', { headers: { authorization: 'Token' } })).body).toEqual({
      detail: 'Invalid token header. No credentials provided.',
    });
    expect((await api('GET', '/api/user/me/', { headers: { authorization: 'Token a b' } })).body).toEqual({
      detail: 'Invalid token header. Token string should not contain spaces.',
    });
    expect(
      (await api('GET', `/api/user/me/`, { headers: { authorization: `Bearer ${unique('x')}` } })).status,
    ).toBe(401);
  });

  it('authenticates the session cookie, refuses cross-origin writes, and forgets ended sessions', async () => {
    const u = await makeUser({ roles: { admin: ['view', 'add'] } });
    const sid = await createSession(db, u.id, { userAgent: 'vitest' });
    const jwt = await encode({ token: { sid }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE });
    const cookie = `${SESSION_COOKIE}=${jwt}`;
    const me = await api('GET', '/api/user/me/', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.username).toBe(u.username);
    const body = { name: unique('g') };
    const noOrigin = await api('POST', '/api/user/group/', { headers: { cookie }, body });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body.detail).toMatch(/^CSRF Failed/);
    const evil = await api('POST', '/api/user/group/', {
      headers: { cookie, origin: 'https://evil.example' },
      body,
    });
    expect(evil.status).toBe(403);
    const same = await api('POST', '/api/user/group/', {
      headers: { cookie, origin: 'http://localhost:3000' },
      body,
    });
    expect(same.status).toBe(201);
    await endSession(db, sid);
    expect((await api('GET', '/api/user/me/', { headers: { cookie } })).status).toBe(401);
    const forged = await encode({
      token: { sid },
      secret: 'another-secret-0123456789',
      salt: SESSION_COOKIE,
    });
    expect(
      (await api('GET', '/api/user/me/', { headers: { cookie: `${SESSION_COOKIE}=${forged}` } })).status,
    ).toBe(401);
  });
});
