import type { NativeValue, SettingChoice, SettingDefinition } from './definition';

/**
 * Pure value handling for settings: values are stored as text (as InvenTree stores them),
 * answered as native JSON for typed settings, and checked against the definition on write.
 */

const TRUE = new Set(['1', 'y', 'yes', 't', 'true', 'ok', 'on']);
const FALSE = new Set(['', '0', 'n', 'no', 'f', 'false', 'off']);
export const MAX_LENGTH = 2000;

/** InvenTree's `str2bool`: anything outside the "true" spellings is false. */
export function str2bool(text: string): boolean {
  return TRUE.has(text.trim().toLowerCase());
}

/** The stored text as the API answers it: `true`, `30`, or the text itself. */
export function toNative<D extends SettingDefinition>(def: D, text: string): NativeValue<D> {
  if (def.type === 'boolean') return str2bool(text) as NativeValue<D>;
  if (def.type === 'integer') {
    const n = parseIntText(text) ?? parseIntText(def.default) ?? 0;
    return n as NativeValue<D>;
  }
  return text as NativeValue<D>;
}

function parseIntText(text: string): number | null {
  const s = text.trim();
  if (!/^[+-]?\d+$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** Thrown by `cleanValue`; the caller turns it into `{"value": [message]}`. */
export class SettingValueError extends Error {}

/** What a check may need beyond the definition: the resolved choices and related settings' texts. */
export interface CheckContext {
  choices: readonly SettingChoice[];
  peers?: Record<string, string>;
}

/** The other setting a cross-setting validator reads. */
export const PEER_OF: Partial<Record<NonNullable<SettingDefinition['validator']>, string>> = {
  decimal_places_min: 'PRICING_DECIMAL_PLACES',
  decimal_places_max: 'PRICING_DECIMAL_PLACES_MIN',
};

/**
 * A written JSON scalar as text, the way InvenTree's serializer stringifies it: `true` → "True",
 * `30` → "30", `null` → "", strings trimmed. Objects and arrays are refused.
 */
export function inputText(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'boolean') return input ? 'True' : 'False';
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new SettingValueError('A valid number is required.');
    return String(input);
  }
  if (typeof input === 'string') return input.trim();
  throw new SettingValueError('Not a valid string.');
}

/**
 * Checks a written value against its definition and returns the text to store. Booleans become
 * "True"/"False", integers their decimal form; choices, bounds and validators apply.
 */
export function cleanValue(def: SettingDefinition, input: unknown, ctx: CheckContext): string {
  let text = inputText(input);
  if (text.length > MAX_LENGTH)
    throw new SettingValueError(`Ensure this field has no more than ${MAX_LENGTH} characters.`);
  if (def.type === 'boolean') {
    const s = text.toLowerCase();
    if (TRUE.has(s)) text = 'True';
    else if (FALSE.has(s)) text = 'False';
    else throw new SettingValueError('Must be a valid boolean.');
  } else if (def.type === 'integer') {
    const n = parseIntText(text);
    if (n === null) throw new SettingValueError('Must be an integer value');
    if (def.min !== undefined && n < def.min)
      throw new SettingValueError(`Ensure this value is greater than or equal to ${def.min}.`);
    if (def.max !== undefined && n > def.max)
      throw new SettingValueError(`Ensure this value is less than or equal to ${def.max}.`);
    text = String(n);
  }
  if (ctx.choices.length && !ctx.choices.some((c) => c.value === text)) {
    throw new SettingValueError('Chosen value is not a valid option');
  }
  if (def.pattern && !new RegExp(def.pattern.regex).test(text))
    throw new SettingValueError(def.pattern.message);
  if (def.validator) text = VALIDATORS[def.validator](text, ctx.peers ?? {});
  return text;
}

type Validator = (text: string, peers: Record<string, string>) => string;

const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:']);
let currencies: Set<string> | undefined;
/** ISO 4217 codes the runtime knows. */
const knownCurrencies = () => (currencies ??= new Set(Intl.supportedValuesOf('currency')));

