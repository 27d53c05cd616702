import { describe, expect, it } from 'vitest';
import { generateTestKey } from './test-key';

describe('generateTestKey (InvenTree.helpers.generateTestKey)', () => {
  it('trims, lower-cases, drops spaces and non-identifier characters', () => {
    expect(generateTestKey('  Firmware Version ')).toBe('firmwareversion');
    expect(generateTestKey('Check: voltage (5V)!')).toBe('checkvoltage5v');
    expect(generateTestKey('snake_case-test')).toBe('snake_casetest');
    expect(generateTestKey('Prüfung Ä')).toBe('prüfungä');
    expect(generateTestKey('Tab\there')).toBe('tabhere');
  });

  it('prefixes a key that starts with a digit', () => {
    expect(generateTestKey('3.3V rail')).toBe('_33vrail');
    expect(generateTestKey('10 minute burn-in')).toBe('_10minuteburnin');
    expect(generateTestKey('_private')).toBe('_private');
  });

  it('is empty when nothing usable is left', () => {
    expect(generateTestKey('  !!! ')).toBe('');
    expect(generateTestKey('')).toBe('');
    expect(generateTestKey(null)).toBe('');
  });
});
