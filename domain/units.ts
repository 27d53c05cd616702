/**
 * Physical units the way InvenTree handles them (pint with InvenTree's additions, see
 * `InvenTree/conversion.py`): a registry of SI base and derived units, SI and binary prefixes,
 * imperial units, temperature with offsets, dimensionless counts (piece, dozen, percent), plus the
 * site's custom units (`name = definition = symbol`). Pure: no I/O; the server passes custom units in.
 *
 * Expressions follow pint's grammar: numbers, unit names, `*`, `/`, `**`/`^`, `+`/`-`, brackets and
 * implicit multiplication with the same priority as `*` and `/` (so `1/2 inch` is half an inch and
 * `10 m/s` is ten metres per second), `°`, superscript powers, `per`, `square`/`cubic`.
 *
 * Where this differs from pint on purpose: a value with dimensionless units converted into
 * dimensionless template units is converted properly (`50 %` into `%` is 50, `90 deg` into `deg`
 * is 90; InvenTree's `convert_value` first reduces them to base units and gives 0.5 and 1.5708);
 * `pcs` is a piece (pint reads it as parsecs); `Ah` (ampere-hour) exists; the Boltzmann constant `k`,
 * gas constant `R`, elementary charge `e` and other physical constants are not units here.
 */

/** Base dimensions, pint's names without brackets. Mass is in grams, as pint's base unit is the gram. */
export type Dimension =
  | 'length'
  | 'mass'
  | 'time'
  | 'current'
  | 'temperature'
  | 'substance'
  | 'luminosity'
  | 'information';
export type Dims = Partial<Record<Dimension, number>>;

export interface UnitDefinition {
  /** Canonical name, e.g. `meter`. */
  name: string;
  /** Size of one unit in base units (m, g, s, A, K, mol, cd, bit). */
  factor: number;
  dims: Dims;
  /** Added after scaling to reach the base unit (temperatures): K = value × factor + offset. */
  offset: number;
  aliases: string[];
  custom: boolean;
}

/** A custom unit as stored (`custom_units`): `name = definition = symbol`. */
export interface CustomUnitInput {
  name: string;
  definition: string;
  symbol?: string | null;
}

interface Term {
  /** The unit as written (with its prefix), e.g. `uF`. */
  label: string;
  def: UnitDefinition;
  prefix: number;
  exp: number;
}

/** A parsed quantity: a number times a product of (prefixed) units with exponents. */
export interface Quantity {
  magnitude: number;
  terms: readonly Term[];
}

export interface ParsedQuantity {
  /** The number as written, in the units as written. */
  magnitude: number;
  /** The units as written, normalised (`uF`, `m / s`, `kg * m ** 2`); `''` for a plain number. */
  units: string;
  dims: Dims;
  /** True when the units cancel to no dimension (plain numbers, percent, dozen, angles...). */
  dimensionless: boolean;
  /** The value in base units (pint's `to_base_units()`: m, g, s, A, K...). */
  baseMagnitude: number;
}

const PREFIXES: [string, number][] = [
  // Longest first, so `da` wins over `d`.
  ['yocto', 1e-24],
  ['zepto', 1e-21],
  ['atto', 1e-18],
  ['femto', 1e-15],
  ['pico', 1e-12],
  ['nano', 1e-9],
  ['micro', 1e-6],
  ['milli', 1e-3],
  ['centi', 1e-2],
  ['deci', 1e-1],
  ['deca', 1e1],
  ['deka', 1e1],
  ['hecto', 1e2],
  ['kilo', 1e3],
  ['mega', 1e6],
  ['giga', 1e9],
  ['tera', 1e12],
  ['peta', 1e15],
  ['exa', 1e18],
  ['zetta', 1e21],
  ['yotta', 1e24],
  ['kibi', 2 ** 10],
  ['mebi', 2 ** 20],
  ['gibi', 2 ** 30],
  ['tebi', 2 ** 40],
  ['da', 1e1],
  ['Ki', 2 ** 10],
  ['Mi', 2 ** 20],
  ['Gi', 2 ** 30],
  ['Ti', 2 ** 40],
  ['y', 1e-24],
  ['z', 1e-21],
  ['a', 1e-18],
  ['f', 1e-15],
  ['p', 1e-12],
  ['n', 1e-9],
  ['µ', 1e-6],
  ['μ', 1e-6],
  ['u', 1e-6],
  ['m', 1e-3],
  ['c', 1e-2],
  ['d', 1e-1],
  ['h', 1e2],
  ['k', 1e3],
  ['M', 1e6],
  ['G', 1e9],
  ['T', 1e12],
  ['P', 1e15],
  ['E', 1e18],
  ['Z', 1e21],
  ['Y', 1e24],
];

