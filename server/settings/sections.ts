/**
 * How the settings pages group settings, after InvenTree's own settings panels. The first rule
 * whose key or prefix matches wins; everything else lands in the last section.
 */
type Rule = [section: string, matches: (string | RegExp)[]];

const GLOBAL_RULES: Rule[] = [
  ['Login', [/^LOGIN_/, /^SSO_/, 'SIGNUP_GROUP']],
  ['Barcodes', [/^BARCODE_/]],
  [
    'Pricing',
    [
      'INVENTREE_DEFAULT_CURRENCY',
      /^CURRENCY_/,
      /^PRICING_/,
      'PART_INTERNAL_PRICE',
      'PART_BOM_USE_INTERNAL_PRICE',
    ],
  ],
  ['Labels and reports', [/^LABEL_/, /^REPORT_/]],
  ['Parts', [/^PART_/, /^PARAMETER_/]],
  ['Stock', [/^STOCK_/, /^SERIAL_NUMBER_/]],
  ['Stock history', [/^STOCKTAKE_/]],
  ['Build orders', [/^BUILDORDER_/, /^PREVENT_BUILD_/]],
  ['Purchase orders', [/^PURCHASEORDER_/]],
  ['Sales orders', [/^SALESORDER_/]],
  ['Return orders', [/^RETURNORDER_/]],
  ['Transfer orders', [/^TRANSFERORDER_/]],
  ['Plugins', [/^PLUGIN_/, /^ENABLE_PLUGINS_/]],
  ['Server', [/^INVENTREE_/, /^SERVER_/, /^DISPLAY_/, 'WEEK_STARTS_ON', 'CALENDAR_HORIZON_MONTHS']],
];
const GLOBAL_LAST = 'Other';

const USER_RULES: Rule[] = [
  ['Search', [/^SEARCH_/]],
  ['Printing', [/^LABEL_/, /^REPORT_/, 'LAST_USED_PRINTING_MACHINES']],
  ['Notifications', [/^NOTIFICATION_/]],
];
const USER_LAST = 'Display';

function sectionOf(rules: Rule[], last: string, key: string): string {
  for (const [section, matches] of rules) {
    if (matches.some((m) => (typeof m === 'string' ? m === key : m.test(key)))) return section;
  }
  return last;
}

/** The page section of a global setting key (e.g. `LABEL_DPI` → "Labels and reports"). */
export const globalSection = (key: string) => sectionOf(GLOBAL_RULES, GLOBAL_LAST, key);
/** The page section of a user setting key. */
export const userSection = (key: string) => sectionOf(USER_RULES, USER_LAST, key);

/** Sections in page order. */
export const GLOBAL_SECTIONS = [
  'Server',
  'Login',
  'Barcodes',
  'Pricing',
  'Labels and reports',
  'Parts',
  'Stock',
  'Stock history',
  'Build orders',
  'Purchase orders',
  'Sales orders',
  'Return orders',
  'Transfer orders',
  'Plugins',
  GLOBAL_LAST,
] as const;
export const USER_SECTIONS = [USER_LAST, 'Search', 'Printing', 'Notifications'] as const;

/** Groups items by section, in section order, leaving out empty sections. */
export function groupBySection<T extends { key: string }>(
  items: T[],
  sections: readonly string[],
  sectionOfKey: (key: string) => string,
): { section: string; items: T[] }[] {
  return sections
    .map((section) => ({ section, items: items.filter((i) => sectionOfKey(i.key) === section) }))
    .filter((g) => g.items.length > 0);
}

/** The settings pages' search: every word must appear in the key, name or description. */
export function settingMatches(
  s: { key: string; name: string; description: string },
  search: string,
): boolean {
  const hay = `${s.key} ${s.name} ${s.description}`.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
