import { db } from '@/db/client';
import { partCategories, parts } from '@/db/schema';
import { systemCtx } from '@/server/context';
import { createCategory, createPart } from '@/server/parts';
import { unique } from './factories';

/** Factories for the parts module (through the verbs, so stored paths and trees are right). */
export async function makeCategory(opts: { name?: string; parent?: number; structural?: boolean } = {}) {
  return createCategory(systemCtx(), {
    name: opts.name ?? unique('Cat'),
    parent: opts.parent,
    structural: opts.structural,
  });
}

export async function makePart(opts: Partial<Parameters<typeof createPart>[1]> = {}) {
  return createPart(systemCtx(), {
    name: unique('Part'),
    copy_category_parameters: false,
    ...opts,
  }) as Promise<Record<string, unknown> & { pk: number }>;
}

export { db, partCategories, parts };
