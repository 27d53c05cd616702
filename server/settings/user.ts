import { and, eq } from 'drizzle-orm';
import { db as pool, type Tx } from '@/db/client';
import { globalSettings, userSettings } from '@/db/schema';
import { cached, invalidate } from '@/lib/cache';
import { AppError, type FieldErrors, unauthorized, validation } from '@/lib/errors';
import type { ListQuery } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import type { NativeValue, SettingChoice, SettingDefinition } from './definition';
import { GLOBAL_SETTINGS, USER_SETTINGS } from './definitions';
import {
  ChoiceResolver,
  checkWrite,
  listPage,
  placeholderPk,
  publicKey,
  SETTING_TTL_SECONDS,
  type StoredSetting,
} from './shared';
import { toNative } from './value';

export type UserSettingKey = keyof typeof USER_SETTINGS;
export type UserSettingValue<K extends UserSettingKey> = NativeValue<(typeof USER_SETTINGS)[K]>;

export const USER_KEYS = Object.keys(USER_SETTINGS) as UserSettingKey[];
const definition = (key: UserSettingKey): SettingDefinition => USER_SETTINGS[key];
export const userCacheKey = (userId: number, key: string) => `setting:user:${userId}:${key}`;

async function selectRow(db: Tx, userId: number, key: string): Promise<StoredSetting> {
  const [row] = await db
    .select({ id: userSettings.id, value: userSettings.value })
    .from(userSettings)
    .where(and(eq(userSettings.userId, userId), eq(userSettings.key, key)));
  return row ?? null;
}

/** The stored row through the cache; loaded on the pool so only committed values are cached. */
function loadUser(userId: number, key: UserSettingKey): Promise<StoredSetting> {
  return cached(userCacheKey(userId, key), SETTING_TTL_SECONDS, () => selectRow(pool, userId, key));
}

function resolverFor(db: Tx) {
  return new ChoiceResolver(db, async () => {
    const [row] = await db
      .select({ value: globalSettings.value })
      .from(globalSettings)
      .where(eq(globalSettings.key, 'CURRENCY_CODES'));
    return row?.value ?? GLOBAL_SETTINGS.CURRENCY_CODES.default;
  });
}

function userOut(userId: number, key: UserSettingKey, row: StoredSetting, choices: SettingChoice[]) {
  const def = definition(key);
  return {
    pk: row?.id ?? placeholderPk(USER_KEYS, key),
    key: key as string,
    value: toNative(def, row?.value ?? def.default),
    name: def.name,
    description: def.description,
    user: userId,
    type: def.type,
    units: def.units,
    choices,
    model_name: def.modelName ?? null,
    api_url: def.apiUrl ?? null,
    typ: 'user' as const,
    confirm: def.confirm ?? false,
    confirm_text: def.confirmText ?? '',
  };
}
export type UserSettingOut = ReturnType<typeof userOut>;

function actingUser(ctx: Ctx): number {
  if (!ctx.actor.userId) throw unauthorized();
  return ctx.actor.userId;
}

/** The typed value of one user's setting, read through the cache (the default when never set). */
export async function getUserSetting<K extends UserSettingKey>(
  userId: number,
  key: K,
): Promise<UserSettingValue<K>> {
  if (!USER_SETTINGS[key]) throw new Error(`Unknown user setting: ${key}`);
  const row = await loadUser(userId, key);
  const def = USER_SETTINGS[key];
  return toNative(def, row?.value ?? def.default);
}

/** `GET /api/settings/user/{key}/`: the caller's own setting; 404 for unknown or `_` keys. */
export async function readUserSetting(ctx: Ctx, rawKey: string): Promise<UserSettingOut> {
  const userId = actingUser(ctx);
  const key = publicKey(USER_SETTINGS, rawKey);
  const row = await loadUser(userId, key);
  return userOut(userId, key, row, await resolverFor(ctx.db).get(definition(key)));
}

/** `GET /api/settings/user/`: all of the caller's settings, defaults materialised. */
export async function listUserSettings(ctx: Ctx, q: ListQuery, url: URL) {
  const userId = actingUser(ctx);
  const rows = await ctx.db
    .select({ id: userSettings.id, key: userSettings.key, value: userSettings.value })
    .from(userSettings)
    .where(eq(userSettings.userId, userId));
  const byKey = new Map(rows.map((r) => [r.key, { id: r.id, value: r.value }]));
  const resolver = resolverFor(ctx.db);
  const items = await Promise.all(
    USER_KEYS.filter((key) => !key.startsWith('_')).map(async (key) =>
      userOut(userId, key, byKey.get(key) ?? null, await resolver.get(definition(key))),
    ),
  );
  return listPage(items, q, url);
}

async function writeRow(db: Tx, userId: number, key: UserSettingKey, text: string) {
  const [row] = await db
    .insert(userSettings)
    .values({ userId, key, value: text })
    .onConflictDoUpdate({ target: [userSettings.userId, userSettings.key], set: { value: text } })
    .returning({ id: userSettings.id, value: userSettings.value });
  await invalidate(db, userCacheKey(userId, key));
  return row!;
}

/**
 * Sets one of the caller's own settings (there is no way to write another user's). Checked
 * against the definition ⇒ 400 `{"value": ["..."]}`; one transaction; cache invalidated.
 */
export async function setUserSetting(ctx: Ctx, key: UserSettingKey, value: unknown): Promise<UserSettingOut> {
  const userId = actingUser(ctx);
  const def = definition(key);
  if (!def) throw new Error(`Unknown user setting: ${key}`);
  return withTransaction(ctx, async (tx) => {
    const resolver = resolverFor(tx.db);
    const text = await checkWrite(
      def,
      value,
      resolver,
      async (k) =>
        (await selectRow(tx.db, userId, k))?.value ?? USER_SETTINGS[k as UserSettingKey]?.default ?? '',
    );
    const row = await writeRow(tx.db, userId, key, text);
    return userOut(userId, key, row, await resolver.get(def));
  });
}

/** `PUT/PATCH /api/settings/user/{key}/`: a PATCH without `value` changes nothing. */
export async function updateUserSetting(ctx: Ctx, rawKey: string, body: { value?: unknown }) {
  actingUser(ctx);
  const key = publicKey(USER_SETTINGS, rawKey);
  if (body.value === undefined) return readUserSetting(ctx, key);
  return setUserSetting(ctx, key, body.value);
}

/**
 * Saves several of the caller's settings at once (the settings page): all checked first, then all
 * changed ones written in one transaction, or none with errors keyed by setting key.
 */
export async function saveUserSettings(ctx: Ctx, values: Record<string, unknown>): Promise<number> {
  const userId = actingUser(ctx);
  return withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({ key: userSettings.key, value: userSettings.value })
      .from(userSettings)
      .where(eq(userSettings.userId, userId));
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const current = (k: UserSettingKey) => stored.get(k) ?? definition(k).default;
    const resolver = resolverFor(tx.db);
    const errors: FieldErrors = {};
    const changes: [UserSettingKey, string][] = [];
    for (const [raw, value] of Object.entries(values)) {
      const key = publicKey(USER_SETTINGS, raw);
      try {
        const text = await checkWrite(
          definition(key),
          value,
          resolver,
          async (k) => current(k as UserSettingKey),
          key,
        );
        if (text !== current(key)) changes.push([key, text]);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation') throw err;
        Object.assign(errors, err.body);
      }
    }
    if (Object.keys(errors).length) throw validation(errors);
    for (const [key, text] of changes) await writeRow(tx.db, userId, key, text);
    return changes.length;
  });
}
