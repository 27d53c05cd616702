/**
 * Writes `server/settings/definitions.ts` from InvenTree's settings inventory
 * (`../shared/inventree-api/inventree_settings.json`: name, description, default, units per key)
 * plus the validation rules below, which that file does not carry. The rules follow InvenTree's
 * `common/setting/system.py` and `user.py`; keys marked "inferred" are newer than the source read
 * and typed from their default. The app never reads ../shared at run time.
 *
 *   npx tsx scripts/gen-settings.ts [path/to/inventree_settings.json]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SettingDefinition } from '@/server/settings/definition';

const root = path.resolve(import.meta.dirname, '..');
const source =
  process.argv[2] ?? path.resolve(root, '..', 'shared', 'inventree-api', 'inventree_settings.json');
const target = path.join(root, 'server', 'settings', 'definitions.ts');

type Raw = Record<string, { name: string; description: string; default: string; units: string }>;
type Rule = Omit<Partial<SettingDefinition>, 'name' | 'description' | 'units'>;

const int = (min?: number, max?: number): Rule => ({
  type: 'integer',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const choices = (...pairs: [string, string][]): Rule => ({
  choices: pairs.map(([value, display_name]) => ({ value, display_name })),
});
const ICON: Rule = {
  pattern: {
    regex: '^(?:[a-z0-9-]+:[a-z0-9-]+:[a-z0-9-]+)?$',
    message: 'Invalid icon: use the form <pack>:<name>:<variant>, e.g. ti:box:outline',
  },
};
const REFERENCE: Rule = { validator: 'reference_pattern' };

/** Everything that is not a plain boolean (default "True"/"False") or a plain string. */
const GLOBAL_RULES: Record<string, Rule> = {
  SERVER_RESTART_REQUIRED: { hidden: true },
  _PENDING_MIGRATIONS: int(),
  _GLOBAL_WARNING: { validator: 'json', hidden: true },
  // A fresh UUID per installation, stored on first use (the JSON holds one instance's value).
  INVENTREE_INSTANCE_ID: { default: '', generated: 'uuid', hidden: true },
  INVENTREE_BASE_URL: { validator: 'url' },
  INVENTREE_DEFAULT_CURRENCY: { dynamicChoices: 'currencies' },
  CURRENCY_CODES: { validator: 'currency_codes' },
  CURRENCY_UPDATE_INTERVAL: int(0),
  CURRENCY_UPDATE_PLUGIN: choices(['inventreecurrencyexchange', 'InvenTree Currency Exchange']),
  INVENTREE_UPLOAD_MAX_SIZE: int(1), // inferred
  INVENTREE_UPDATE_CHECK_INTERVAL: int(0),
  INVENTREE_BACKUP_DAYS: int(1),
  INVENTREE_DELETE_TASKS_DAYS: int(7),
  INVENTREE_DELETE_ERRORS_DAYS: int(7),
  INVENTREE_DELETE_NOTIFICATIONS_DAYS: int(7),
  INVENTREE_DELETE_EMAIL_DAYS: int(7),
  BARCODE_RESULTS_MAX_NUM: int(1),
  BARCODE_INPUT_DELAY: int(1),
  BARCODE_GENERATION_PLUGIN: choices(['inventreebarcode', 'InvenTree Barcodes']),
  PART_NAME_FORMAT: { validator: 'part_name_format' },
  PART_CATEGORY_DEFAULT_ICON: ICON,
  PRICING_DECIMAL_PLACES_MIN: { ...int(0, 4), validator: 'decimal_places_min' },
  PRICING_DECIMAL_PLACES: { ...int(2, 6), validator: 'decimal_places_max' },
  PRICING_STOCK_ITEM_AGE_DAYS: int(0),
  PRICING_UPDATE_DAYS: int(0),
  LABEL_DPI: int(100),
  REPORT_DEFAULT_PAGE_SIZE: choices(['A4', 'A4'], ['A3', 'A3'], ['Legal', 'Legal'], ['Letter', 'Letter']),
  STOCK_STALE_DAYS: int(),
  STOCK_LOCATION_DEFAULT_ICON: ICON,
  BUILDORDER_REFERENCE_PATTERN: REFERENCE,
  RETURNORDER_REFERENCE_PATTERN: REFERENCE,
  SALESORDER_REFERENCE_PATTERN: REFERENCE,
  TRANSFERORDER_REFERENCE_PATTERN: REFERENCE, // inferred
  PURCHASEORDER_REFERENCE_PATTERN: REFERENCE,
  SSO_GROUP_MAP: { validator: 'json' },
  LOGIN_SIGNUP_MAIL_RESTRICTION: { validator: 'email_domains' },
  SIGNUP_GROUP: { dynamicChoices: 'groups' },
  PLUGIN_ON_STARTUP: { requiresRestart: true },
  STOCKTAKE_AUTO_DAYS: int(1),
  STOCKTAKE_DELETE_DAYS: int(30),
  STOCK_TRACKING_DELETE_DAYS: int(30), // inferred
  // inferred: the week day numbering of the calendar component (0 = Sunday)
  WEEK_STARTS_ON: choices(
    ['0', 'Sunday'],
    ['1', 'Monday'],
    ['2', 'Tuesday'],
    ['3', 'Wednesday'],
    ['4', 'Thursday'],
    ['5', 'Friday'],
    ['6', 'Saturday'],
  ),
  CALENDAR_HORIZON_MONTHS: int(1), // inferred
};

