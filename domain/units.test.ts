import { describe, expect, it } from 'vitest';
import {
  areCompatible,
  convertToUnits,
  defaultUnitRegistry,
  dimensionsOf,
  fromEngineeringNotation,
  isValidUnit,
  parseQuantity,
  plainNumber,
  unitRegistryWith,
} from './units';

describe('isValidUnit (InvenTree validate_physical_units)', () => {
  it.each([
    '',
    'm',
    'mm',
    'µm',
    'um',
    'km',
    'g',
    'kg',
    'mg',
    's',
    'ms',
    'A',
    'mA',
    'V',
    'mV',
    'kV',
    'W',
    'mW',
    'kW',
    'Ω',
    'ohm',
    'kΩ',
    'kohm',
    'MΩ',
    'Mohm',
    'F',
    'µF',
    'uF',
    'nF',
    'pF',
    'H',
    'mH',
    'µH',
    'Hz',
    'kHz',
    'MHz',
    'GHz',
    '°C',
    'degC',
    'degF',
    'K',
    'L',
    'l',
    'mL',
    'ml',
    'Pa',
    'kPa',
    'bar',
    'N',
    'J',
    'Wh',
    'kWh',
    'inch',
    'in',
    'ft',
    'feet',
    'lb',
    'lbs',
    'oz',
    'percent',
    '%',
    'm/s',
    'kg*m^2',
    'N m',
    'piece',
    'pcs',
    'each',
    'dozen',
    'meters',
    'ohms',
    'mAh',
    'rpm',
    'm²',
  ])('accepts %j', (u) => {
    expect(isValidUnit(u)).toBe(true);
  });

  it.each(['xyz', 'k', 'Ohm', 'meterz', '10', 'm/', '(m', 'm**', '5 apples'])('refuses %j', (u) => {
    expect(isValidUnit(u)).toBe(false);
  });
});

describe('convertToUnits (InvenTree convert_physical_value)', () => {
  it.each([
    ['10k', 'ohm', 10000],
    ['4k7', 'ohm', 4700],
    ['4.7 uF', 'F', 4.7e-6],
    ['4.7 uF', 'uF', 4.7],
    ['4.7µF', 'nF', 4700],
    ['4.7 u', 'F', 4.7e-6],
    ['100n', 'F', 1e-7],
    ['1/2 inch', 'mm', 12.7],
    ['1/2 inch', 'in', 0.5],
    ['3.3V', 'V', 3.3],
    ['3.3V', 'mV', 3300],
    ['100 mA', 'A', 0.1],
    ['2.2 kΩ', 'ohm', 2200],
    ['1 MΩ', 'kohm', 1000],
    ['10', 'mm', 10],
    ['10', '%', 10],
    ['  12.5  ', 'V', 12.5],
    ['1 km', 'm', 1000],
    ['250 mg', 'g', 0.25],
    ['1 kg', 'lb', 2.20462262185],
    ['16 oz', 'lb', 1],
    ['1 lb', 'g', 453.59237],
    ['2 ft', 'inch', 24],
    ["6'", 'in', 72],
    ['12"', 'ft', 1],
    ['1 mL', 'L', 0.001],
    ['1.5 l', 'ml', 1500],
    ['1 kWh', 'J', 3.6e6],
    ['1 kWh', 'Wh', 1000],
    ['1 bar', 'kPa', 100],
    ['1 GHz', 'MHz', 1000],
    ['50 Hz', 'kHz', 0.05],
    ['10 m/s', 'km/h', 36],
    ['25 degC', 'K', 298.15],
    ['25 °C', 'degF', 77],
    ['77 degF', 'degC', 25],
    ['-40 degC', 'degF', -40],
    ['300 K', 'degC', 26.85],
    ['10 mH', 'µH', 10000],
    ['5 N', 'kg*m/s^2', 5],
    ['3 ft + 6 in', 'in', 42],
    ['1 m²', 'cm^2', 10000],
    ['2 dozen', 'piece', 24],
    ['50%', '%', 50],
    ['50 percent', '%', 50],
    ['1 dozen', 'm', 12],
    ['1e3 m', 'km', 1],
    ['1.5E-3 A', 'mA', 1.5],
    ['100 mAh', 'Ah', 0.1],
  ] as const)('%j in %j is %d', (value, units, expected) => {
    const got = convertToUnits(value, units);
    expect(got).not.toBeNull();
    expect(got!).toBeCloseTo(expected, 9);
  });

  it('returns base units (m, g, s, K) when no target units are given, like pint to_base_units', () => {
    expect(convertToUnits('5 mm', '')).toBeCloseTo(0.005, 12);
    expect(convertToUnits('1 kg', '')).toBe(1000);
    expect(convertToUnits('2 min', '')).toBe(120);
    expect(convertToUnits('50%', '')).toBe(0.5);
    expect(convertToUnits('12', '')).toBe(12);
  });

  it.each([
    ['abc', 'ohm'],
    ['5 V', 'A'],
    ['10 m', 'kg'],
    ['', 'm'],
    ['10', 'bogus'],
    ['1K2', 'ohm'],
    // As in InvenTree: `10k` + `kohm` is `10kkohm`, which is no unit.
    ['10k', 'kohm'],
    ['3 apples', ''],
    ['1/0', 'm'],
  ])('cannot convert %j into %j', (value, units) => {
    expect(convertToUnits(value, units)).toBeNull();
  });

  it('explains failures the way InvenTree does', () => {
    expect(defaultUnitRegistry.convert('abc', 'ohm')).toEqual({
      ok: false,
      error: 'Could not convert abc to ohm',
    });
    expect(defaultUnitRegistry.convert('', 'ohm')).toEqual({ ok: false, error: 'No value provided' });
    expect(defaultUnitRegistry.convert('1', 'bogus')).toEqual({
      ok: false,
      error: 'Invalid unit provided: (bogus)',
    });
    expect(defaultUnitRegistry.convert('abc', '')).toEqual({ ok: false, error: 'Invalid quantity provided' });
  });
});

