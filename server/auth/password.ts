import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { hash, verify } from '@node-rs/argon2';

// @node-rs/argon2's `Algorithm.Argon2id` is a const enum (unusable under isolatedModules); its value is 2.
const ARGON2ID = 2;

const pbkdf2Async = promisify(pbkdf2);

/** argon2id with OWASP's recommended parameters (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export interface PasswordCheck {
  ok: boolean;
  /** True when the stored hash is an imported Django hash that should be replaced by argon2id. */
  needsRehash: boolean;
}

/**
 * Verifies a password against argon2 (ours) or Django's `pbkdf2_sha256$<iterations>$<salt>$<base64>`
 * (imported InvenTree users). Unknown or empty hashes never match (Django's unusable `!…` included).
 */
export async function verifyPassword(password: string, stored: string): Promise<PasswordCheck> {
  if (stored.startsWith('$argon2')) {
    try {
      return { ok: await verify(stored, password), needsRehash: false };
    } catch {
      return { ok: false, needsRehash: false };
    }
  }
  if (stored.startsWith('pbkdf2_sha256$')) {
    const [, iterations, salt, expected] = stored.split('$');
    const n = Number(iterations);
    if (!salt || !expected || !Number.isInteger(n) || n < 1) return { ok: false, needsRehash: false };
    const want = Buffer.from(expected, 'base64');
    const got = await pbkdf2Async(password, salt, n, want.length || 32, 'sha256');
    const ok = want.length === got.length && timingSafeEqual(want, got);
    return { ok, needsRehash: ok };
  }
  return { ok: false, needsRehash: false };
}

/** A Django pbkdf2_sha256 hash (used by tests and fixtures to stand for imported users). */
export async function djangoPbkdf2(password: string, salt: string, iterations = 600000): Promise<string> {
  const dk = await pbkdf2Async(password, salt, iterations, 32, 'sha256');
  return `pbkdf2_sha256$${iterations}$${salt}$${dk.toString('base64')}`;
}
