import { sql } from 'drizzle-orm';
import { currentTransaction, db, type Tx } from '@/db/client';
import type { Grantee } from '@/domain/roles';

/** Who is acting. `roles` is the union of their groups' rulesets. */
export interface Principal extends Grantee {
  userId: number;
  username: string;
  isStaff: boolean;
  /** How the request authenticated; `tokenId` names the API token used, if any. */
  via: 'session' | 'token' | 'basic' | 'system';
  tokenId?: number;
  sessionId?: string;
}

/** The request context every verb takes: the actor and the database handle (maybe a transaction). */
export interface Ctx {
  actor: Principal;
  db: Tx;
  /** True inside `withTransaction`, so nested verbs join the outer transaction. */
  inTransaction?: boolean;
}

export function systemCtx(): Ctx {
  return {
    actor: { userId: 0, username: 'system', isStaff: true, isSuperuser: true, roles: {}, via: 'system' },
    db,
  };
}

/**
 * Runs `fn` in one transaction, reusing the caller's if the context already holds one. The acting
 * user is set as `inventree.user_id` for the transaction, so the audit trigger records who wrote;
 * code using the process-wide `db` inside joins this transaction (db/client.ts).
 */
export async function withTransaction<T>(ctx: Ctx, fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  if (ctx.inTransaction) return fn(ctx);
  return ctx.db.transaction(async (tx) => {
    if (ctx.actor.userId)
      await tx.execute(sql`select set_config('inventree.user_id', ${String(ctx.actor.userId)}, true)`);
    return currentTransaction.run(tx, () => fn({ ...ctx, db: tx, inTransaction: true }));
  });
}
