/**
 * A small exact decimal, after Python's `decimal.Decimal`: a sign, a string
 * of coefficient digits and a power-of-ten exponent. It does what Django's
 * number filters ask of Decimal (parse, quantize, the `f` and `e` formats)
 * and what Python's float formatting needs (the exact value of a double),
 * on strings and BigInts only, so no rounding ever goes through a float.
 */
import { pyStrip } from './text.js';
import { lazyRegExp } from './lazy-regexp.js';

const decimalDigit = /* @__PURE__ */ lazyRegExp('\\p{Nd}', 'u');

/** Python's `as_tuple()` exponent of a special value: NaN, sNaN, Infinity. */
export type DecimalSpecial = 'n' | 'N' | 'F';

export type Rounding = 'ROUND_HALF_UP' | 'ROUND_HALF_EVEN';

// Python's str.isspace() characters (what Decimal() strips from its input).
const decimalRe = /^([+-])?(?:(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?|(inf|infinity)|(s?nan)(\d*))$/i;

/**
 * Python accepts any Unicode decimal digit where an ASCII digit may stand
 * (`Decimal('١٢')`, `int('１２')`). The digit's value is its place in its
 * run of Nd characters, which Unicode lays out from zero in blocks of ten.
 */
export function asciiDigits(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') { out += ch; continue; }
    if (!decimalDigit().test(ch)) { out += ch; continue; }
    const cp = ch.codePointAt(0)!;
    let start = cp;
    while (start > 0 && decimalDigit().test(String.fromCodePoint(start - 1))) start--;
    out += String((cp - start) % 10);
  }
  return out;
}

export { pyStrip };

function stripZeros(digits: string): string {
  const s = digits.replace(/^0+/, '');
  return s === '' ? '0' : s;
}

/** Add one to a string of decimal digits. */
function increment(digits: string): string {
  const a = digits.split('');
  let i = a.length - 1;
  while (i >= 0 && a[i] === '9') { a[i] = '0'; i--; }
  if (i < 0) return '1' + a.join('');
  a[i] = String(Number(a[i]) + 1);
  return a.join('');
}

export class Decimal {
  /** 1 for negative, as Python's `as_tuple().sign`. */
  readonly sign: 0 | 1;
  /** The coefficient's digits, without leading zeros ("0" for zero; a NaN's payload, maybe ""). */
  readonly digits: string;
  /** The exponent of the last digit (0 for special values). */
  readonly exponent: number;
  readonly special: DecimalSpecial | null;

  constructor(sign: 0 | 1, digits: string, exponent: number, special: DecimalSpecial | null = null) {
    this.sign = sign;
    this.digits = digits;
    this.exponent = exponent;
    this.special = special;
  }

  /**
   * Python's `Decimal(text)`: surrounding whitespace is ignored, underscores
   * anywhere are dropped, any Unicode digit counts. Undefined where Python
   * raises InvalidOperation.
   */
  static parse(text: string): Decimal | undefined {
    const t = asciiDigits(pyStrip(text).replaceAll('_', ''));
    const m = decimalRe.exec(t);
    if (m === null) return undefined;
    const sign = m[1] === '-' ? 1 : 0;
    if (m[5] !== undefined) return new Decimal(sign, '0', 0, 'F');
    if (m[6] !== undefined) {
      const payload = m[7].replace(/^0+/, '');
      return new Decimal(sign, payload, 0, m[6].length === 4 ? 'N' : 'n');
    }
    const intPart = m[2] ?? '';
    const fracPart = m[3] ?? '';
    if (intPart === '' && fracPart === '') return undefined;
    const exp = m[4] === undefined ? 0 : Number(m[4]);
    return new Decimal(sign, stripZeros(intPart + fracPart), exp - fracPart.length);
  }

  isFinite(): boolean {
    return this.special === null;
  }

  isNaN(): boolean {
    return this.special === 'n' || this.special === 'N';
  }

  isZero(): boolean {
    return this.special === null && this.digits === '0';
  }

  /** The exponent of the first digit (Python's `adjusted()`). */
  adjusted(): number {
    return this.exponent + this.digits.length - 1;
  }

  /** |this| compared with |other| (finite values): -1, 0 or 1. */
  compareAbs(other: Decimal): number {
    if (this.isZero() || other.isZero()) {
      return this.isZero() ? (other.isZero() ? 0 : -1) : 1;
    }
    const a = this.adjusted(), b = other.adjusted();
    if (a !== b) return a < b ? -1 : 1;
    const len = Math.max(this.digits.length, other.digits.length);
    const x = this.digits.padEnd(len, '0'), y = other.digits.padEnd(len, '0');
    return x === y ? 0 : x < y ? -1 : 1;
  }

  /** Python's `'{:f}'.format(d)`: every digit, no exponent. */
  formatFixed(): string {
    if (this.special !== null) return this.toString();
    const sign = this.sign ? '-' : '';
    if (this.exponent >= 0) return sign + (this.digits === '0' ? '0' : this.digits + '0'.repeat(this.exponent));
    const point = this.digits.length + this.exponent;
    if (point > 0) return sign + this.digits.slice(0, point) + '.' + this.digits.slice(point);
    return sign + '0.' + '0'.repeat(-point) + this.digits;
  }

