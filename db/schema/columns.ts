import { sql } from 'drizzle-orm';
import { integer, jsonb, timestamp, varchar } from 'drizzle-orm/pg-core';

/** Shared column helpers, so every module spells them the same way. */
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const metadata = () => jsonb().$type<Record<string, unknown>>();

/**
 * The stored tree of categories and locations (server/trees.ts keeps them): the path of names, the
 * ids root → node (GIN-indexed by each table), and the depth.
 */
export const treeColumns = () => ({
  pathstring: varchar({ length: 250 }).notNull().default(''),
  treeIds: integer().array().notNull().default(sql`'{}'::integer[]`),
  level: integer().notNull().default(0),
});
