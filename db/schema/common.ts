import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';
import { users } from './users';

/** InvenTreeSetting: global key/value rows; defaults live in code (server/settings/definitions). */
export const globalSettings = pgTable('global_settings', {
  id: serial().primaryKey(),
  key: varchar({ length: 50 }).notNull().unique(),
  value: text().notNull().default(''),
});

/** InvenTreeUserSetting: per-user key/value rows. */
export const userSettings = pgTable(
  'user_settings',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: varchar({ length: 50 }).notNull(),
    value: text().notNull().default(''),
  },
  (t) => [uniqueIndex('user_settings_user_key').on(t.userId, t.key)],
);

/** NotificationMessage: in-app notifications for one user. */
export const notifications = pgTable(
  'notifications',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    category: varchar({ length: 250 }).notNull().default(''),
    name: varchar({ length: 250 }).notNull(),
    message: varchar({ length: 2000 }),
    /** The object the notification is about (generic relation: model name + pk). */
    targetModel: varchar({ length: 50 }),
    targetId: integer(),
    sourceModel: varchar({ length: 50 }),
    sourceId: integer(),
    link: varchar({ length: 2000 }),
    creation: createdAt(),
    read: boolean().notNull().default(false),
    /** Set once the e-mail copy went out, so a retried job does not send it twice. */
    emailedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notifications_user_read_idx').on(t.userId, t.read, t.creation)],
);

/** Generic attachment (InvenTree's common.Attachment): a file under MEDIA_ROOT or a link, owned by (model_type, model_id). */
export const attachments = pgTable(
  'attachments',
  {
    id: serial().primaryKey(),
    modelType: varchar({ length: 100 }).notNull(),
    modelId: integer().notNull(),
    /** Path relative to MEDIA_ROOT, e.g. `attachments/part/12/datasheet.pdf`; null for links. */
    attachment: varchar({ length: 500 }),
    link: varchar({ length: 2000 }),
    comment: varchar({ length: 250 }).notNull().default(''),
    uploadUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    uploadDate: createdAt(),
    fileSize: bigint({ mode: 'number' }).notNull().default(0),
    tags: jsonb().$type<string[]>().notNull().default([]),
    metadata: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index('attachments_model_idx').on(t.modelType, t.modelId),
    uniqueIndex('attachments_file_key').on(t.attachment),
  ],
);

/** One row per running worker process, refreshed while it lives (`worker_running`, `worker_count`). */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  id: varchar({ length: 64 }).primaryKey(),
  hostname: varchar({ length: 255 }).notNull(),
  pid: integer().notNull(),
  started: createdAt(),
  lastSeen: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The audit trail: one row per changed row, written by a trigger in the same transaction as the
 * change, naming the acting user (the `inventree.user_id` transaction setting) and the changed
 * fields as `{field: [before, after]}`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userId: integer(),
    /** The table's model name (`part`, `user`, ...). */
    model: varchar({ length: 64 }).notNull(),
    objectId: text().notNull(),
    action: varchar({ length: 6 }).$type<'create' | 'update' | 'delete'>().notNull(),
    changes: jsonb().$type<Record<string, [unknown, unknown]>>().notNull(),
  },
  (t) => [
    index('audit_log_model_object_idx').on(t.model, t.objectId, t.at),
    index('audit_log_user_idx').on(t.userId, t.at),
    index('audit_log_at_idx').on(t.at),
  ],
);

/**
 * Effects of the `system.probe` job (used by durability tests and the worker benchmark): `attempts`
 * counts every start, committed at once; `completedAt` is the job's effect, written idempotently.
 */
export const jobProbes = pgTable('job_probes', {
  key: varchar({ length: 100 }).primaryKey(),
  attempts: integer().notNull().default(0),
  /** How many times the effect was applied: an idempotent handler keeps this at 1. */
  effects: integer().notNull().default(0),
  completedAt: timestamp({ withTimezone: true }),
  firstStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Row counts of large tables kept by statement triggers (migration 0008): every insert or delete
 * statement adds its delta, the worker folds them into one row per table (`compactRowCounts`), and
 * an unfiltered list's `count` is their sum instead of a scan of every row. MVCC keeps it exact: a
 * delta is visible exactly when the rows it counts are. Insert-only, so writers never wait on it.
 */
export const rowCountDeltas = pgTable(
  'row_count_deltas',
  {
    tableName: varchar({ length: 63 }).notNull(),
    delta: bigint({ mode: 'number' }).notNull(),
  },
  (t) => [index('row_count_deltas_table_idx').on(t.tableName)],
);
