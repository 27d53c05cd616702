import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { db as pool, type Tx } from '@/db/client';
import { globalSettings } from '@/db/schema';
import { cached, invalidate } from '@/lib/cache';
import { AppError, type FieldErrors, validation } from '@/lib/errors';
import type { ListQuery } from '@/lib/http/list';
import { type Ctx, withTransaction } from '../context';
import { assertCan } from '../permissions';
import type { NativeValue, SettingChoice, SettingDefinition } from './definition';
import { GLOBAL_SETTINGS } from './definitions';
import {
  ChoiceResolver,
  checkWrite,
  listPage,
  placeholderPk,
  publicKey,
  SETTING_TTL_SECONDS,
  type StoredSetting,
  settingBase,
} from './shared';
import { inputText, SettingValueError, toNative } from './value';

export type GlobalSettingKey = keyof typeof GLOBAL_SETTINGS;
export type GlobalSettingValue<K extends GlobalSettingKey> = NativeValue<(typeof GLOBAL_SETTINGS)[K]>;

export const GLOBAL_KEYS = Object.keys(GLOBAL_SETTINGS) as GlobalSettingKey[];
const definition = (key: GlobalSettingKey): SettingDefinition => GLOBAL_SETTINGS[key];
export const globalCacheKey = (key: string) => `setting:global:${key}`;

/** True for settings the pages leave out (the API still answers them unless the key starts with `_`). */
export const isHiddenSetting = (key: string) =>
  Boolean((GLOBAL_SETTINGS[key as GlobalSettingKey] as SettingDefinition | undefined)?.hidden);

async function selectRow(db: Tx, key: string): Promise<StoredSetting> {
  const [row] = await db
    .select({ id: globalSettings.id, value: globalSettings.value })
    .from(globalSettings)
    .where(eq(globalSettings.key, key));
  return row ?? null;
}

/**
 * The stored row of a setting through the cache. Loads use the connection pool, never a caller's
 * open transaction, so the cache only ever holds committed values. A generated default (the
 * instance ID) is stored the first time it is asked for.
 */
async function loadGlobal(key: GlobalSettingKey): Promise<StoredSetting> {
  return cached(globalCacheKey(key), SETTING_TTL_SECONDS, async () => {
    const row = await selectRow(pool, key);
    if (row || !definition(key).generated) return row;
    await pool.insert(globalSettings).values({ key, value: randomUUID() }).onConflictDoNothing();
    return selectRow(pool, key);
  });
}

/** The stored text of a setting (its default when no row exists), read in `db`. */
async function storedText(db: Tx, key: GlobalSettingKey): Promise<string> {
  return (await selectRow(db, key))?.value ?? definition(key).default;
}

const resolverFor = (db: Tx) => new ChoiceResolver(db, () => storedText(db, 'CURRENCY_CODES'));

function globalOut(key: GlobalSettingKey, row: StoredSetting, choices: SettingChoice[]) {
  const def = definition(key);
  return {
    ...settingBase(key, def, row?.value ?? def.default, row?.id ?? placeholderPk(GLOBAL_KEYS, key), choices),
    typ: 'global' as const,
    // Values pinned by the environment (InvenTree's INVENTREE_GLOBAL_SETTINGS) are not supported.
    read_only: false,
    confirm: def.confirm ?? false,
    confirm_text: def.confirmText ?? '',
  };
}
export type GlobalSettingOut = ReturnType<typeof globalOut>;

/** The typed value of a global setting (`true`, `30`, `"USD"`), read through the cache. */
export async function getGlobalSetting<K extends GlobalSettingKey>(key: K): Promise<GlobalSettingValue<K>> {
  const def = GLOBAL_SETTINGS[key];
  if (!def) throw new Error(`Unknown global setting: ${key}`);
  const row = await loadGlobal(key);
  return toNative(def, row?.value ?? def.default);
}

/** `GET /api/settings/global/{key}/`: one setting as the API answers it; 404 for unknown or `_` keys. */
export async function readGlobalSetting(ctx: Ctx, rawKey: string): Promise<GlobalSettingOut> {
  const key = publicKey(GLOBAL_SETTINGS, rawKey);
  const row = await loadGlobal(key);
  return globalOut(key, row, await resolverFor(ctx.db).get(definition(key)));
}