  /** Python's `'{:e}'.format(d)`: every digit, one before the point. */
  formatScientific(): string {
    if (this.special !== null) return this.toString();
    const sign = this.sign ? '-' : '';
    const mant = this.digits.length > 1 ? this.digits[0] + '.' + this.digits.slice(1) : this.digits;
    const adj = this.adjusted();
    return `${sign}${mant}e${adj < 0 ? '-' : '+'}${Math.abs(adj)}`;
  }

  /** Python's `str(d)` (the to-scientific-string rule). */
  toString(): string {
    const sign = this.sign ? '-' : '';
    switch (this.special) {
      case 'F': return sign + 'Infinity';
      case 'n': return sign + 'NaN' + this.digits;
      case 'N': return sign + 'sNaN' + this.digits;
    }
    const adj = this.adjusted();
    if (this.exponent <= 0 && adj >= -6) return this.formatFixed();
    const mant = this.digits.length > 1 ? this.digits[0] + '.' + this.digits.slice(1) : this.digits;
    return `${sign}${mant}E${adj < 0 ? '-' : '+'}${Math.abs(adj)}`;
  }
}

/*
 * What Python's Decimal does besides holding and printing a value, as
 * functions rather than methods: a page whose runtime prints numbers but
 * rounds none (numberformat) then does not bundle them.
 */

/** The exact value of a double, as Python's `Decimal(float)`. */
export function decimalFromFloat(x: number): Decimal {
  if (Number.isNaN(x)) return new Decimal(0, '', 0, 'n');
  if (!Number.isFinite(x)) return new Decimal(x < 0 ? 1 : 0, '0', 0, 'F');
  const sign = x < 0 || Object.is(x, -0) ? 1 : 0;
  const a = Math.abs(x);
  if (a === 0) return new Decimal(sign, '0', 0);
  // a = mantissa * 2^e with an integer mantissa of at most 53 bits.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0), lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    mantissa |= 1n << 52n;
    e = biased - 1075;
  }
  while (mantissa % 2n === 0n && e < 0) { mantissa /= 2n; e++; }
  if (e >= 0) return new Decimal(sign, (mantissa << BigInt(e)).toString(), 0);
  // mantissa / 2^k = mantissa * 5^k / 10^k
  return new Decimal(sign, (mantissa * 5n ** BigInt(-e)).toString(), e);
}

/** Python's `int(d)`: truncated toward zero (finite values only). */
export function toBigInt(d: Decimal): bigint {
  let digits: string;
  if (d.exponent >= 0) digits = d.digits + '0'.repeat(d.exponent);
  else digits = d.digits.slice(0, Math.max(0, d.digits.length + d.exponent)) || '0';
  const b = BigInt(digits);
  return d.sign ? -b : b;
}

/** Whether the value has a fractional part (Python's `int(d) - d != 0`). */
export function hasFraction(d: Decimal): boolean {
  if (d.exponent >= 0) return false;
  return /[1-9]/.test(d.digits.slice(Math.max(0, d.digits.length + d.exponent)));
}

/**
 * Python's `quantize(Decimal(1).scaleb(exp), rounding)` with a precision
 * large enough never to fail: the value rounded to a multiple of 10^exp.
 */
export function quantize(d: Decimal, exp: number, rounding: Rounding): Decimal {
  if (d.special !== null) return d;
  if (d.exponent >= exp) {
    return new Decimal(d.sign, stripZeros(d.digits + '0'.repeat(d.exponent - exp)), exp);
  }
  const drop = exp - d.exponent;
  let head: string, rest: string;
  if (drop >= d.digits.length) {
    head = '0';
    rest = d.digits.padStart(drop, '0');
  } else {
    head = d.digits.slice(0, d.digits.length - drop);
    rest = d.digits.slice(d.digits.length - drop);
  }
  let up: boolean;
  if (rounding === 'ROUND_HALF_UP') {
    up = rest[0] >= '5';
  } else {
    const half = '5' + '0'.repeat(rest.length - 1);
    up = rest > half || (rest === half && Number(head[head.length - 1]) % 2 === 1);
  }
  return new Decimal(d.sign, stripZeros(up ? increment(head) : head), exp);
}

/**
 * The value rounded to `n` significant digits (n >= 1), as a coefficient
 * of exactly n digits and the exponent of its first digit; zero gives
 * n zeros and exponent 0. What printf's `e` and `g` start from.
 */
export function significant(d: Decimal, n: number, rounding: Rounding): { digits: string; adjusted: number } {
  if (d.isZero()) return { digits: '0'.repeat(n), adjusted: 0 };
  let adjusted = d.adjusted();
  let q = quantize(d, adjusted - n + 1, rounding);
  if (q.digits.length > n) {
    // 9.99 rounded to 10.0: one digit more, and that digit is a zero.
    adjusted++;
    q = new Decimal(q.sign, q.digits.slice(0, n), q.exponent + 1);
  }
  return { digits: q.digits.padEnd(n, '0'), adjusted };
}
