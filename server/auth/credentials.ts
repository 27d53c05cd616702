import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { users } from '@/db/schema';
import { unauthorized } from '@/lib/errors';
import { hashPassword, verifyPassword } from './password';
import { assertNotThrottled, clearLoginFailures, loginKeys, recordLoginFailure } from './throttle';

// Verified against when the user does not exist, so timing does not reveal valid user names.
let dummyHash: Promise<string> | undefined;
const getDummyHash = () => {
  dummyHash ??= hashPassword(randomUUID());
  return dummyHash;
};

/**
 * Checks a user name and password for the sign-in page and HTTP Basic. Throttled per user name and
 * per client address (429); a wrong password records a failure; a Django hash is upgraded to argon2id.
 * Returns the user's id.
 */
export async function checkCredentials(
  db: Tx,
  username: string,
  password: string,
  ip: string | null,
): Promise<number> {
  const keys = loginKeys(username, ip);
  await assertNotThrottled(db, keys);
  const [user] = await db
    .select({ id: users.id, password: users.password, isActive: users.isActive })
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`);
  const check = await verifyPassword(password, user?.password || (await getDummyHash()));
  if (!user || !check.ok) {
    await recordLoginFailure(db, keys);
    throw unauthorized('Invalid username/password.');
  }
  if (!user.isActive) throw unauthorized('User inactive or deleted.');
  if (check.needsRehash) {
    await db
      .update(users)
      .set({ password: await hashPassword(password) })
      .where(eq(users.id, user.id));
  }
  await clearLoginFailures(db, username);
  return user.id;
}
