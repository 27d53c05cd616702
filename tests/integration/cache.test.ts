import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import Redis from 'ioredis';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cached } from '@/lib/cache';
import { hashTokenKey } from '@/server/auth/token-key';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { eventually } from '../processes';

/** A private redis-server (Debian's binary) this test may stop and start without disturbing others. */
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'pipe' },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (String(d).includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}`)));
  });
}

const resetCache = () => {
  (globalThis as { __inventreeCache?: unknown }).__inventreeCache = undefined;
};

describe('cache', () => {
  let port: number;
  let redis: ChildProcess;
  let probe: Redis;
  const prefix = () => {
    const u = new URL(process.env.DATABASE_URL!);
    return `inv:${u.host}${u.pathname}:`;
  };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    probe.on('error', () => {}); // the test stops this server on purpose
    await probe.connect();
    process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
    resetCache();
  });
  afterAll(async () => {
    delete process.env.REDIS_URL;
    resetCache();
    probe.disconnect();
    redis.kill('SIGKILL');
  });

  it('keeps API-token lookups in Redis and drops them when the token is revoked', async () => {
    const u = await makeUser();
    const boot = await tokenFor(u);
    const created = await api('POST', '/api/user/tokens/', { token: boot, body: { name: 'cached' } });
    const key = created.body.token as string;
    // The first calls may pass before the app's Redis connection is ready (they read the database).
    await eventually(async () => {
      expect((await api('GET', '/api/user/me/', { token: key })).status).toBe(200);
      return (await probe.exists(`${prefix()}token:${hashTokenKey(key)}`)) === 1;
    });
    expect(await probe.exists(`${prefix()}principal:${u.id}`)).toBe(1);
    await api('DELETE', `/api/user/tokens/${created.body.id}/`, { token: boot });
    expect(await probe.exists(`${prefix()}token:${hashTokenKey(key)}`)).toBe(0);
    expect((await api('GET', '/api/user/me/', { token: key })).status).toBe(401);
  });

  it('drops a key when another process invalidates it (PostgreSQL NOTIFY)', async () => {
    const key = unique('k');
    let loads = 0;
    const load = async () => ++loads;
    await eventually(async () => (await cached(key, 60, load)) === 1);
    expect(await cached(key, 60, load)).toBe(1);
    // Another process: a separate connection that only sends the notification.
    const other = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await other`select pg_notify('inventree_cache', ${JSON.stringify({ keys: [key] })})`;
    await other.end();
    await eventually(async () => (await cached(key, 60, load)) === 2, 5000);
  });

  it('with Redis stopped mid-test the API keeps answering 200, and the cache comes back by itself', async () => {
    const u = await makeUser();
    const token = await tokenFor(u);
    expect((await api('GET', '/api/user/me/', { token })).status).toBe(200);
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    for (let i = 0; i < 10; i++) {
      const r = await api('GET', '/api/user/me/', { token });
      expect(r.status).toBe(200);
    }
    // Writes still work and take effect at once: nothing stale is served from a dead cache.
    const admin = await tokenFor(await makeUser({ superuser: true }));
    expect(
      (await api('PATCH', `/api/user/${u.id}/`, { token: admin, body: { is_active: false } })).status,
    ).toBe(200);
    expect((await api('GET', '/api/user/me/', { token })).status).toBe(401);
    expect(
      (await api('PATCH', `/api/user/${u.id}/`, { token: admin, body: { is_active: true } })).status,
    ).toBe(200);

    redis = await startRedis(port);
    await probe.connect().catch(() => {});
    await eventually(
      async () => {
        expect((await api('GET', '/api/user/me/', { token })).status).toBe(200);
        return (await probe.exists(`${prefix()}principal:${u.id}`)) === 1;
      },
      15_000,
      300,
    );
  }, 40_000);
});
