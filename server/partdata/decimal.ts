import { z } from '@/lib/zod';

/**
 * Decimal input as InvenTree's serializers read it, kept as a string end to end (never a float):
 * numbers or numeric strings (also `1e3`), rounded half away from zero to the column's places
 * (PostgreSQL's rounding), checked against the column's digits; JSON numbers only on the way out.
 */
const NUMERIC = /^([+-])?(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?$/;

/** `value` as a plain decimal string (`-12.5`, `0.001`), or null when it is not a finite number. */
export function plainDecimal(value: unknown): string | null {
  let raw: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    raw = String(value);
  } else if (typeof value === 'string') raw = value.trim();
  else return null;
  const m = NUMERIC.exec(raw);
  if (!m) return null;
  const negative = m[1] === '-';
  const [intPart = '', fracPart = ''] = m[2]!.split('.');
  let digits = intPart + fracPart;
  let point = intPart.length + Number(m[3] ?? 0);
  if (Math.abs(point) > 1000) return null;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const int = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

/** Rounds a plain decimal string to `places` decimals, half away from zero (as PostgreSQL does). */
export function roundDecimal(plain: string, places: number): string {
  const negative = plain.startsWith('-');
  const [int = '0', frac = ''] = (negative ? plain.slice(1) : plain).split('.');
  if (frac.length <= places) return plain;
  const kept = int + frac.slice(0, places);
  let carry = Number(frac[places]) >= 5;
  const out = kept.split('');
  for (let i = out.length - 1; carry && i >= 0; i--) {
    const d = Number(out[i]) + 1;
    out[i] = String(d % 10);
    carry = d === 10;
  }
  let digits = (carry ? '1' : '') + out.join('');
  const intLen = digits.length - places;
  digits = `${digits.slice(0, intLen) || '0'}${places ? `.${digits.slice(intLen)}` : ''}`;
  return plainDecimal(negative ? `-${digits}` : digits)!;
}

/** Digits before the decimal point (no leading zeros: `0.5` has none). */
export function wholeDigits(plain: string): number {
  const int = plain.replace(/^-/, '').split('.')[0]!;
  return int === '0' ? 0 : int.length;
}

/** Compares two plain decimal strings numerically (-1, 0, 1) without going through floats. */
export function compareDecimal(a: string, b: string): number {
  const neg = (s: string) => s.startsWith('-');
  if (neg(a) !== neg(b)) return neg(a) ? -1 : 1;
  const sign = neg(a) ? -1 : 1;
  const [ai = '0', af = ''] = a.replace(/^-/, '').split('.');
  const [bi = '0', bf = ''] = b.replace(/^-/, '').split('.');
  if (ai.length !== bi.length) return sign * (ai.length > bi.length ? 1 : -1);
  const len = Math.max(af.length, bf.length);
  const x = ai + af.padEnd(len, '0');
  const y = bi + bf.padEnd(len, '0');
  return x === y ? 0 : sign * (x > y ? 1 : -1);
}

/** A decimal column value (`"10.00000"`) as the JSON number InvenTree sends; null stays null. */
export function decimalOut(value: string | null): number | null {
  return value === null ? null : Number(value);
}

interface DecimalFieldOptions {
  /** Column precision and scale, e.g. 15 and 5 for quantities. */
  maxDigits: number;
  places: number;
  /** Inclusive minimum, as a decimal string. */
  min?: string;
  /** The message for input that is not a number. */
  invalid: string;
  /** `""` means null (money fields); otherwise it is invalid. */
  blankIsNull?: boolean;
}

/**
 * A zod field for a decimal input that yields a normalised decimal string (or null where allowed):
 * required unless wrapped in `.optional()`, `null` refused unless wrapped in `.nullable()`.
 */
export function decimalField(opts: DecimalFieldOptions) {
  return z.unknown().transform((v, ctx): string | null => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (v === undefined) return fail('This field is required.');
    if (v === null) return fail('This field may not be null.');
    if (opts.blankIsNull && typeof v === 'string' && v.trim() === '') return null;
    const plain = plainDecimal(v);
    if (plain === null) return fail(opts.invalid);
    const rounded = roundDecimal(plain, opts.places);
    if (wholeDigits(rounded) > opts.maxDigits - opts.places)
      return fail(`Ensure that there are no more than ${opts.maxDigits} digits in total.`);
    if (opts.min !== undefined && compareDecimal(rounded, opts.min) < 0)
      return fail(`Ensure this value is greater than or equal to ${opts.min}.`);
    return rounded;
  });
}
