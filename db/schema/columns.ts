import { jsonb, timestamp } from 'drizzle-orm/pg-core';

/** Shared column helpers, so every module spells them the same way. */
export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const metadata = () => jsonb().$type<Record<string, unknown>>();