/**
 * The built-in units, in definition order: `[name, definition, aliases]`. A definition is a base
 * dimension (`[length]`), an expression over earlier units, or a number (dimensionless).
 */
const BUILTIN: [string, string, string[]][] = [
  ['meter', '[length]', ['m', 'metre']],
  ['gram', '[mass]', ['g']],
  ['second', '[time]', ['s', 'sec']],
  ['ampere', '[current]', ['A', 'amp']],
  ['kelvin', '[temperature]', ['K', 'degK', 'degreeK', 'degree_Kelvin']],
  ['mole', '[substance]', ['mol']],
  ['candela', '[luminosity]', ['cd']],
  ['bit', '[information]', []],
  ['radian', '1', ['rad']],
  ['steradian', 'radian ** 2', ['sr']],
  ['byte', '8 * bit', ['B', 'octet']],
  // time
  ['minute', '60 * second', ['min']],
  ['hour', '60 * minute', ['h', 'hr']],
  ['day', '24 * hour', ['d']],
  ['week', '7 * day', []],
  ['year', '365.25 * day', ['a', 'yr']],
  ['month', 'year / 12', []],
  // SI derived
  ['hertz', '1 / second', ['Hz']],
  ['newton', 'kilogram * meter / second ** 2', ['N']],
  ['pascal', 'newton / meter ** 2', ['Pa']],
  ['joule', 'newton * meter', ['J']],
  ['watt', 'joule / second', ['W']],
  ['coulomb', 'ampere * second', ['C']],
  ['volt', 'watt / ampere', ['V']],
  ['ohm', 'volt / ampere', ['Ω']],
  ['siemens', 'ampere / volt', ['S', 'mho']],
  ['farad', 'coulomb / volt', ['F']],
  ['weber', 'volt * second', ['Wb']],
  ['henry', 'weber / ampere', ['H']],
  ['tesla', 'weber / meter ** 2', ['T']],
  ['gauss', '1e-4 * tesla', ['Gs']],
  ['lumen', 'candela * steradian', ['lm']],
  ['lux', 'lumen / meter ** 2', ['lx']],
  ['becquerel', '1 / second', ['Bq']],
  ['gray', 'joule / kilogram', ['Gy']],
  ['sievert', 'joule / kilogram', ['Sv']],
  ['katal', 'mole / second', ['kat']],
  // energy, power, charge
  ['watt_hour', 'watt * hour', ['Wh']],
  ['volt_ampere', 'volt * ampere', ['VA']],
  ['ampere_hour', 'ampere * hour', ['Ah']],
  ['electron_volt', '1.602176634e-19 * joule', ['eV']],
  ['calorie', '4.184 * joule', ['cal']],
  ['horsepower', '745.69987158227022 * watt', ['hp']],
  // pressure
  ['bar', '1e5 * pascal', []],
  ['atmosphere', '101325 * pascal', ['atm']],
  ['torr', 'atmosphere / 760', []],
  // volume, area
  ['liter', '1e-3 * meter ** 3', ['L', 'l', 'litre']],
  ['cubic_centimeter', 'centimeter ** 3', ['cc']],
  ['are', '100 * meter ** 2', []],
  ['hectare', '100 * are', ['ha']],
  // imperial / US
  ['inch', '2.54 * centimeter', ['in', 'inches', 'international_inch']],
  ['thou', '1e-3 * inch', ['mil', 'th']],
  ['foot', '12 * inch', ['ft', 'feet']],
  ['yard', '3 * foot', ['yd']],
  ['mile', '1760 * yard', ['mi']],
  ['nautical_mile', '1852 * meter', ['nmi']],
  ['mile_per_hour', 'mile / hour', ['mph']],
  ['angstrom', '1e-10 * meter', ['Å']],
  ['pound', '0.45359237 * kilogram', ['lb']],
  ['ounce', 'pound / 16', ['oz']],
  ['stone', '14 * pound', ['st']],
  ['tonne', '1000 * kilogram', ['t', 'metric_ton']],
  ['pound_force', '4.4482216152605 * newton', ['lbf']],
  ['kilogram_force', '9.80665 * newton', ['kgf']],
  ['psi', 'pound_force / inch ** 2', []],
  ['gallon', '231 * inch ** 3', ['gal']],
  ['quart', 'gallon / 4', ['qt']],
  ['pint', 'gallon / 8', ['pt']],
  ['cup', 'gallon / 16', []],
  ['fluid_ounce', 'gallon / 128', ['floz']],
  // angles
  ['degree', '3.141592653589793 / 180 * radian', ['deg', 'arcdeg']],
  ['arcminute', 'degree / 60', ['arcmin']],
  ['arcsecond', 'arcminute / 60', ['arcsec']],
  ['revolution', '2 * 3.141592653589793 * radian', ['rev', 'turn']],
  ['revolutions_per_minute', 'revolution / minute', ['rpm']],
  // counts and ratios (InvenTree adds piece, each, dozen, hundred, thousand)
  ['percent', '0.01', ['%']],
  ['permille', '0.001', ['‰']],
  ['ppm', '1e-6', []],
  ['ppb', '1e-9', []],
  ['piece', '1', ['pcs']],
  ['each', '1', ['ea']],
  ['dozen', '12', ['dz']],
  ['hundred', '100', []],
  ['thousand', '1000', []],
];

