import { sql } from 'drizzle-orm';
import Redis from 'ioredis';
import { currentTransaction, getHandle, type Tx } from '@/db/client';
import { log } from './logger';

/**
 * The read-through cache for settings, sessions, API-token lookups and principals: Redis when
 * REDIS_URL is set, an in-process LRU otherwise. Writers call `invalidate` inside their transaction:
 * the keys are dropped at once and again in every process (web and worker) when the transaction
 * commits, through PostgreSQL NOTIFY. When Redis is unreachable every read falls back to the
 * database (logged once per outage); when it returns, our keys are flushed, since invalidations
 * may have been missed meanwhile.
 */
interface Backend {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(keys: string[]): Promise<void>;
  delPrefix(prefix: string): Promise<void>;
}

class MemoryBackend implements Backend {
  private map = new Map<string, { value: string; expires: number }>();
  constructor(private max = 20_000) {}
  async get(key: string) {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    if (hit.expires < Date.now()) {
      this.map.delete(key);
      return undefined;
    }
    // Re-insert to mark as most recently used.
    this.map.delete(key);
    this.map.set(key, hit);
    return hit.value;
  }
  async set(key: string, value: string, ttlSeconds: number) {
    this.map.delete(key);
    this.map.set(key, { value, expires: Date.now() + ttlSeconds * 1000 });
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  async del(keys: string[]) {
    for (const k of keys) this.map.delete(k);
  }
  async delPrefix(prefix: string) {
    for (const k of this.map.keys()) if (k.startsWith(prefix)) this.map.delete(k);
  }
}

class RedisBackend implements Backend {
  private client: Redis;
  private down = false;
  constructor(
    url: string,
    private prefix: string,
  ) {
    this.client = new Redis(url, {
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.client.on('error', (err) => this.markDown(err));
    this.client.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      log.info('cache: Redis is back; flushing keys that may be stale');
      void this.delPrefix('').catch(() => {});
    });
  }
  private markDown(err: unknown) {
    if (this.down) return;
    this.down = true;
    log.warn('cache: Redis unreachable, reading from the database until it returns', { err: String(err) });
  }
  private async run<T>(fn: () => Promise<T>): Promise<T> {
    // Not connected (yet, or any more): bypass the cache at once rather than wait for Redis.
    if (this.client.status !== 'ready') throw new Error(`redis ${this.client.status}`);
    try {
      return await fn();
    } catch (err) {
      this.markDown(err);
      throw err;
    }
  }
  get(key: string) {
    return this.run(async () => (await this.client.get(this.prefix + key)) ?? undefined);
  }
  set(key: string, value: string, ttlSeconds: number) {
    return this.run(async () => {
      await this.client.set(this.prefix + key, value, 'EX', ttlSeconds);
    });
  }
  del(keys: string[]) {
    return this.run(async () => {
      if (keys.length) await this.client.unlink(...keys.map((k) => this.prefix + k));
    });
  }
  delPrefix(prefix: string) {
    return this.run(async () => {
      let cursor = '0';
      do {
        const [next, found] = await this.client.scan(
          cursor,
          'MATCH',
          `${this.prefix}${prefix}*`,
          'COUNT',
          500,
        );
        cursor = next;
        if (found.length) await this.client.unlink(...found);
      } while (cursor !== '0');
    });
  }
  async close() {
    this.client.disconnect();
  }
}

const CHANNEL = 'inventree_cache';
const g = globalThis as unknown as { __inventreeCache?: { backend: Backend; listening?: Promise<void> } };

function namespace(): string {
  // Several databases may share one Redis (tests, staging): keys carry the database's name.
  const url = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null;
  return `inv:${url ? `${url.host}${url.pathname}` : 'default'}:`;
}

function state() {
  if (!g.__inventreeCache) {
    const url = process.env.REDIS_URL;
    g.__inventreeCache = { backend: url ? new RedisBackend(url, namespace()) : new MemoryBackend() };
  }
  const s = g.__inventreeCache;
  s.listening ??= listen(s.backend).catch((err) => {
    s.listening = undefined;
    log.warn('cache: could not listen for invalidations', { err: String(err) });
  });
  return s;
}

async function listen(backend: Backend) {
  await getHandle().sql.listen(CHANNEL, (payload) => {
    const msg = JSON.parse(payload) as { keys?: string[]; prefix?: string };
    if (msg.keys) void backend.del(msg.keys).catch(() => {});
    if (msg.prefix !== undefined) void backend.delPrefix(msg.prefix).catch(() => {});
  });
}

/**
 * Keys (and prefixes) each open transaction has invalidated: until it commits, its own reads of
 * them must see its uncommitted writes, so they bypass the cache and are never stored. Every
 * other read inside a transaction uses the cache as usual (under READ COMMITTED a load through
 * the transaction sees committed data only, unless the transaction wrote it itself).
 */
const dirty = new WeakMap<object, { keys: Set<string>; prefixes: string[] }>();

function markDirty(entry: { keys?: string[]; prefix?: string }) {
  const tx = currentTransaction.getStore();
  if (!tx) return;
  const d = dirty.get(tx) ?? { keys: new Set<string>(), prefixes: [] };
  dirty.set(tx, d);
  for (const k of entry.keys ?? []) d.keys.add(k);
  if (entry.prefix !== undefined) d.prefixes.push(entry.prefix);
}

function isDirty(key: string): boolean {
  const tx = currentTransaction.getStore();
  const d = tx && dirty.get(tx);
  return !!d && (d.keys.has(key) || d.prefixes.some((p) => key.startsWith(p)));
}

/** Returns the cached value of `key`, or loads, stores and returns it. A cache failure only costs a load. */
export async function cached<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {
  if (isDirty(key)) return load();
  const { backend } = state();
  try {
    const hit = await backend.get(key);
    if (hit !== undefined) return JSON.parse(hit) as T;
  } catch {
    return load();
  }
  const value = await load();
  if (value !== undefined) await backend.set(key, JSON.stringify(value), ttlSeconds).catch(() => {});
  return value;
}

async function publish(db: Tx, msg: { keys?: string[]; prefix?: string }) {
  // NOTIFY inside the writer's transaction is delivered on commit (and never on rollback).
  await db.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(msg)})`);
}

/** Drops keys now, and in every process once the surrounding transaction commits. */
export async function invalidate(db: Tx, ...keys: string[]): Promise<void> {
  if (!keys.length) return;
  markDirty({ keys });
  await state()
    .backend.del(keys)
    .catch(() => {});
  await publish(db, { keys });
}

export async function invalidatePrefix(db: Tx, prefix: string): Promise<void> {
  markDirty({ prefix });
  await state()
    .backend.delPrefix(prefix)
    .catch(() => {});
  await publish(db, { prefix });
}

/** True when reads are served by Redis (for /api/ and tests). */
export const cacheKind = () => (process.env.REDIS_URL ? 'redis' : 'memory');
