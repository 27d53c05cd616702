import { sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import type { partCategories, stockLocations } from '@/db/schema';

/** The tables kept as trees by `parent_id` plus stored `tree_ids`, `level` and `pathstring`. */
export type TreeTable = typeof partCategories | typeof stockLocations;

/**
 * After a node moved under `parent` (null: to the top) or was renamed to `name`, rewrites the stored
 * ancestor ids, level and path of the node and its whole subtree in one statement.
 */
export async function rewriteSubtree(
  db: Tx,
  table: TreeTable,
  node: { id: number; pathstring: string },
  name: string,
  parent: { treeIds: number[]; pathstring: string } | null,
): Promise<void> {
  const newPath = parent ? `${parent.pathstring}/${name}` : name;
  const newPrefix = parent ? parent.treeIds : [];
  await db.execute(sql`
    update ${table} d set
      tree_ids = ${sql.param(newPrefix)}::int[] || d.tree_ids[array_position(d.tree_ids, ${node.id}):],
      level = ${newPrefix.length} + cardinality(d.tree_ids) - array_position(d.tree_ids, ${node.id}),
      pathstring = left(${newPath} || substr(d.pathstring, ${node.pathstring.length + 1}), 250)
    where d.tree_ids @> array[${node.id}]::int[]`);
}