/** Temperatures with an offset to kelvin (pint with `autoconvert_offset_to_baseunit`). */
const OFFSET_UNITS: [string, number, number, string[]][] = [
  ['degree_Celsius', 1, 273.15, ['degC', 'celsius', 'degreeC', 'Celsius']],
  ['degree_Fahrenheit', 5 / 9, 273.15 - (32 * 5) / 9, ['degF', 'fahrenheit', 'degreeF', 'Fahrenheit']],
];

export class UnitError extends Error {}

type Token = { t: 'num'; v: number } | { t: 'name'; v: string } | { t: 'op'; v: string };

const SUPERSCRIPTS: Record<string, string> = {
  '⁰': '0',
  '¹': '1',
  '²': '2',
  '³': '3',
  '⁴': '4',
  '⁵': '5',
  '⁶': '6',
  '⁷': '7',
  '⁸': '8',
  '⁹': '9',
  '⁻': '-',
};

/** pint's string preprocessor, for the forms people type. */
function preprocess(text: string): string {
  return text
    .replace(/\u2126/g, 'Ω')
    .replace(/[·⋅×]/g, '*')
    .replace(/°/g, 'degree')
    .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (m) => `**${[...m].map((c) => SUPERSCRIPTS[c]).join('')}`)
    .replace(/\bper\b/g, '/')
    .replace(/\b(?:square|sq)\s+([A-Za-z_µμ]\w*)/g, '$1**2')
    .replace(/\bcubic\s+([A-Za-z_µμ]\w*)/g, '$1**3')
    .replace(/([A-Za-z_µμ]\w*)\s+squared\b/g, '$1**2')
    .replace(/([A-Za-z_µμ]\w*)\s+cubed\b/g, '$1**3');
}

const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^(?:%|‰|[A-Za-zµμΩÅ_][A-Za-zµμΩÅ_0-9]*)/;

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let s = preprocess(input);
  while (s.length) {
    const ws = /^\s+/.exec(s);
    if (ws) {
      s = s.slice(ws[0].length);
      continue;
    }
    const num = NUMBER.exec(s);
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      s = s.slice(num[0].length);
      continue;
    }
    const name = NAME.exec(s);
    if (name) {
      out.push({ t: 'name', v: name[0] });
      s = s.slice(name[0].length);
      continue;
    }
    const op = /^(?:\*\*|\*|\/|\^|\+|-|\(|\))/.exec(s);
    if (!op) throw new UnitError(`Unexpected character "${s[0]}"`);
    out.push({ t: 'op', v: op[0] === '^' ? '**' : op[0] });
    s = s.slice(op[0].length);
  }
  return out;
}