const USER_RULES: Record<string, Rule> = {
  SEARCH_PREVIEW_RESULTS: int(1),
  DATE_DISPLAY_FORMAT: choices(
    ['YYYY-MM-DD', '2022-02-22'],
    ['YYYY/MM/DD', '2022/02/22'],
    ['DD-MM-YYYY', '22-02-2022'],
    ['DD/MM/YYYY', '22/02/2022'],
    ['MM-DD-YYYY', '02-22-2022'],
    ['MM/DD/YYYY', '02/22/2022'],
    ['MMM DD YYYY', 'Feb 22 2022'],
  ),
};

function build(raw: Raw, rules: Record<string, Rule>, store: string): Record<string, SettingDefinition> {
  for (const key of Object.keys(rules)) {
    if (!(key in raw)) throw new Error(`${store}: a rule names ${key}, which the inventory lacks`);
  }
  const out: Record<string, SettingDefinition> = {};
  for (const [key, r] of Object.entries(raw)) {
    const rule = rules[key] ?? {};
    const isBool = r.default === 'True' || r.default === 'False';
    const type = rule.type ?? (isBool ? 'boolean' : 'string');
    if (type === 'string' && /^-?\d+$/.test(r.default) && !rule.choices && !rule.dynamicChoices) {
      throw new Error(`${store}: ${key} has a numeric default; give it a rule (int() or choices)`);
    }
    out[key] = {
      name: r.name,
      description: r.description,
      default: r.default,
      units: r.units,
      type,
      ...rule,
    };
  }
  return out;
}

const raw = JSON.parse(readFileSync(source, 'utf8')) as { global: Raw; user: Raw };
const globals = build(raw.global, GLOBAL_RULES, 'global');
const users = build(raw.user, USER_RULES, 'user');

const body = `// Generated by scripts/gen-settings.ts from InvenTree's inventree_settings.json: do not edit.
import type { SettingDefinition } from './definition';

/** InvenTree's global settings (InvenTreeSetting), in InvenTree's order. */
export const GLOBAL_SETTINGS = ${JSON.stringify(globals, null, 2)} as const satisfies Record<string, SettingDefinition>;

/** InvenTree's per-user settings (InvenTreeUserSetting), in InvenTree's order. */
export const USER_SETTINGS = ${JSON.stringify(users, null, 2)} as const satisfies Record<string, SettingDefinition>;
`;
writeFileSync(target, body);
execFileSync('npx', ['biome', 'format', '--write', target], { cwd: root, stdio: 'inherit' });
console.log(
  `wrote ${path.relative(root, target)}: ${Object.keys(globals).length} global, ${Object.keys(users).length} user settings`,
);
