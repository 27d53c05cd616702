import { z } from 'zod';

/**
 * Zod with DRF's wording, and field builders that behave like InvenTree's serializer fields:
 * strings are trimmed, stripped of control characters and refuse HTML; booleans and numbers also
 * arrive as strings from query strings and multipart forms.
 */
z.config({
  customError: (iss) => {
    if (iss.code === 'invalid_type') {
      if (iss.input === undefined) return 'This field is required.';
      if (iss.input === null) return 'This field may not be null.';
      switch (iss.expected) {
        case 'number':
        case 'int':
        case 'bigint':
          return 'A valid number is required.';
        case 'boolean':
          return 'Must be a valid boolean.';
        case 'string':
          return 'Not a valid string.';
        case 'array':
          return `Expected a list of items but got type "${typeof iss.input}".`;
        case 'object':
          return 'Invalid data. Expected a dictionary.';
        default:
          return 'Invalid value.';
      }
    }
    if (iss.code === 'too_big') {
      if (iss.origin === 'string') return `Ensure this field has no more than ${iss.maximum} characters.`;
      if (iss.origin === 'array') return `Ensure this field has no more than ${iss.maximum} elements.`;
      return `Ensure this value is less than or equal to ${iss.maximum}.`;
    }
    if (iss.code === 'too_small') {
      if (iss.origin === 'string')
        return iss.minimum === 1
          ? 'This field may not be blank.'
          : `Ensure this field has at least ${iss.minimum} characters.`;
      if (iss.origin === 'array') return 'This list may not be empty.';
      return `Ensure this value is greater than or equal to ${iss.minimum}.`;
    }
    if (iss.code === 'invalid_value') return `"${String(iss.input)}" is not a valid choice.`;
    if (iss.code === 'invalid_format') {
      if (iss.format === 'email') return 'Enter a valid email address.';
      if (iss.format === 'url') return 'Enter a valid URL.';
      if (iss.format === 'date')
        return 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.';
      return 'Invalid value.';
    }
    return undefined;
  },
});

export { z };

export interface FieldMeta {
  /** OPTIONS `label`. */
  title?: string;
  /** OPTIONS `help_text`. */
  description?: string;
  /** OPTIONS `read_only` in a response schema. */
  readOnly?: boolean;
  /** Related field: lowercase model name and list URL (OPTIONS `model`, `api_url`). */
  model?: string;
  api_url?: string;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const NEWLINES = /[\r\n\t]/g;
const HTML_TAG = /<\/?[a-zA-Z][^>]*>/;

/** Cleans a string the way InvenTree's `clean_string` does; multiline keeps newlines (markdown notes). */
export function cleanString(value: string, multiline = false): string {
  let s = value.replace(CONTROL, '');
  if (!multiline) s = s.replace(NEWLINES, '');
  return s.trim();
}

const noHtml = (s: string) => !HTML_TAG.test(s);

/** A sanitised string field: trimmed, control characters removed, HTML refused. */
export function text(max: number, opts: { blank?: boolean; multiline?: boolean } = {}) {
  let inner = z.string().max(max);
  if (opts.blank === false) inner = inner.min(1);
  return z.preprocess(
    (v) => (typeof v === 'string' ? cleanString(v, opts.multiline) : v),
    inner.refine(noHtml, 'Remove HTML tags from this value'),
  );
}

const TRUE = new Set(['true', '1', 'yes', 'y', 't', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', 'off']);

/** Boolean that also accepts DRF's string spellings ("true", "1", "on", ...). */
export function bool() {
  return z.preprocess((v) => {
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
    }
    if (v === 1) return true;
    if (v === 0) return false;
    return v;
  }, z.boolean());
}

/** Integer that also accepts numeric strings. */
export function int() {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int(),
  );
}

/** Primary key of a related row (OPTIONS type `related field`). */
export function relatedId(meta: { model: string; api_url: string; title?: string; description?: string }) {
  return int().meta(meta);
}

/** A decimal (quantity, money) kept as a string: numbers and numeric strings in, never a float. */
export function decimalString() {
  return z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v),
    z.string().regex(/^-?\d{1,13}(\.\d{1,6})?$/, 'A valid number is required.'),
  );
}

/** ISO date `YYYY-MM-DD`. */
export function isoDate() {
  return z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.');
}

/** Optional query flag: absent stays undefined, unrecognised values are ignored (as InvenTree). */
export function queryFlag() {
  return z
    .string()
    .optional()
    .transform((v) => {
      if (v === undefined) return undefined;
      const s = v.trim().toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      return undefined;
    });
}