function addDims(a: Dims, b: Dims, times = 1): Dims {
  const out: Dims = { ...a };
  for (const [k, v] of Object.entries(b) as [Dimension, number][]) {
    const n = (out[k] ?? 0) + v * times;
    if (Math.abs(n) < 1e-12) delete out[k];
    else out[k] = n;
  }
  return out;
}

export function sameDims(a: Dims, b: Dims): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<Dimension>;
  for (const k of keys) if (Math.abs((a[k] ?? 0) - (b[k] ?? 0)) > 1e-12) return false;
  return true;
}

const isDimensionless = (d: Dims) => Object.keys(d).length === 0;

function dimsOf(q: Quantity): Dims {
  let d: Dims = {};
  for (const t of q.terms) d = addDims(d, t.def.dims, t.exp);
  return d;
}

/** Size of the units of `q` (without its magnitude) in base units, offsets ignored. */
function unitFactor(q: Quantity): number {
  let f = 1;
  for (const t of q.terms) f *= (t.def.factor * t.prefix) ** t.exp;
  return f;
}

/** The single offset unit (`25 degC`) whose offset applies; products and powers use deltas. */
function offsetTerm(q: Quantity): Term | null {
  const [only] = q.terms;
  return q.terms.length === 1 && only!.exp === 1 && only!.def.offset !== 0 ? only! : null;
}

function toBase(q: Quantity): number {
  const off = offsetTerm(q);
  return q.magnitude * unitFactor(q) + (off ? off.def.offset : 0);
}

/** Rounds away binary noise (`4.7 * 1e-6`) at 15 significant digits. */
function tidy(n: number): number {
  return Number.isFinite(n) && n !== 0 ? Number(n.toPrecision(15)) : n;
}

function mergeTerms(a: readonly Term[], b: readonly Term[], sign: number): Term[] {
  const out = a.map((t) => ({ ...t }));
  for (const t of b) {
    const same = out.find((o) => o.label === t.label);
    if (same) same.exp += sign * t.exp;
    else out.push({ ...t, exp: sign * t.exp });
  }
  return out.filter((t) => t.exp !== 0);
}

function formatUnits(terms: readonly Term[]): string {
  const pos = terms.filter((t) => t.exp > 0);
  const neg = terms.filter((t) => t.exp < 0);
  const fmt = (t: Term, e: number) => (e === 1 ? t.label : `${t.label} ** ${e}`);
  const num = pos.map((t) => fmt(t, t.exp)).join(' * ');
  const den = neg.map((t) => fmt(t, -t.exp)).join(' / ');
  if (!den) return num;
  return `${num || '1'} / ${den}`;
}

export class UnitRegistry {
  private readonly names = new Map<string, UnitDefinition>();
  readonly definitions: UnitDefinition[] = [];

  /** Defines a unit from an expression over known units (or a base dimension like `[length]`). */
  define(name: string, definition: string, aliases: string[] = [], custom = false): UnitDefinition {
    let factor = 1;
    let dims: Dims = {};
    const base = /^\[(\w+)\]$/.exec(definition.trim());
    if (base) {
      dims = { [base[1] as Dimension]: 1 };
    } else {
      const q = this.parse(definition);
      if (offsetTerm(q)) throw new UnitError('Offset units cannot define other units');
      factor = q.magnitude * unitFactor(q);
      dims = dimsOf(q);
      if (!Number.isFinite(factor) || factor === 0) throw new UnitError(`Invalid definition: ${definition}`);
    }
    return this.add({ name, factor, dims, offset: 0, aliases, custom });
  }

  private add(def: UnitDefinition): UnitDefinition {
    for (const n of [def.name, ...def.aliases]) {
      if (this.names.has(n)) throw new UnitError(`Unit "${n}" is already defined`);
    }
    for (const n of [def.name, ...def.aliases]) this.names.set(n, def);
    this.definitions.push(def);
    return def;
  }

  defineOffset(name: string, factor: number, offset: number, aliases: string[]): void {
    this.add({ name, factor, dims: { temperature: 1 }, offset, aliases, custom: false });
  }

