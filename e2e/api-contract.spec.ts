import { expect, test } from '@playwright/test';

const basic = (u: string, p: string) => ({
  Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`,
});

test.describe('REST API on the wire (built app)', () => {
  test('GET /api/ is public with exactly application/json', async ({ request }) => {
    const r = await request.get('/api/');
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('application/json');
    expect(await r.json()).toMatchObject({ server: 'InvenTree', apiVersion: 534 });
  });

  test('Basic → token → /api/user/me/; no credentials → 401', async ({ request }) => {
    const t = await request.get('/api/user/token/?name=contract', { headers: basic('admin', 'inventree') });
    expect(t.status()).toBe(200);
    const { token } = await t.json();
    const me = await request.get('/api/user/me/', { headers: { Authorization: `Token ${token}` } });
    expect(me.status()).toBe(200);
    expect((await me.json()).username).toBe('admin');
    const anon = await request.get('/api/user/me/');
    expect(anon.status()).toBe(401);
    expect(anon.headers()['www-authenticate']).toBe('Token');
  });

  test('a reader gets 403 on a POST it may not make', async ({ request }) => {
    const { token } = await (
      await request.get('/api/user/me/token/', { headers: basic('reader', 'readonly') })
    ).json();
    const r = await request.post('/api/user/group/', {
      headers: { Authorization: `Token ${token}` },
      data: { name: 'x' },
    });
    expect(r.status()).toBe(403);
    expect(await r.json()).toEqual({ detail: 'You do not have permission to perform this action.' });
  });

  test('paths need their trailing slash; lists paginate only with limit', async ({ request }) => {
    const h = basic('admin', 'inventree');
    const noSlash = await request.get('/api/user', { headers: h });
    expect(noSlash.status()).toBe(404);
    expect((await noSlash.json()).detail).toBe('API endpoint not found');
    expect(Array.isArray(await (await request.get('/api/user/', { headers: h })).json())).toBe(true);
    const page = await (await request.get('/api/user/?limit=1', { headers: h })).json();
    expect(Object.keys(page)).toEqual(['count', 'next', 'previous', 'results']);
  });

  test('validation errors name the field', async ({ request }) => {
    const r = await request.post('/api/user/', {
      headers: basic('admin', 'inventree'),
      data: { username: '', email: 'nope' },
    });
    expect(r.status()).toBe(400);
    const body = await r.json();
    expect(body.username).toEqual(['This field may not be blank.']);
    expect(body.email).toBeDefined();
  });
});