describe('parseQuantity', () => {
  it('keeps the number and units as written and gives dimensions and base value', () => {
    expect(parseQuantity('4.7 uF')).toMatchObject({ magnitude: 4.7, units: 'uF', dimensionless: false });
    expect(parseQuantity('3.3V')).toMatchObject({ magnitude: 3.3, units: 'V' });
    expect(parseQuantity('1/2 inch')).toMatchObject({ magnitude: 0.5, units: 'inch', dims: { length: 1 } });
    expect(parseQuantity('1/2 inch')!.baseMagnitude).toBeCloseTo(0.0127, 12);
    expect(parseQuantity('10 m/s')).toMatchObject({
      magnitude: 10,
      units: 'm / s',
      dims: { length: 1, time: -1 },
    });
    expect(parseQuantity('kg*m/s^2')).toMatchObject({ magnitude: 1, units: 'kg * m / s ** 2' });
    expect(parseQuantity('12')).toMatchObject({
      magnitude: 12,
      units: '',
      dimensionless: true,
      baseMagnitude: 12,
    });
    expect(parseQuantity('3 dozen')).toMatchObject({ dimensionless: true, baseMagnitude: 36 });
    expect(parseQuantity('2 * (3 + 4) m')).toMatchObject({ magnitude: 14, units: 'm' });
    expect(parseQuantity('-5 degC')).toMatchObject({ magnitude: -5, baseMagnitude: 268.15 });
  });

  it('reads implicit multiplication with the priority of * and / (pint)', () => {
    // 1/2 inch is half an inch, and 10 m / 2 s is (10 m / 2) s.
    expect(parseQuantity('1/2 inch')!.dims).toEqual({ length: 1 });
    expect(parseQuantity('10 m / 2 s')).toMatchObject({ magnitude: 5, units: 'm * s' });
  });

  it('returns null for what it cannot read', () => {
    for (const bad of ['', 'm m m +', '3 bananas', '2 ** m', '((1)', '1,5 m', '4 m + 2 s'])
      expect(parseQuantity(bad)).toBeNull();
  });
});