  /** Resolves a unit token: an exact name, a prefix plus a name, or either with a plural `s`. */
  lookup(token: string): { def: UnitDefinition; prefix: number } | null {
    const exact = this.names.get(token);
    if (exact) return { def: exact, prefix: 1 };
    const prefixed = (name: string) => {
      for (const [p, f] of PREFIXES) {
        if (name.length > p.length && name.startsWith(p)) {
          const def = this.names.get(name.slice(p.length));
          if (def && def.offset === 0) return { def, prefix: f };
        }
      }
      return null;
    };
    const hit = prefixed(token);
    if (hit) return hit;
    if (token.length > 2 && token.endsWith('s')) {
      const singular = token.slice(0, -1);
      const s = this.names.get(singular);
      if (s) return { def: s, prefix: 1 };
      return prefixed(singular);
    }
    return null;
  }

  /** True when `name` (with any prefix or plural) is a unit of this registry. */
  has(name: string): boolean {
    return this.lookup(name) !== null;
  }

  /** Parses an expression into a quantity; throws `UnitError` on anything it cannot read. */
  parse(text: string): Quantity {
    const tokens = tokenize(text);
    if (!tokens.length) throw new UnitError('No value provided');
    let i = 0;
    const peek = () => tokens[i];
    const isOp = (v: string) => {
      const t = tokens[i];
      return t?.t === 'op' && t.v === v;
    };
    const plain = (n: number): Quantity => ({ magnitude: n, terms: [] });

    const mul = (a: Quantity, b: Quantity, sign: 1 | -1): Quantity => ({
      magnitude: sign === 1 ? a.magnitude * b.magnitude : a.magnitude / b.magnitude,
      terms: mergeTerms(a.terms, b.terms, sign),
    });
    const add = (a: Quantity, b: Quantity, sign: 1 | -1): Quantity => {
      if (!a.terms.length && !b.terms.length) return plain(a.magnitude + sign * b.magnitude);
      if (!sameDims(dimsOf(a), dimsOf(b)))
        throw new UnitError('Cannot add quantities of different dimensions');
      const bInA = (b.magnitude * unitFactor(b)) / unitFactor(a);
      return { magnitude: a.magnitude + sign * bInA, terms: a.terms };
    };

    const atom = (): Quantity => {
      const t = peek();
      if (!t) throw new UnitError('Unexpected end of expression');
      i++;
      if (t.t === 'num') return plain(t.v);
      if (t.t === 'name') {
        const hit = this.lookup(t.v);
        if (!hit) throw new UnitError(`'${t.v}' is not defined in the unit registry`);
        return { magnitude: 1, terms: [{ label: t.v, def: hit.def, prefix: hit.prefix, exp: 1 }] };
      }
      if (t.v === '(') {
        const inner = expr();
        if (!isOp(')')) throw new UnitError('Missing closing bracket');
        i++;
        return inner;
      }
      throw new UnitError(`Unexpected "${t.v}"`);
    };
    const power = (): Quantity => {
      const base = atom();
      if (!isOp('**')) return base;
      i++;
      const e = unary();
      if (e.terms.length) throw new UnitError('Exponents must be plain numbers');
      return {
        magnitude: base.magnitude ** e.magnitude,
        terms: base.terms.map((t) => ({ ...t, exp: t.exp * e.magnitude })).filter((t) => t.exp !== 0),
      };
    };
    const unary = (): Quantity => {
      if (isOp('-') || isOp('+')) {
        const neg = isOp('-');
        i++;
        const q = unary();
        return neg ? { ...q, magnitude: -q.magnitude } : q;
      }
      return power();
    };
    const startsAtom = () => {
      const t = peek();
      return !!t && (t.t !== 'op' || t.v === '(');
    };
    const term = (): Quantity => {
      let q = unary();
      for (;;) {
        if (isOp('*') || isOp('/')) {
          const sign = isOp('*') ? 1 : -1;
          i++;
          q = mul(q, unary(), sign);
        } else if (startsAtom()) {
          // Implicit multiplication: same priority as `*` and `/`, left to right (pint).
          q = mul(q, unary(), 1);
        } else return q;
      }
    };
    const expr = (): Quantity => {
      let q = term();
      while (isOp('+') || isOp('-')) {
        const sign = isOp('+') ? 1 : -1;
        i++;
        q = add(q, term(), sign);
      }
      return q;
    };

    const q = expr();
    if (i < tokens.length) throw new UnitError(`Unexpected "${String(tokens[i]!.v)}"`);
    if (!Number.isFinite(q.magnitude)) throw new UnitError('Invalid quantity provided');
    return q;
  }

