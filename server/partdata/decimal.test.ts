import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalField, decimalOut, plainDecimal, roundDecimal, wholeDigits } from './decimal';

describe('decimal strings', () => {
  it('reads numbers and numeric strings, exponents included, as plain decimals', () => {
    expect(plainDecimal(10)).toBe('10');
    expect(plainDecimal('  2.50 ')).toBe('2.5');
    expect(plainDecimal('007.100')).toBe('7.1');
    expect(plainDecimal('.5')).toBe('0.5');
    expect(plainDecimal('1e3')).toBe('1000');
    expect(plainDecimal('1.5E-3')).toBe('0.0015');
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal('-0')).toBe('0');
    expect(plainDecimal('-3.25')).toBe('-3.25');
    for (const bad of [
      '',
      'abc',
      '1,5',
      '1.2.3',
      'NaN',
      Number.NaN,
      Number.POSITIVE_INFINITY,
      null,
      {},
      true,
    ])
      expect(plainDecimal(bad), String(bad)).toBeNull();
  });

  it('rounds half away from zero to the column scale', () => {
    expect(roundDecimal('1.123455', 5)).toBe('1.12346');
    expect(roundDecimal('1.123454', 5)).toBe('1.12345');
    expect(roundDecimal('9.9999999', 6)).toBe('10');
    expect(roundDecimal('-0.0000005', 6)).toBe('-0.000001');
    expect(roundDecimal('0.0000004', 6)).toBe('0');
    expect(roundDecimal('12.5', 0)).toBe('13');
    expect(roundDecimal('3.1', 5)).toBe('3.1');
  });

  it('compares without floats and counts whole digits', () => {
    expect(compareDecimal('1', '1.00000')).toBe(0);
    expect(compareDecimal('0.99999', '1')).toBe(-1);
    expect(compareDecimal('12345678901234567890.1', '12345678901234567890')).toBe(1);
    expect(compareDecimal('-2', '-10')).toBe(1);
    expect(compareDecimal('-1', '0')).toBe(-1);
    expect(wholeDigits('0.5')).toBe(0);
    expect(wholeDigits('-123.4')).toBe(3);
  });

  it('sends decimal columns as JSON numbers', () => {
    expect(decimalOut('10.00000')).toBe(10);
    expect(decimalOut('0.125000')).toBe(0.125);
    expect(decimalOut(null)).toBeNull();
  });

  it('validates like InvenTreeDecimalField + the model validators', () => {
    const q = decimalField({ maxDigits: 15, places: 5, min: '1', invalid: 'Invalid value' });
    expect(q.parse('2.000004')).toBe('2');
    expect(q.parse(5)).toBe('5');
    const err = (v: unknown) => q.safeParse(v).error?.issues[0]?.message;
    expect(err('x')).toBe('Invalid value');
    expect(err('0.5')).toBe('Ensure this value is greater than or equal to 1.');
    expect(err('12345678901')).toBe('Ensure that there are no more than 15 digits in total.');
    expect(err(null)).toBe('This field may not be null.');
    expect(err(undefined)).toBe('This field is required.');
    const money = decimalField({
      maxDigits: 19,
      places: 6,
      min: '0',
      invalid: 'Must be a valid number',
      blankIsNull: true,
    });
    expect(money.parse('')).toBeNull();
    expect(money.parse('1.2345678')).toBe('1.234568');
    expect(money.safeParse('-1').error?.issues[0]?.message).toBe(
      'Ensure this value is greater than or equal to 0.',
    );
  });
});
