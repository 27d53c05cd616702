import { describe, expect, it } from 'vitest';
import type { SettingDefinition } from './definition';
import { GLOBAL_SETTINGS, USER_SETTINGS } from './definitions';
import { globalSection, USER_SECTIONS, userSection } from './sections';
import { cleanValue, formatFieldNames, inputText, SettingValueError, str2bool, toNative } from './value';

const def = (over: Partial<SettingDefinition>): SettingDefinition => ({
  name: 'X',
  description: '',
  default: '',
  units: '',
  type: 'string',
  ...over,
});
const none = { choices: [] };
const fails = (d: SettingDefinition, v: unknown, ctx: Parameters<typeof cleanValue>[2] = none) => {
  try {
    cleanValue(d, v, ctx);
  } catch (err) {
    expect(err).toBeInstanceOf(SettingValueError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(v)}`);
};

describe('setting definitions', () => {
  it('hold all 160 global and 43 user settings of InvenTree', () => {
    expect(Object.keys(GLOBAL_SETTINGS)).toHaveLength(160);
    expect(Object.keys(USER_SETTINGS)).toHaveLength(43);
    expect(GLOBAL_SETTINGS.LABEL_DPI).toMatchObject({ type: 'integer', default: '300', min: 100 });
    expect(GLOBAL_SETTINGS.STOCK_STALE_DAYS.units).toBe('days');
    expect(USER_SETTINGS.SEARCH_PREVIEW_RESULTS.type).toBe('integer');
  });

  it('accept their own defaults', () => {
    const currencies = GLOBAL_SETTINGS.CURRENCY_CODES.default
      .split(',')
      .map((c) => ({ value: c, display_name: c }));
    for (const [key, d] of [...Object.entries(GLOBAL_SETTINGS), ...Object.entries(USER_SETTINGS)]) {
      const s = d as SettingDefinition;
      const choices =
        s.dynamicChoices === 'currencies'
          ? currencies
          : s.dynamicChoices === 'groups'
            ? [{ value: '', display_name: 'No group' }]
            : [...(s.choices ?? [])];
      const peers = { PRICING_DECIMAL_PLACES: '6', PRICING_DECIMAL_PLACES_MIN: '0' };
      expect(cleanValue(s, s.default, { choices, peers }), key).toBe(s.default);
    }
  });

  it('group every visible key into a page section', () => {
    expect(globalSection('LABEL_DPI')).toBe('Labels and reports');
    expect(globalSection('INVENTREE_DEFAULT_CURRENCY')).toBe('Pricing');
    expect(globalSection('STOCKTAKE_ENABLE')).toBe('Stock history');
    expect(globalSection('LOGIN_ENABLE_REG')).toBe('Login');
    expect(globalSection('PROJECT_CODES_ENABLED')).toBe('Other');
    for (const key of Object.keys(USER_SETTINGS)) expect(USER_SECTIONS).toContain(userSection(key));
  });
});

describe('setting values', () => {
  it('answer native JSON for typed settings', () => {
    expect(toNative(def({ type: 'boolean' }), 'True')).toBe(true);
    expect(toNative(def({ type: 'boolean' }), 'False')).toBe(false);
    expect(toNative(def({ type: 'boolean' }), 'garbage')).toBe(false);
    expect(toNative(def({ type: 'integer', default: '7' }), '30')).toBe(30);
    expect(toNative(def({ type: 'integer', default: '7' }), 'x')).toBe(7);
    expect(toNative(def({}), 'text')).toBe('text');
    expect(str2bool(' ON ')).toBe(true);
  });

  it('stringify written scalars as InvenTree does', () => {
    expect(inputText(true)).toBe('True');
    expect(inputText(30)).toBe('30');
    expect(inputText(null)).toBe('');
    expect(inputText('  a  ')).toBe('a');
    expect(() => inputText({ a: 1 })).toThrow('Not a valid string.');
  });

  it('normalise booleans and refuse anything else', () => {
    const b = def({ type: 'boolean' });
    for (const v of [true, 'True', 'true', '1', 1, 'yes', 'on']) expect(cleanValue(b, v, none)).toBe('True');
    for (const v of [false, 'False', '0', 0, 'no', 'off', null]) expect(cleanValue(b, v, none)).toBe('False');
    expect(fails(b, 'banana')).toBe('Must be a valid boolean.');
    expect(fails(b, 2)).toBe('Must be a valid boolean.');
  });

  it('check integers and their bounds', () => {
    const i = def({ type: 'integer', min: 2, max: 6 });
    expect(cleanValue(i, 4, none)).toBe('4');
    expect(cleanValue(i, ' 5 ', none)).toBe('5');
    expect(fails(i, 'abc')).toBe('Must be an integer value');
    expect(fails(i, 1.5)).toBe('Must be an integer value');
    expect(fails(i, 1)).toBe('Ensure this value is greater than or equal to 2.');
    expect(fails(i, 7)).toBe('Ensure this value is less than or equal to 6.');
  });

  it('check choices, patterns and length', () => {
    const page = def({ choices: GLOBAL_SETTINGS.REPORT_DEFAULT_PAGE_SIZE.choices });
    expect(cleanValue(page, 'Letter', { choices: [...page.choices!] })).toBe('Letter');
    expect(fails(page, 'A0', { choices: [...page.choices!] })).toBe('Chosen value is not a valid option');
    const icon = GLOBAL_SETTINGS.PART_CATEGORY_DEFAULT_ICON;
    expect(cleanValue(icon, 'ti:box:outline', none)).toBe('ti:box:outline');
    expect(cleanValue(icon, '', none)).toBe('');
    expect(fails(icon, 'box')).toMatch(/^Invalid icon/);
    expect(fails(def({}), 'x'.repeat(2001))).toBe('Ensure this field has no more than 2000 characters.');
  });

  it('run the named validators', () => {
    const ref = GLOBAL_SETTINGS.PURCHASEORDER_REFERENCE_PATTERN;
    expect(cleanValue(ref, 'PO-{ref:04d}', none)).toBe('PO-{ref:04d}');
    expect(cleanValue(ref, '{date}-{ref}', none)).toBe('{date}-{ref}');
    expect(fails(ref, 'PO-{num}')).toBe("Unknown format key specified: 'num'");
    expect(fails(ref, 'PO-0001')).toBe("Missing required format key: 'ref'");
    expect(fails(ref, 'PO-{ref')).toMatch(/^Improperly formatted pattern/);
    expect(formatFieldNames('{{x}}-{ref:04d}-{date.year}')).toEqual(['ref', 'date']);

    const codes = GLOBAL_SETTINGS.CURRENCY_CODES;
    expect(cleanValue(codes, 'usd, eur', none)).toBe('USD,EUR');
    expect(fails(codes, 'USD,XYZ')).toBe("Invalid currency code: 'XYZ'");
    expect(fails(codes, 'USD,USD')).toBe("Duplicate currency code: 'USD'");
    expect(fails(codes, ' , ')).toBe('No valid currency codes provided');

    expect(fails(GLOBAL_SETTINGS.SSO_GROUP_MAP, '{bad')).toBe('Value must be valid JSON.');
    expect(cleanValue(GLOBAL_SETTINGS.INVENTREE_BASE_URL, 'https://inventory.local', none)).toBe(
      'https://inventory.local',
    );
    expect(fails(GLOBAL_SETTINGS.INVENTREE_BASE_URL, 'not a url')).toBe('Enter a valid URL.');
    expect(fails(GLOBAL_SETTINGS.LOGIN_SIGNUP_MAIL_RESTRICTION, '@a.com,b.com')).toBe(
      'Invalid domain name: b.com',
    );
    expect(fails(GLOBAL_SETTINGS.PART_NAME_FORMAT, '{{ part.nonsense }}')).toBe(
      'nonsense does not exist in Part Model',
    );
    expect(fails(GLOBAL_SETTINGS.PART_NAME_FORMAT, '{{ 1 + 1 }}')).toMatch(/^At least one field/);

    const min = GLOBAL_SETTINGS.PRICING_DECIMAL_PLACES_MIN;
    expect(fails(min, 4, { choices: [], peers: { PRICING_DECIMAL_PLACES: '3' } })).toBe(
      'Minimum places cannot be greater than maximum places',
    );
    expect(cleanValue(min, 3, { choices: [], peers: { PRICING_DECIMAL_PLACES: '3' } })).toBe('3');
  });
});