  /** Describes a quantity (see `ParsedQuantity`); null when the text does not parse. */
  describe(text: string): ParsedQuantity | null {
    let q: Quantity;
    try {
      q = this.parse(text);
    } catch {
      return null;
    }
    const dims = dimsOf(q);
    return {
      magnitude: q.magnitude,
      units: formatUnits(q.terms),
      dims,
      dimensionless: isDimensionless(dims),
      baseMagnitude: tidy(toBase(q)),
    };
  }

  /** Converts a parsed quantity into `units` (already known to parse); null when incompatible. */
  convertQuantity(q: Quantity, target: Quantity | null): number | null {
    // A plain number carries no units: it is taken as already in the target units.
    if (!q.terms.length) return q.magnitude;
    if (!target?.terms.length) return tidy(toBase(q) / (target?.magnitude ?? 1));
    const from = dimsOf(q);
    const to = dimsOf(target);
    // InvenTree's `convert_value`: a dimensionless value (a dozen, 50 %) is its base magnitude in the target units.
    if (isDimensionless(from) && !isDimensionless(to)) return tidy(toBase(q));
    if (!sameDims(from, to)) return null;
    const off = offsetTerm(target);
    if (off) return tidy((toBase(q) - off.def.offset) / (off.def.factor * off.prefix) / target.magnitude);
    if (!offsetTerm(q)) return tidy(q.magnitude * (unitFactor(q) / (unitFactor(target) * target.magnitude)));
    return tidy(toBase(q) / (unitFactor(target) * target.magnitude));
  }

