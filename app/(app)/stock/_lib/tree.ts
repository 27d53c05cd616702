import { rowsOf } from '@/lib/http/respond';
import type { Ctx } from '@/server/context';
import { locationTree } from '@/server/stock';
import type { LocationTreeRow } from './types';

const LOCAL = new URL('http://local/api/stock/location/tree/');

/** Every location, light, in path order (one query). */
export async function loadLocations(ctx: Ctx): Promise<LocationTreeRow[]> {
  return rowsOf<LocationTreeRow>(await locationTree(ctx, {}, LOCAL));
}
