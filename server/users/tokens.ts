import { and, eq, sql } from 'drizzle-orm';
import { apiTokens, users } from '@/db/schema';
import { invalidate } from '@/lib/cache';
import { fieldError, forbidden, notFound } from '@/lib/errors';
import { type ListQuery, orderBy, paginate, searchCondition } from '@/lib/http/list';
import { formatDate, formatDateTime } from '@/lib/http/respond';
import { cleanString } from '@/lib/zod';
import { tokenKey } from '../auth/authenticate';
import { generateTokenKey, hashTokenKey, redactToken } from '../auth/token-key';
import type { Ctx } from '../context';
import { assertCan } from '../permissions';
import { userBrief } from './serialize';

const DEFAULT_EXPIRY_DAYS = 365;
const today = () => new Date().toISOString().slice(0, 10);

function defaultExpiry(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + DEFAULT_EXPIRY_DAYS);
  return d.toISOString().slice(0, 10);
}

/** InvenTree sanitises token names: trimmed, no control characters or HTML, spaces → "-", ≤ 100. */
export function sanitizeTokenName(name: string | undefined): string {
  return cleanString(name ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, '-')
    .slice(0, 100);
}

const tokenSelect = {
  id: apiTokens.id,
  name: apiTokens.name,
  keyPrefix: apiTokens.keyPrefix,
  keySuffix: apiTokens.keySuffix,
  keyLength: apiTokens.keyLength,
  created: apiTokens.created,
  expiry: apiTokens.expiry,
  lastSeen: apiTokens.lastSeen,
  revoked: apiTokens.revoked,
  userId: apiTokens.userId,
  username: users.username,
  firstName: users.firstName,
  lastName: users.lastName,
  email: users.email,
};
interface TokenRow {
  id: number;
  name: string;
  keyPrefix: string;
  keySuffix: string;
  keyLength: number;
  created: Date;
  expiry: string | null;
  lastSeen: string | null;
  revoked: boolean;
  userId: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
}

function tokenOut(ctx: Ctx, t: TokenRow) {
  const active = !t.revoked && (!t.expiry || t.expiry >= today());
  return {
    id: t.id,
    name: t.name,
    token: redactToken(t.keyPrefix, t.keySuffix, t.keyLength),
    created: formatDateTime(t.created),
    expiry: formatDate(t.expiry),
    last_seen: formatDate(t.lastSeen),
    revoked: t.revoked,
    active,
    user: t.userId,
    user_detail: userBrief({
      id: t.userId,
      username: t.username,
      firstName: t.firstName,
      lastName: t.lastName,
      email: t.email,
    }),
    in_use: ctx.actor.tokenId === t.id,
  };
}

async function insertToken(
  ctx: Ctx,
  userId: number,
  name: string,
  expiry: string | null,
  metadata?: Record<string, unknown>,
) {
  const key = generateTokenKey();
  const [row] = await ctx.db
    .insert(apiTokens)
    .values({
      userId,
      name,
      keyHash: hashTokenKey(key),
      keyPrefix: key.slice(0, 8),
      keySuffix: key.slice(-12),
      keyLength: key.length,
      expiry: expiry ?? defaultExpiry(),
      metadata,
    })
    .returning({ id: apiTokens.id, expiry: apiTokens.expiry });
  return { key, id: row!.id, expiry: row!.expiry };
}

/**
 * `GET /api/user/me/token/`: issues a new token for the caller and returns its raw key once.
 * InvenTree (v534) stores keys in clear and hands back an existing same-name key; we store only a
 * hash, so every call mints a new key (earlier ones stay valid until revoked or expired).
 */
export async function issueToken(ctx: Ctx, name: string | undefined, info: Record<string, unknown>) {
  const clean = sanitizeTokenName(name);
  const t = await insertToken(ctx, ctx.actor.userId, clean, null, info);
  return { token: t.key, name: clean, expiry: formatDate(t.expiry) };
}

export interface TokenListQuery extends ListQuery {
  revoked?: boolean;
  user?: number;
  all_users?: boolean;
}

/** Own tokens; superusers may ask for `user=<pk>` or `all_users=true`. */
export async function listTokens(ctx: Ctx, q: TokenListQuery, url: URL) {
  const su = ctx.actor.isSuperuser;
  const owner =
    su && q.all_users
      ? undefined
      : eq(apiTokens.userId, su && q.user !== undefined ? q.user : ctx.actor.userId);
  const where = and(
    owner,
    q.revoked === undefined ? undefined : eq(apiTokens.revoked, q.revoked),
    searchCondition(q, [apiTokens.name, apiTokens.keyPrefix]),
  );
  const order = orderBy(
    q.ordering,
    {
      created: apiTokens.created,
      expiry: apiTokens.expiry,
      last_seen: apiTokens.lastSeen,
      user: apiTokens.userId,
      name: apiTokens.name,
      revoked: apiTokens.revoked,
    },
    apiTokens.id,
  );
  return paginate(url, q, {
    count: () => ctx.db.$count(apiTokens, where),
    rows: async (limit, offset) => {
      const base = ctx.db
        .select(tokenSelect)
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(where)
        .orderBy(...order);
      return (await (limit === null ? base : base.limit(limit).offset(offset))).map((t) => tokenOut(ctx, t));
    },
  });
}

async function loadOwnToken(ctx: Ctx, id: number) {
  const [t] = await ctx.db
    .select(tokenSelect)
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, id));
  // Someone else's token is "not found" to a non-superuser, as InvenTree scopes the queryset.
  if (!t || (t.userId !== ctx.actor.userId && !ctx.actor.isSuperuser)) throw notFound('ApiToken');
  return t;
}

export async function getToken(ctx: Ctx, id: number) {
  return tokenOut(ctx, await loadOwnToken(ctx, id));
}

/** `POST /api/user/tokens/`: a named token with an optional expiry; the raw key is in `token` once. */
export async function createToken(ctx: Ctx, input: { name?: string; expiry?: string | null; user?: number }) {
  const userId = input.user ?? ctx.actor.userId;
  if (userId !== ctx.actor.userId) assertCan(ctx, 'superuser');
  if (input.expiry && input.expiry < today()) throw fieldError('expiry', 'Expiry date cannot be in the past');
  const t = await insertToken(ctx, userId, sanitizeTokenName(input.name), input.expiry ?? null);
  const out = tokenOut(ctx, await loadOwnToken(ctx, t.id));
  return { ...out, token: t.key };
}

/** Revoking never deletes: the row stays, marked revoked (InvenTree's DELETE → 204). */
export async function revokeToken(ctx: Ctx, id: number) {
  const t = await loadOwnToken(ctx, id);
  if (t.userId !== ctx.actor.userId && !ctx.actor.isSuperuser) throw forbidden();
  const [row] = await ctx.db
    .update(apiTokens)
    .set({ revoked: true })
    .where(eq(apiTokens.id, id))
    .returning({ keyHash: apiTokens.keyHash });
  await invalidate(ctx.db, tokenKey(row!.keyHash));
}

/** Tokens of a user that are still usable (for the UI). */
export async function countActiveTokens(ctx: Ctx, userId: number) {
  return ctx.db.$count(
    apiTokens,
    and(
      eq(apiTokens.userId, userId),
      eq(apiTokens.revoked, false),
      sql`(${apiTokens.expiry} is null or ${apiTokens.expiry} >= current_date)`,
    ),
  );
}