  /**
   * InvenTree's `convert_physical_value`: tries the value as written, in engineering notation
   * (`4k7` → `4.7k`), then with the target units appended (`10k` + `ohm` → `10kohm`); the first
   * that converts wins. Feet and inches may be written `6'` and `12"`.
   */
  convert(value: string, units: string): { ok: true; value: number } | { ok: false; error: string } {
    const unit = String(units ?? '').trim();
    let target: Quantity | null = null;
    if (unit) {
      try {
        target = this.parse(unit);
      } catch {
        return { ok: false, error: `Invalid unit provided: (${unit})` };
      }
    }
    const original = String(value ?? '').trim();
    let v = original;
    if ((v.match(/'/g) ?? []).length === 1 && v.endsWith("'")) v = v.replace("'", ' feet');
    if ((v.match(/"/g) ?? []).length === 1 && v.endsWith('"')) v = v.replace('"', ' inches');
    if (!v) return { ok: false, error: 'No value provided' };
    const eng = fromEngineeringNotation(v);
    const attempts = [v, eng];
    if (unit) attempts.push(`${v}${unit}`, `${eng}${unit}`);
    for (const attempt of attempts) {
      let q: Quantity;
      try {
        q = this.parse(attempt);
      } catch {
        continue;
      }
      const out = this.convertQuantity(q, target);
      if (out !== null && Number.isFinite(out)) return { ok: true, value: out };
    }
    return {
      ok: false,
      error: unit ? `Could not convert ${original} to ${unit}` : 'Invalid quantity provided',
    };
  }

  /** Unit names grouped the way `/api/units/all/` lists them. */
  describeAll(): { name: string; is_alias: boolean; compatible_units: string[]; isdimensionless: boolean }[] {
    const out = [];
    for (const [name, def] of this.names) {
      const compatible = this.definitions
        .filter((d) => d !== def && d.offset === 0 && sameDims(d.dims, def.dims))
        .map((d) => d.name);
      out.push({
        name,
        is_alias: name !== def.name,
        compatible_units: compatible,
        isdimensionless: isDimensionless(def.dims),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A copy with more (custom) units; invalid definitions are skipped, as InvenTree logs and skips them. */
  extend(custom: readonly CustomUnitInput[]): UnitRegistry {
    const r = new UnitRegistry();
    for (const [n, d] of this.names) r.names.set(n, d);
    r.definitions.push(...this.definitions);
    for (const cu of custom) {
      try {
        r.defineCustom(cu);
      } catch {
        // A broken custom unit must not take the whole registry down (InvenTree logs and goes on).
      }
    }
    return r;
  }

  defineCustom(cu: CustomUnitInput): UnitDefinition {
    const symbol = cu.symbol?.trim();
    return this.define(cu.name.trim(), cu.definition, symbol ? [symbol] : [], true);
  }
}

/** `1K2` → `1.2K`, `4k7 ohm` → `4.7k ohm`, `3n05` → `3.05n` (InvenTree's `from_engineering_notation`). */
export function fromEngineeringNotation(value: string): string {
  const v = String(value).trim();
  const m = /^(\d+)([a-zA-Z]+)(\d+)(.*)$/s.exec(v);
  return m ? `${m[1]}.${m[3]}${m[2]}${m[4]}` : v;
}

function buildDefault(): UnitRegistry {
  const r = new UnitRegistry();
  // `kilogram` is needed by definitions before prefixes can be used in them: prefixes resolve at lookup.
  for (const [name, def, aliases] of BUILTIN) {
    r.define(name, def, aliases);
    if (name === 'kelvin') for (const [n, f, o, a] of OFFSET_UNITS) r.defineOffset(n, f, o, a);
  }
  return r;
}

/** The built-in registry (no custom units). */
export const defaultUnitRegistry: UnitRegistry = buildDefault();

const customCache = new Map<string, UnitRegistry>();

/** The built-in registry plus these custom units; memoised on their definitions. */
export function unitRegistryWith(custom: readonly CustomUnitInput[]): UnitRegistry {
  if (!custom.length) return defaultUnitRegistry;
  const key = JSON.stringify(custom.map((c) => [c.name, c.definition, c.symbol ?? '']));
  let r = customCache.get(key);
  if (!r) {
    r = defaultUnitRegistry.extend(custom);
    if (customCache.size > 20) customCache.clear();
    customCache.set(key, r);
  }
  return r;
}

/** InvenTree's `validate_physical_units`: blank, or an expression of known units. */
export function isValidUnit(units: string, registry: UnitRegistry = defaultUnitRegistry): boolean {
  const u = String(units ?? '').trim();
  if (!u) return true;
  try {
    return registry.parse(u).terms.length > 0;
  } catch {
    return false;
  }
}

/**
 * `value` in `units`, or null when it does not convert. Plain numbers are taken as already in
 * `units`; with blank `units` the value is returned in base units (m, g, s, A, K...).
 */
export function convertToUnits(
  value: string,
  units: string,
  registry: UnitRegistry = defaultUnitRegistry,
): number | null {
  const r = registry.convert(value, units);
  return r.ok ? r.value : null;
}

/** Parses `"4.7 uF"`, `"1/2 inch"`, `"3.3V"`... without converting; null when it does not parse. */
export function parseQuantity(
  value: string,
  registry: UnitRegistry = defaultUnitRegistry,
): ParsedQuantity | null {
  return registry.describe(value);
}

/** The dimensions of a unit expression (`{length: 1, time: -1}` for `m/s`); null when invalid. */
export function dimensionsOf(units: string, registry: UnitRegistry = defaultUnitRegistry): Dims | null {
  const q = registry.describe(units);
  return q ? q.dims : null;
}

/** True when values in `a` can be converted into `b`. */
export function areCompatible(a: string, b: string, registry: UnitRegistry = defaultUnitRegistry): boolean {
  const da = dimensionsOf(a, registry);
  const db = dimensionsOf(b, registry);
  return !!da && !!db && sameDims(da, db);
}

/**
 * Python's `float()` on a string, as InvenTree uses for parameters whose template has no units:
 * decimal or exponent notation with surrounding spaces; infinities and NaN give null.
 */
export function plainNumber(value: string): number | null {
  const s = String(value ?? '').trim();
  if (!/^[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s.replace(/_/g, ''));
  return Number.isFinite(n) ? n : null;
}
