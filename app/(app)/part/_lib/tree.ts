import { rowsOf } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { categoryTree } from '@/server/parts';
import type { TreeRow } from './types';

const LOCAL = new URL('http://local/api/part/category/tree/');

/** Every category, light, in path order (one query). */
export async function loadTree(ctx: Ctx): Promise<TreeRow[]> {
  return rowsOf<TreeRow>(await categoryTree(ctx, {}, LOCAL));
}