/** Fields of InvenTree's Part model that PART_NAME_FORMAT may name. */
const PART_FIELDS = new Set([
  'id',
  'pk',
  'name',
  'IPN',
  'revision',
  'revision_of',
  'description',
  'keywords',
  'category',
  'variant_of',
  'link',
  'units',
  'notes',
  'barcode_data',
  'default_location',
  'default_expiry',
  'minimum_stock',
  'is_template',
  'assembly',
  'component',
  'trackable',
  'testable',
  'purchaseable',
  'salable',
  'virtual',
  'active',
  'locked',
  'creation_date',
  'creation_user',
  'responsible',
]);

/** The replacement-field names of a Python format string (`"PO-{ref:04d}"` → `["ref"]`). */
export function formatFieldNames(pattern: string): string[] {
  const names: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '{') {
      if (pattern[i + 1] === '{') {
        i++;
        continue;
      }
      const end = pattern.indexOf('}', i);
      if (end < 0)
        throw new SettingValueError("Improperly formatted pattern: expected '}' before end of string");
      const field = pattern.slice(i + 1, end);
      if (field.includes('{'))
        throw new SettingValueError("Improperly formatted pattern: unexpected '{' in field name");
      names.push(field.split(/[:!]/)[0]!.split(/[.[]/)[0]!);
      i = end;
    } else if (c === '}') {
      if (pattern[i + 1] !== '}')
        throw new SettingValueError("Improperly formatted pattern: Single '}' encountered in format string");
      i++;
    }
  }
  return names;
}

const VALIDATORS: Record<NonNullable<SettingDefinition['validator']>, Validator> = {
  json(text) {
    try {
      JSON.parse(text);
    } catch {
      throw new SettingValueError('Value must be valid JSON.');
    }
    return text;
  },
  url(text) {
    if (text === '') return text;
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new SettingValueError('Enter a valid URL.');
    }
    if (!URL_SCHEMES.has(url.protocol) || !url.hostname || /\s/.test(text))
      throw new SettingValueError('Enter a valid URL.');
    return text;
  },
  currency_codes(text) {
    const known = knownCurrencies();
    const codes: string[] = [];
    for (const raw of text.split(',')) {
      const code = raw.trim().toUpperCase();
      if (!code) continue;
      if (!known.has(code)) throw new SettingValueError(`Invalid currency code: '${code}'`);
      if (codes.includes(code)) throw new SettingValueError(`Duplicate currency code: '${code}'`);
      codes.push(code);
    }
    if (!codes.length) throw new SettingValueError('No valid currency codes provided');
    return codes.join(',');
  },
  part_name_format(text) {
    for (const block of text.match(/{{.*?}}/g) ?? []) {
      const fields = [...block.matchAll(/part\.([A-Za-z_]+)/g)].map((m) => m[1]!);
      if (!fields.length)
        throw new SettingValueError(
          'At least one field must be present inside a jinja template container i.e {{}}',
        );
      for (const f of fields)
        if (!PART_FIELDS.has(f)) throw new SettingValueError(`${f} does not exist in Part Model`);
    }
    return text;
  },
  reference_pattern(text) {
    const names = formatFieldNames(text);
    for (const n of names)
      if (n !== 'ref' && n !== 'date') throw new SettingValueError(`Unknown format key specified: '${n}'`);
    if (!names.includes('ref')) throw new SettingValueError("Missing required format key: 'ref'");
    return text;
  },
  email_domains(text) {
    if (!text) return text;
    for (const domain of text.split(',')) {
      if (!domain) throw new SettingValueError('An empty domain is not allowed.');
      if (!/^@[a-zA-Z0-9.\-_]+$/.test(domain)) throw new SettingValueError(`Invalid domain name: ${domain}`);
    }
    return text;
  },
  decimal_places_min(text, peers) {
    const max = parseIntText(peers.PRICING_DECIMAL_PLACES ?? '');
    if (max !== null && Number(text) > max)
      throw new SettingValueError('Minimum places cannot be greater than maximum places');
    return text;
  },
  decimal_places_max(text, peers) {
    const min = parseIntText(peers.PRICING_DECIMAL_PLACES_MIN ?? '');
    if (min !== null && Number(text) < min)
      throw new SettingValueError('Maximum places cannot be less than minimum places');
    return text;
  },
};
