import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { globalSettings, userSettings } from '@/db/schema';
import { systemCtx } from '@/server/context';
import {
  GLOBAL_SETTINGS,
  getGlobalSetting,
  getUserSetting,
  type SettingDefinition,
  saveGlobalSettings,
  setGlobalSetting,
  USER_SETTINGS,
} from '@/server/settings';
import { toNative } from '@/server/settings/value';
import { createGroup } from '@/server/users';
import { api } from '../api';
import { ctxFor, makeUser, type TestUser, tokenFor, unique } from '../factories';

const GLOBAL_FIELDS = [
  'pk',
  'key',
  'value',
  'name',
  'description',
  'type',
  'units',
  'choices',
  'model_name',
  'api_url',
  'typ',
  'read_only',
  'confirm',
  'confirm_text',
];
const USER_FIELDS = [
  'pk',
  'key',
  'value',
  'name',
  'description',
  'user',
  'type',
  'units',
  'choices',
  'model_name',
  'api_url',
  'typ',
  'confirm',
  'confirm_text',
];
const visibleGlobal = Object.keys(GLOBAL_SETTINGS).filter((k) => !k.startsWith('_'));
const storedGlobal = async (key: string) =>
  (await db.select().from(globalSettings).where(eq(globalSettings.key, key)))[0]?.value;