describe('dimensions', () => {
  it('checks compatibility', () => {
    expect(areCompatible('mm', 'inch')).toBe(true);
    expect(areCompatible('ohm', 'V/A')).toBe(true);
    expect(areCompatible('W', 'J/s')).toBe(true);
    expect(areCompatible('Wh', 'J')).toBe(true);
    expect(areCompatible('degC', 'K')).toBe(true);
    expect(areCompatible('m', 's')).toBe(false);
    expect(areCompatible('F', 'H')).toBe(false);
    expect(areCompatible('%', 'dozen')).toBe(true);
    expect(dimensionsOf('N')).toEqual({ mass: 1, length: 1, time: -2 });
    expect(dimensionsOf('nope')).toBeNull();
  });
});

describe('engineering notation and plain numbers', () => {
  it('moves the decimal point like InvenTree', () => {
    expect(fromEngineeringNotation('1K2')).toBe('1.2K');
    expect(fromEngineeringNotation('3n05')).toBe('3.05n');
    expect(fromEngineeringNotation('10n005F')).toBe('10.005nF');
    expect(fromEngineeringNotation('4k7 ohm')).toBe('4.7k ohm');
    expect(fromEngineeringNotation('100')).toBe('100');
  });

  it('parses plain numbers like Python float()', () => {
    expect(plainNumber(' 12.5 ')).toBe(12.5);
    expect(plainNumber('-3e2')).toBe(-300);
    expect(plainNumber('.5')).toBe(0.5);
    expect(plainNumber('1_000')).toBe(1000);
    for (const bad of ['10k', 'abc', '', 'inf', 'nan', '1e999', '1.2.3']) expect(plainNumber(bad)).toBeNull();
  });
});

describe('custom units', () => {
  const reg = unitRegistryWith([
    { name: 'fathom', definition: '6 ft', symbol: 'ftm' },
    { name: 'kilothing', definition: '1000 * g' },
    { name: 'reel', definition: '5000 * piece' },
  ]);

  it('adds custom units with their symbol and prefixes to the registry', () => {
    expect(isValidUnit('fathom', reg)).toBe(true);
    expect(isValidUnit('ftm', reg)).toBe(true);
    expect(isValidUnit('fathom', defaultUnitRegistry)).toBe(false);
    expect(convertToUnits('2 fathom', 'ft', reg)).toBeCloseTo(12, 9);
    expect(convertToUnits('1 ftm', 'm', reg)).toBeCloseTo(1.8288, 9);
    expect(convertToUnits('1 kfathom', 'fathom', reg)).toBeCloseTo(1000, 9);
    expect(convertToUnits('3 kilothing', 'kg', reg)).toBeCloseTo(3, 9);
    expect(convertToUnits('2 reel', 'piece', reg)).toBe(10000);
  });

  it('skips broken definitions instead of failing the registry, and memoises', () => {
    const r = unitRegistryWith([
      { name: 'broken', definition: '3 * nothing' },
      { name: 'meter', definition: '2 m' },
      { name: 'good', definition: '2 m' },
    ]);
    expect(isValidUnit('broken', r)).toBe(false);
    expect(convertToUnits('1 good', 'm', r)).toBe(2);
    expect(convertToUnits('1 meter', 'm', r)).toBe(1);
    expect(unitRegistryWith([{ name: 'good', definition: '2 m' }])).toBe(
      unitRegistryWith([{ name: 'good', definition: '2 m' }]),
    );
  });
});

describe('/api/units/all/ data', () => {
  it('lists names, aliases and compatible units', () => {
    const all = defaultUnitRegistry.describeAll();
    const meter = all.find((u) => u.name === 'meter')!;
    expect(meter).toMatchObject({ is_alias: false, isdimensionless: false });
    expect(meter.compatible_units).toContain('inch');
    expect(all.find((u) => u.name === 'm')!.is_alias).toBe(true);
    expect(all.find((u) => u.name === 'percent')!.isdimensionless).toBe(true);
  });
});
