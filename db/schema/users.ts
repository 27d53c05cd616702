import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/** Django's auth_user, InvenTree's user. Ids are kept on import, so they are plain serials. */
export const users = pgTable(
  'users',
  {
    id: serial().primaryKey(),
    username: varchar({ length: 150 }).notNull(),
    email: varchar({ length: 254 }).notNull().default(''),
    firstName: varchar({ length: 150 }).notNull().default(''),
    lastName: varchar({ length: 150 }).notNull().default(''),
    /** argon2id (`$argon2id$…`) or an imported Django hash (`pbkdf2_sha256$…`), re-hashed on sign-in. */
    password: varchar({ length: 256 }).notNull().default(''),
    isActive: boolean().notNull().default(true),
    isStaff: boolean().notNull().default(false),
    isSuperuser: boolean().notNull().default(false),
    dateJoined: createdAt(),
    lastLogin: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('users_username_lower_key').on(sql`lower(${t.username})`)],
);

/** InvenTree's UserProfile: display preferences and organisation details. */
export const userProfiles = pgTable('user_profiles', {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  language: varchar({ length: 10 }),
  theme: jsonb(),
  widgets: jsonb(),
  displayname: varchar({ length: 255 }),
  position: varchar({ length: 64 }),
  status: varchar({ length: 2000 }),
  location: varchar({ length: 2000 }),
  active: boolean().notNull().default(true),
  contact: varchar({ length: 255 }),
  type: varchar({ length: 10 }).notNull().default('internal'),
  organisation: varchar({ length: 255 }),
  primaryGroupId: integer().references(() => groups.id, { onDelete: 'set null' }),
});

export const groups = pgTable('groups', {
  id: serial().primaryKey(),
  name: varchar({ length: 150 }).notNull().unique(),
});

export const userGroups = pgTable(
  'user_groups',
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    groupId: integer()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] }), index('user_groups_group_idx').on(t.groupId)],
);

/** One row per (group, role): InvenTree's RuleSet. */
export const rulesets = pgTable(
  'rulesets',
  {
    id: serial().primaryKey(),
    groupId: integer()
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    name: varchar({ length: 50 }).notNull(),
    canView: boolean().notNull().default(false),
    canAdd: boolean().notNull().default(false),
    canChange: boolean().notNull().default(false),
    canDelete: boolean().notNull().default(false),
  },
  (t) => [uniqueIndex('rulesets_group_name_key').on(t.groupId, t.name)],
);

/** InvenTree's Owner: a user or a group that `responsible`/`owner` fields point at. */
export const owners = pgTable(
  'owners',
  {
    id: serial().primaryKey(),
    ownerType: varchar({ length: 5 }).$type<'user' | 'group'>().notNull(),
    ownerId: integer().notNull(),
  },
  (t) => [uniqueIndex('owners_type_id_key').on(t.ownerType, t.ownerId)],
);

/** API tokens: only a SHA-256 of the key is stored; prefix and suffix allow the redacted form. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar({ length: 100 }).notNull().default(''),
    keyHash: varchar({ length: 64 }).notNull().unique(),
    keyPrefix: varchar({ length: 8 }).notNull(),
    keySuffix: varchar({ length: 12 }).notNull(),
    keyLength: integer().notNull(),
    created: createdAt(),
    expiry: date({ mode: 'string' }),
    lastSeen: date({ mode: 'string' }),
    revoked: boolean().notNull().default(false),
    metadata: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Server-side session rows: the session cookie (a JWT) names one, so sessions can be ended. */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    created: createdAt(),
    lastSeen: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expires: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    userAgent: text(),
    ipAddress: varchar({ length: 64 }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/** Failed sign-in attempts, keyed by `user:<name>` and `ip:<address>`, for throttling. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: serial().primaryKey(),
    key: varchar({ length: 200 }).notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_at_idx').on(t.key, t.at)],
);
