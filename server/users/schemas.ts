import { ROLES } from '@/domain/roles';
import { listQuery } from '@/lib/http/list';
import { bool, int, isoDate, queryFlag, text, z } from '@/lib/zod';

/** Zod schemas of the users API: request bodies, query strings and (for the docs) responses. */
export const idParams = z.object({ id: int() });

export const UserBrief = z.object({
  pk: z.number().int().meta({ title: 'ID' }),
  username: z.string().meta({ description: 'Username' }),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
});

export const UserProfile = z.object({
  language: z.string().nullable(),
  theme: z.unknown(),
  widgets: z.unknown(),
  displayname: z.string().nullable(),
  position: z.string().nullable(),
  status: z.string().nullable(),
  location: z.string().nullable(),
  active: z.boolean(),
  contact: z.string().nullable(),
  type: z.enum(['bot', 'internal', 'external', 'guest']),
  organisation: z.string().nullable(),
  primary_group: z.number().int().nullable(),
});

export const User = UserBrief.extend({
  groups: z.array(z.object({ pk: z.number().int(), name: z.string() })),
  is_staff: z.boolean().meta({ title: 'Administrator' }),
  is_superuser: z.boolean().meta({ title: 'Superuser' }),
  is_active: z.boolean().meta({ title: 'Active' }),
  profile: UserProfile,
});

const email = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.union([z.email().max(254), z.literal('')]),
);

export const UserCreateBody = z.object({
  username: text(150, { blank: false }).meta({
    title: 'Username',
    description: 'Required. 150 characters or fewer.',
  }),
  first_name: text(150).optional().meta({ title: 'First name' }),
  last_name: text(150).optional().meta({ title: 'Last name' }),
  email: email.optional().meta({ title: 'Email address', type: 'email' }),
  password: z.string().max(128).optional().meta({ title: 'Password' }),
  is_active: bool().optional().meta({ title: 'Active' }),
  is_staff: bool().optional().meta({ title: 'Administrator' }),
  is_superuser: bool().optional().meta({ title: 'Superuser' }),
  group_ids: z.array(int()).optional().meta({ title: 'Groups' }),
});
export const UserUpdateBody = UserCreateBody.omit({ password: true }).partial();

export const UserListQuery = listQuery.extend({
  is_active: queryFlag(),
  is_staff: queryFlag(),
  is_superuser: queryFlag(),
});

export const SetPasswordBody = z.object({
  password: z.string().min(1).max(128),
  override_warning: bool().optional(),
});

export const MeBody = z.object({
  first_name: text(150).optional(),
  last_name: text(150).optional(),
  email: email.optional(),
});

const nullableText = (n: number) => text(n).nullable().optional();
export const ProfileBody = z.object({
  language: nullableText(10),
  theme: z.unknown().optional(),
  widgets: z.unknown().optional(),
  displayname: nullableText(255),
  position: nullableText(255),
  status: nullableText(2000),
  location: nullableText(2000),
  active: bool().optional(),
  contact: nullableText(255),
  type: z.enum(['bot', 'internal', 'external', 'guest']).optional(),
  organisation: nullableText(255),
  primary_group: int().nullable().optional(),
});

export const Roles = z.object({
  user: z.number().int(),
  username: z.string(),
  roles: z.record(z.string(), z.array(z.string()).nullable()),
  permissions: z.record(z.string(), z.array(z.string())),
  is_staff: z.boolean(),
  is_superuser: z.boolean(),
});

export const RuleSet = z.object({
  pk: z.number().int(),
  name: z.enum(ROLES),
  label: z.string(),
  group: z.number().int(),
  can_view: z.boolean().meta({ title: 'View' }),
  can_add: z.boolean().meta({ title: 'Add' }),
  can_change: z.boolean().meta({ title: 'Change' }),
  can_delete: z.boolean().meta({ title: 'Delete' }),
});
export const RuleSetBody = z.object({
  can_view: bool().optional().meta({ title: 'View', description: 'Permission to view items' }),
  can_add: bool().optional().meta({ title: 'Add', description: 'Permission to add items' }),
  can_change: bool().optional().meta({ title: 'Change', description: 'Permissions to edit items' }),
  can_delete: bool().optional().meta({ title: 'Delete', description: 'Permission to delete items' }),
});
export const RuleSetQuery = listQuery.extend({ group: int().optional(), name: z.enum(ROLES).optional() });

export const Group = z.object({
  pk: z.number().int(),
  name: z.string().max(150),
  roles: z.array(RuleSet).optional(),
  users: z.array(UserBrief).optional(),
  permissions: z.record(z.string(), z.array(z.string())).optional(),
});
const ruleFlags = RuleSetBody;
export const GroupBody = z.object({
  name: text(150, { blank: false }).meta({ title: 'Name' }),
  /** Our extension: set role permissions with the group, keyed by role name. */
  rules: z.partialRecord(z.enum(ROLES), ruleFlags).optional(),
  /** Our extension: replace the group's members. */
  user_ids: z.array(int()).optional(),
});
export const GroupUpdateBody = GroupBody.partial();
export const GroupQuery = listQuery.extend({
  role_detail: queryFlag(),
  user_detail: queryFlag(),
  permission_detail: queryFlag(),
});
export const GroupDetailQuery = GroupQuery.pick({
  role_detail: true,
  user_detail: true,
  permission_detail: true,
});

export const Owner = z.object({
  pk: z.number().int(),
  owner_id: z.number().int().nullable(),
  owner_model: z.enum(['user', 'group']),
  name: z.string(),
  label: z.string(),
});
export const OwnerQuery = listQuery.extend({ is_active: queryFlag() });

export const ApiToken = z.object({
  id: z.number().int(),
  name: z.string().max(100),
  token: z.string(),
  created: z.string(),
  expiry: z.string().nullable(),
  last_seen: z.string().nullable(),
  revoked: z.boolean(),
  active: z.boolean(),
  user: z.number().int(),
  user_detail: UserBrief,
  in_use: z.boolean(),
});
export const TokenBody = z.object({
  name: text(100).optional().meta({ title: 'Token Name', description: 'Custom token name' }),
  expiry: isoDate()
    .nullable()
    .optional()
    .meta({ title: 'Expiry Date', description: 'Token expiry date', type: 'date' }),
  user: int().optional().meta({ title: 'User', model: 'user', api_url: '/api/user/' }),
});
export const TokenQuery = listQuery.extend({
  revoked: queryFlag(),
  user: int().optional(),
  all_users: queryFlag(),
});

export const GetAuthToken = z.object({ token: z.string(), name: z.string(), expiry: z.string().nullable() });
export const TokenNameQuery = z.object({ name: z.string().optional() });
