import { eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { parts } from '@/db/schema';
import { anyOf } from '@/db/sql';
import { AppError, fieldError } from '@/lib/errors';
import type { PartRow } from '../parts/lookup';
import { partBrief } from '../parts/serialize';

const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.';

/**
 * A django-filter ModelChoiceFilter on parts: absent or blank means "no filter"; anything that does
 * not name an existing part (that `accept` allows) is InvenTree's 400 on that parameter.
 */
export async function partChoiceFilter(
  db: Tx,
  name: string,
  raw: string | undefined,
  accept: (p: PartRow) => boolean = () => true,
): Promise<PartRow | undefined> {
  if (raw === undefined || raw.trim() === '') return undefined;
  const id = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  const [part] = Number.isSafeInteger(id) ? await db.select().from(parts).where(eq(parts.id, id)) : [];
  if (!part || !accept(part))
    throw new AppError('validation', 'Validation failed', { [name]: [INVALID_CHOICE] });
  return part;
}

/** DRF's PrimaryKeyRelatedField error for a part the field does not accept (missing or filtered out). */
export const invalidPart = (field: string, id: number) =>
  fieldError(field, `Invalid pk "${id}" - object does not exist.`);

/** True for PostgreSQL's unique violation (optionally of one index), also when Drizzle wraps it. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: string; constraint_name?: string; cause?: unknown } | undefined; e; ) {
    if (e.code === '23505') return constraint === undefined || e.constraint_name === constraint;
    e = e.cause as typeof e;
  }
  return false;
}

/** Brief parts by id, fetched in one query (for `part_detail`-style fields). */
export async function briefParts(db: Tx, ids: number[]): Promise<Map<number, ReturnType<typeof partBrief>>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select().from(parts).where(anyOf(parts.id, unique));
  return new Map(rows.map((p) => [p.id, partBrief(p)]));
}