/** `GET /api/settings/global/`: every setting except `_` ones, defaults materialised. */
export async function listGlobalSettings(ctx: Ctx, q: ListQuery, url: URL) {
  const rows = await ctx.db
    .select({ id: globalSettings.id, key: globalSettings.key, value: globalSettings.value })
    .from(globalSettings);
  const byKey = new Map(rows.map((r) => [r.key, { id: r.id, value: r.value }]));
  const resolver = new ChoiceResolver(
    ctx.db,
    async () => byKey.get('CURRENCY_CODES')?.value ?? definition('CURRENCY_CODES').default,
  );
  const items = await Promise.all(
    GLOBAL_KEYS.filter((key) => !key.startsWith('_')).map(async (key) => {
      const def = definition(key);
      const row = byKey.get(key) ?? (def.generated ? await loadGlobal(key) : null);
      return globalOut(key, row, await resolver.get(def));
    }),
  );
  return listPage(items, q, url);
}

/**
 * Stores already-validated text: upserts the row, drops the cached value (now and, on commit, in
 * every process) and raises SERVER_RESTART_REQUIRED when a restart-bound setting changed.
 * Runs in the caller's transaction.
 */
async function writeRow(db: Tx, key: GlobalSettingKey, text: string, previous: string) {
  const [row] = await db
    .insert(globalSettings)
    .values({ key, value: text })
    .onConflictDoUpdate({ target: globalSettings.key, set: { value: text } })
    .returning({ id: globalSettings.id, value: globalSettings.value });
  await invalidate(db, globalCacheKey(key));
  if (definition(key).requiresRestart && text !== previous) {
    await db
      .insert(globalSettings)
      .values({ key: 'SERVER_RESTART_REQUIRED', value: 'True' })
      .onConflictDoUpdate({ target: globalSettings.key, set: { value: 'True' } });
    await invalidate(db, globalCacheKey('SERVER_RESTART_REQUIRED'));
  }
  return row!;
}

/**
 * Sets one global setting (staff only). The value is checked against the definition (type,
 * bounds, choices, validator) ⇒ 400 `{"value": ["..."]}`; one transaction; cache invalidated.
 * Accepts every defined key, `_` ones included (for internal callers).
 */
export async function setGlobalSetting(
  ctx: Ctx,
  key: GlobalSettingKey,
  value: unknown,
): Promise<GlobalSettingOut> {
  assertCan(ctx, 'staff');
  const def = definition(key);
  if (!def) throw new Error(`Unknown global setting: ${key}`);
  return withTransaction(ctx, async (tx) => {
    const resolver = resolverFor(tx.db);
    const text = await checkWrite(def, value, resolver, (k) => storedText(tx.db, k as GlobalSettingKey));
    const previous = await storedText(tx.db, key);
    const row = await writeRow(tx.db, key, text, previous);
    return globalOut(key, row, await resolver.get(def));
  });
}

/** `PUT/PATCH /api/settings/global/{key}/`: a PATCH without `value` changes nothing. */
export async function updateGlobalSetting(ctx: Ctx, rawKey: string, body: { value?: unknown }) {
  assertCan(ctx, 'staff');
  const key = publicKey(GLOBAL_SETTINGS, rawKey);
  if (body.value === undefined) return readGlobalSetting(ctx, key);
  return setGlobalSetting(ctx, key, body.value);
}

/**
 * Saves several global settings at once (the settings page): every value is checked first, and
 * either all changed ones are written in one transaction or none is, with errors keyed by setting
 * key (`{"LABEL_DPI": ["..."]}`). Returns how many settings changed.
 */
export async function saveGlobalSettings(ctx: Ctx, values: Record<string, unknown>): Promise<number> {
  assertCan(ctx, 'staff');
  return withTransaction(ctx, async (tx) => {
    const rows = await tx.db
      .select({ key: globalSettings.key, value: globalSettings.value })
      .from(globalSettings);
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const current = (k: string) => stored.get(k) ?? GLOBAL_SETTINGS[k as GlobalSettingKey]?.default ?? '';
    const pending = (k: string) => {
      try {
        return k in values ? inputText(values[k]) : current(k);
      } catch (err) {
        if (err instanceof SettingValueError) return current(k);
        throw err;
      }
    };
    const resolver = new ChoiceResolver(tx.db, async () => pending('CURRENCY_CODES'));
    const errors: FieldErrors = {};
    const changes: [GlobalSettingKey, string][] = [];
    for (const [raw, value] of Object.entries(values)) {
      const key = publicKey(GLOBAL_SETTINGS, raw);
      try {
        const text = await checkWrite(definition(key), value, resolver, async (k) => pending(k), key);
        if (text !== current(key)) changes.push([key, text]);
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'validation') throw err;
        Object.assign(errors, err.body);
      }
    }
    if (Object.keys(errors).length) throw validation(errors);
    for (const [key, text] of changes) await writeRow(tx.db, key, text, current(key));
    return changes.length;
  });
}
