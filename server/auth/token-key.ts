import { createHash, randomBytes } from 'node:crypto';

/** InvenTree's key format: `inv-` + 40 hex + `-` + creation date YYYYMMDD (53 characters). */
export function generateTokenKey(now = new Date()): string {
  const ymd = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `inv-${randomBytes(20).toString('hex')}-${ymd}`;
}

/** Keys carry 160 random bits, so a fast hash is enough (no password-style stretching). */
export function hashTokenKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** InvenTree's redacted form: first 8 characters, `*` × (length − 20), last 12. */
export function redactToken(prefix: string, suffix: string, length: number): string {
  return `${prefix}${'*'.repeat(Math.max(0, length - 20))}${suffix}`;
}