describe('settings API', () => {
  let staff: string;
  let plain: string;
  let plainUser: TestUser;
  beforeAll(async () => {
    staff = await tokenFor(await makeUser({ staff: true }));
    plainUser = await makeUser();
    plain = await tokenFor(plainUser);
  });

  it('reads every global setting with its default, natively typed, in the documented shape', async () => {
    const r = await api('GET', '/api/settings/global/', { token: plain });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body.map((s: { key: string }) => s.key)).toEqual(visibleGlobal);
    for (const s of r.body) {
      expect(Object.keys(s)).toEqual(GLOBAL_FIELDS);
      const def = GLOBAL_SETTINGS[s.key as keyof typeof GLOBAL_SETTINGS] as SettingDefinition;
      expect(s).toMatchObject({
        name: def.name,
        units: def.units,
        type: def.type,
        typ: 'global',
        read_only: false,
      });
      if (s.key === 'INVENTREE_INSTANCE_ID') expect(s.value).toMatch(/^[0-9a-f-]{36}$/);
      else expect(s.value, s.key).toEqual(toNative(def, def.default));
    }
    const dpi = r.body.find((s: { key: string }) => s.key === 'LABEL_DPI');
    expect(dpi).toMatchObject({ value: 300, type: 'integer', choices: [], model_name: null, api_url: null });
    const page = r.body.find((s: { key: string }) => s.key === 'REPORT_DEFAULT_PAGE_SIZE');
    expect(page.choices).toContainEqual({ value: 'Letter', display_name: 'Letter' });
    // Every key, hidden `_` ones included, is readable through the typed getter.
    for (const [key, def] of Object.entries(GLOBAL_SETTINGS)) {
      if (key === 'INVENTREE_INSTANCE_ID') continue;
      expect(await getGlobalSetting(key as keyof typeof GLOBAL_SETTINGS), key).toEqual(
        toNative(def as SettingDefinition, def.default),
      );
    }
    expect(await getGlobalSetting('BARCODE_ENABLE')).toBe(true);
    expect(await getGlobalSetting('INVENTREE_DELETE_TASKS_DAYS')).toBe(30);
  });

  it('keeps the instance ID once made', async () => {
    const a = await getGlobalSetting('INVENTREE_INSTANCE_ID');
    const detail = await api('GET', '/api/settings/global/INVENTREE_INSTANCE_ID/', { token: plain });
    expect(detail.body.value).toBe(a);
    expect(detail.body.pk).toBeGreaterThan(0);
    expect(await storedGlobal('INVENTREE_INSTANCE_ID')).toBe(a);
  });

  it('reads every user setting with its default for a new user', async () => {
    const u = await makeUser();
    const r = await api('GET', '/api/settings/user/', { token: await tokenFor(u) });
    expect(r.status).toBe(200);
    expect(r.body.map((s: { key: string }) => s.key)).toEqual(Object.keys(USER_SETTINGS));
    for (const s of r.body) {
      expect(Object.keys(s)).toEqual(USER_FIELDS);
      const def = USER_SETTINGS[s.key as keyof typeof USER_SETTINGS] as SettingDefinition;
      expect(s).toMatchObject({ user: u.id, typ: 'user', value: toNative(def, def.default) });
      expect(await getUserSetting(u.id, s.key)).toEqual(toNative(def, def.default));
    }
    const fmt = r.body.find((s: { key: string }) => s.key === 'DATE_DISPLAY_FORMAT');
    expect(fmt.choices[0]).toEqual({ value: 'YYYY-MM-DD', display_name: '2022-02-22' });
  });

  it('paginates with limit, searches on key and orders by key, name or pk', async () => {
    const p = await api('GET', '/api/settings/global/?limit=5&offset=5', { token: plain });
    expect(Object.keys(p.body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(p.body.count).toBe(visibleGlobal.length);
    expect(p.body.results.map((s: { key: string }) => s.key)).toEqual(visibleGlobal.slice(5, 10));
    expect(p.body.next).toBe('http://localhost:3000/api/settings/global/?limit=5&offset=10');
    expect(p.body.previous).toBe('http://localhost:3000/api/settings/global/?limit=5');
    const s = await api('GET', '/api/settings/global/?search=label', { token: plain });
    expect(s.body.map((x: { key: string }) => x.key).sort()).toEqual(
      visibleGlobal.filter((k) => k.includes('LABEL')).sort(),
    );
    const o = await api('GET', '/api/settings/global/?ordering=-key', { token: plain });
    expect(o.body.map((x: { key: string }) => x.key)).toEqual(
      [...visibleGlobal].sort((a, b) => b.localeCompare(a)),
    );
    const byPk = await api('GET', '/api/settings/user/?ordering=pk', { token: plain });
    const pks = byPk.body.map((x: { pk: number }) => x.pk);
    expect(pks).toEqual([...pks].sort((a, b) => a - b));
    expect(new Set(pks).size).toBe(pks.length);
  });

  it('lets staff change a setting; the next read returns it through the cache', async () => {
    const before = await api('GET', '/api/settings/global/label_dpi/', { token: plain });
    expect(before.body).toMatchObject({ key: 'LABEL_DPI', value: 300 });
    expect(before.body.pk).toBeLessThan(0);
    expect(await getGlobalSetting('LABEL_DPI')).toBe(300);

    const r = await api('PATCH', '/api/settings/global/LABEL_DPI/', { token: staff, body: { value: 600 } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ key: 'LABEL_DPI', value: 600, typ: 'global' });
    expect(r.body.pk).toBeGreaterThan(0);
    expect(await storedGlobal('LABEL_DPI')).toBe('600');

    const after = await api('GET', '/api/settings/global/LABEL_DPI/', { token: plain });
    expect(after.body).toMatchObject({ value: 600, pk: r.body.pk });
    expect(await getGlobalSetting('LABEL_DPI')).toBe(600);
    const listed = (await api('GET', '/api/settings/global/', { token: plain })).body.find(
      (s: { key: string }) => s.key === 'LABEL_DPI',
    );
    expect(listed).toMatchObject({ value: 600, pk: r.body.pk });

    const put = await api('PUT', '/api/settings/global/BARCODE_ENABLE/', {
      token: staff,
      body: { value: 'False' },
    });
    expect(put.body.value).toBe(false);
    expect(await storedGlobal('BARCODE_ENABLE')).toBe('False');
    const str = await api('PATCH', '/api/settings/global/INVENTREE_COMPANY_NAME/', {
      token: staff,
      body: { value: '  Acme Ltd  ' },
    });
    expect(str.body.value).toBe('Acme Ltd');
  });

  it('reads through the cache and drops the cached value on write', async () => {
    expect(await getGlobalSetting('PART_COPY_BOM')).toBe(true);
    // A change behind the verbs' back is not seen: the value comes from the cache.
    await db.insert(globalSettings).values({ key: 'PART_COPY_BOM', value: 'False' });
    expect(await getGlobalSetting('PART_COPY_BOM')).toBe(true);
    expect((await api('GET', '/api/settings/global/PART_COPY_BOM/', { token: plain })).body.value).toBe(true);
    // A write through the API invalidates it.
    await api('PATCH', '/api/settings/global/PART_COPY_BOM/', { token: staff, body: { value: false } });
    expect(await getGlobalSetting('PART_COPY_BOM')).toBe(false);
    await api('PATCH', '/api/settings/global/PART_COPY_BOM/', { token: staff, body: { value: true } });
    expect(await getGlobalSetting('PART_COPY_BOM')).toBe(true);
    expect((await api('GET', '/api/settings/global/PART_COPY_BOM/', { token: plain })).body.value).toBe(true);

    // The same for user settings.
    const ctx = await ctxFor(plainUser);
    expect(await getUserSetting(plainUser.id, 'SEARCH_PREVIEW_RESULTS')).toBe(10);
    await api('PATCH', '/api/settings/user/SEARCH_PREVIEW_RESULTS/', { token: plain, body: { value: 25 } });
    expect(await getUserSetting(ctx.actor.userId, 'SEARCH_PREVIEW_RESULTS')).toBe(25);
  });

  it('refuses writes from non-staff (403) and anonymous callers (401)', async () => {
    const r = await api('PATCH', '/api/settings/global/LABEL_DPI/', { token: plain, body: { value: 150 } });
    expect(r.status).toBe(403);
    const anon = await api('PATCH', '/api/settings/global/LABEL_DPI/', { body: { value: 150 } });
    expect(anon.status).toBe(401);
    expect((await api('GET', '/api/settings/global/', {})).status).toBe(401);
    expect(await storedGlobal('LABEL_DPI')).toBe('600');
    await expect(setGlobalSetting(await ctxFor(plainUser), 'LABEL_DPI', 150)).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('answers 400 {"value": [...]} for a bad value and leaves the stored value alone', async () => {
    const cases: [string, unknown, string][] = [
      ['LABEL_DPI', 'abc', 'Must be an integer value'],
      ['LABEL_DPI', 50, 'Ensure this value is greater than or equal to 100.'],
      ['BARCODE_ENABLE', 'banana', 'Must be a valid boolean.'],
      ['REPORT_DEFAULT_PAGE_SIZE', 'A0', 'Chosen value is not a valid option'],
      ['PURCHASEORDER_REFERENCE_PATTERN', 'PO-{num}', "Unknown format key specified: 'num'"],
      ['INVENTREE_DEFAULT_CURRENCY', 'CHF', 'Chosen value is not a valid option'],
      ['LABEL_DPI', { nested: true }, 'Not a valid string.'],
    ];
    for (const [key, value, message] of cases) {
      const before = await api('GET', `/api/settings/global/${key}/`, { token: plain });
      const r = await api('PATCH', `/api/settings/global/${key}/`, { token: staff, body: { value } });
      expect(r.status, key).toBe(400);
      expect(r.body).toEqual({ value: [message] });
      const after = await api('GET', `/api/settings/global/${key}/`, { token: plain });
      expect(after.body.value).toEqual(before.body.value);
    }
    expect(await storedGlobal('LABEL_DPI')).toBe('600');
    const put = await api('PUT', '/api/settings/global/LABEL_DPI/', { token: staff, body: {} });
    expect(put.status).toBe(400);
    expect(put.body).toEqual({ value: ['This field is required.'] });
    const noop = await api('PATCH', '/api/settings/global/LABEL_DPI/', { token: staff, body: {} });
    expect(noop.body.value).toBe(600);
  });

  it('answers 404 {"detail": "Not found."} for unknown and hidden system keys', async () => {
    for (const path of [
      '/api/settings/global/NO_SUCH_SETTING/',
      '/api/settings/global/_PENDING_MIGRATIONS/',
      '/api/settings/global/bad-key/',
      '/api/settings/user/NO_SUCH_SETTING/',
      '/api/settings/user/LABEL_DPI/',
    ]) {
      const r = await api('GET', path, { token: staff });
      expect(r.status, path).toBe(404);
      expect(r.body).toEqual({ detail: 'Not found.' });
    }
    const w = await api('PATCH', '/api/settings/global/_PENDING_MIGRATIONS/', {
      token: staff,
      body: { value: 3 },
    });
    expect(w.status).toBe(404);
    const list = await api('GET', '/api/settings/global/?search=_PENDING', { token: staff });
    expect(list.body).toEqual([]);
  });

  it('keeps user settings per user', async () => {
    const a = await makeUser();
    const b = await makeUser();
    const [ta, tb] = [await tokenFor(a), await tokenFor(b)];
    const r = await api('PATCH', '/api/settings/user/date_display_format/', {
      token: ta,
      body: { value: 'DD/MM/YYYY' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      key: 'DATE_DISPLAY_FORMAT',
      value: 'DD/MM/YYYY',
      user: a.id,
      typ: 'user',
    });
    expect((await api('GET', '/api/settings/user/DATE_DISPLAY_FORMAT/', { token: ta })).body.value).toBe(
      'DD/MM/YYYY',
    );
    const seenByB = await api('GET', '/api/settings/user/DATE_DISPLAY_FORMAT/', { token: tb });
    expect(seenByB.body).toMatchObject({ value: 'YYYY-MM-DD', user: b.id });
    expect(seenByB.body.pk).toBeLessThan(0);
    expect(await getUserSetting(b.id, 'DATE_DISPLAY_FORMAT')).toBe('YYYY-MM-DD');
    expect(await getUserSetting(a.id, 'DATE_DISPLAY_FORMAT')).toBe('DD/MM/YYYY');
    const rows = await db
      .select()
      .from(userSettings)
      .where(and(eq(userSettings.key, 'DATE_DISPLAY_FORMAT'), eq(userSettings.userId, b.id)));
    expect(rows).toEqual([]);

    const bad = await api('PATCH', '/api/settings/user/SEARCH_PREVIEW_RESULTS/', {
      token: tb,
      body: { value: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ value: ['Ensure this value is greater than or equal to 1.'] });
    const flag = await api('PUT', '/api/settings/user/STICKY_HEADER/', { token: tb, body: { value: true } });
    expect(flag.body.value).toBe(true);
    expect((await api('GET', '/api/settings/user/STICKY_HEADER/', { token: ta })).body.value).toBe(false);
  });

  it('offers groups and supported currencies as choices', async () => {
    const g = await createGroup(systemCtx(), { name: unique('signup') });
    const r = await api('GET', '/api/settings/global/SIGNUP_GROUP/', { token: plain });
    expect(r.body.choices[0]).toEqual({ value: '', display_name: 'No group' });
    expect(r.body.choices).toContainEqual({ value: String(g.pk), display_name: g.name });
    const ok = await api('PATCH', '/api/settings/global/SIGNUP_GROUP/', {
      token: staff,
      body: { value: g.pk },
    });
    expect(ok.body.value).toBe(String(g.pk));

    const cur = await api('GET', '/api/settings/global/INVENTREE_DEFAULT_CURRENCY/', { token: plain });
    expect(cur.body.choices).toContainEqual({ value: 'USD', display_name: 'US Dollar' });
    await api('PATCH', '/api/settings/global/CURRENCY_CODES/', { token: staff, body: { value: 'usd,chf' } });
    const chf = await api('PATCH', '/api/settings/global/INVENTREE_DEFAULT_CURRENCY/', {
      token: staff,
      body: { value: 'CHF' },
    });
    expect(chf.status).toBe(200);
    expect(chf.body.choices.map((c: { value: string }) => c.value)).toEqual(['USD', 'CHF']);
    await api('PATCH', '/api/settings/global/INVENTREE_DEFAULT_CURRENCY/', {
      token: staff,
      body: { value: 'USD' },
    });
    await api('PATCH', '/api/settings/global/CURRENCY_CODES/', {
      token: staff,
      body: { value: GLOBAL_SETTINGS.CURRENCY_CODES.default },
    });
  });

  it('flags a restart when a restart-bound setting changes', async () => {
    expect(await getGlobalSetting('SERVER_RESTART_REQUIRED')).toBe(false);
    await api('PATCH', '/api/settings/global/PLUGIN_ON_STARTUP/', { token: staff, body: { value: true } });
    expect(await getGlobalSetting('SERVER_RESTART_REQUIRED')).toBe(true);
  });

  it('saves a page of settings all or nothing, errors keyed by setting', async () => {
    const ctx = await ctxFor(await makeUser({ staff: true }));
    await expect(
      saveGlobalSettings(ctx, { BARCODE_INPUT_DELAY: 80, LABEL_DPI: 10, BARCODE_ENABLE: 'maybe' }),
    ).rejects.toMatchObject({
      body: {
        LABEL_DPI: ['Ensure this value is greater than or equal to 100.'],
        BARCODE_ENABLE: ['Must be a valid boolean.'],
      },
    });
    expect(await getGlobalSetting('BARCODE_INPUT_DELAY')).toBe(50);
    expect(await saveGlobalSettings(ctx, { BARCODE_INPUT_DELAY: 80, LABEL_DPI: 600 })).toBe(1);
    expect(await getGlobalSetting('BARCODE_INPUT_DELAY')).toBe(80);
    await expect(
      saveGlobalSettings(ctx, { PRICING_DECIMAL_PLACES: 3, PRICING_DECIMAL_PLACES_MIN: 4 }),
    ).rejects.toMatchObject({ body: { PRICING_DECIMAL_PLACES_MIN: [expect.any(String)] } });
    await expect(saveGlobalSettings(await ctxFor(plainUser), { LABEL_DPI: 300 })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
