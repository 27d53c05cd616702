import { describe, expect, it } from 'vitest';
import { parseSerials, SerialError, serialToInt } from './stock';

describe('serial-number grammar', () => {
  it('expands single values, lists, ranges and counts', () => {
    expect(parseSerials('5', 1, 1)).toEqual(['5']);
    expect(parseSerials('1,3,5', 3, 1)).toEqual(['1', '3', '5']);
    expect(parseSerials('10-13', 4, 1)).toEqual(['10', '11', '12', '13']);
    expect(parseSerials('10+3', 4, 1)).toEqual(['10', '11', '12', '13']);
    expect(parseSerials('1,3-5,9+2', 7, 1)).toEqual(['1', '3', '4', '5', '9', '10', '11']);
    expect(parseSerials('1 2\t3', 3, 1)).toEqual(['1', '2', '3']);
  });

  it('uses the next free serial for ~ and fills "as many as needed"', () => {
    expect(parseSerials('~', 1, 42)).toEqual(['42']);
    expect(parseSerials('~+2', 3, 7)).toEqual(['7', '8', '9']);
    expect(parseSerials('4+', 3, 1)).toEqual(['4', '5', '6']);
    expect(parseSerials('1,4+', 3, 1)).toEqual(['1', '4', '5']);
  });

  it('keeps non-numeric serials and refuses bad input with InvenTree wording', () => {
    expect(parseSerials('AB-1x', 1, 1)).toEqual(['AB-1x']);
    expect(() => parseSerials('1,2', 3, 1)).toThrow(
      'Number of unique serial numbers (2) must match quantity (3)',
    );
    expect(() => parseSerials('5-3', 3, 1)).toThrow(SerialError);
    expect(() => parseSerials('1,1', 2, 1)).toThrow('Duplicate serial: 1');
    expect(() => parseSerials('', 1, 1)).toThrow('Empty serial number string');
  });

  it('derives the integer used for sorting', () => {
    expect(serialToInt('123')).toBe(123);
    expect(serialToInt('SN-0042')).toBe(42);
    expect(serialToInt('abc')).toBe(0);
    expect(serialToInt('99999999999')).toBe(0x7fffffff);
  });
});
