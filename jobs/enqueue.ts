import { type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db/client';
import { clientBoss } from './boss';
import type { JobDefinition } from './define';

/** pg-boss's SQL (`$1`, `$2` placeholders) run through a Drizzle handle, i.e. inside its transaction. */
function drizzleAdapter(db: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks: SQL[] = [sql.raw(parts[0]!)];
      for (let i = 1; i < parts.length; i += 2) {
        chunks.push(sql`${values[Number(parts[i]) - 1]}`, sql.raw(parts[i + 1]!));
      }
      const result = await db.execute(sql.join(chunks));
      return { rows: Array.from(result as Iterable<unknown>) as unknown[] };
    },
  };
}

export interface EnqueueOptions {
  startAfter?: Date | number;
  singletonKey?: string;
  priority?: number;
}

/**
 * Enqueues a job through the caller's database handle: inside a transaction the job exists only
 * if the transaction commits. The payload is validated against the job's schema first.
 */
export async function enqueue<P extends z.ZodType>(
  db: Tx,
  def: JobDefinition<P>,
  payload: z.input<P>,
  opts: EnqueueOptions = {},
): Promise<string> {
  const data = def.payload.parse(payload) as Record<string, unknown>;
  const boss = await clientBoss();
  const id = await boss.send(def.name, { ...data, _job: def.name }, { ...opts, db: drizzleAdapter(db) });
  if (!id) throw new Error(`job ${def.name} was not enqueued`);
  return id;
}
