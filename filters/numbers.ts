/** Filters on numbers: add, divisibleby, floatformat, filesizeformat, get_digit, stringformat. */
import type { FilterRegistrar, FilterSettings } from './index.js';
import type { Library } from '../src/library.js';
import { pyError, raised, valueLimit } from '../src/errors.js';
import { avoidWrapping } from '../src/runtime/escape.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { asText } from '../src/runtime/pyops.js';
import { DictView, PyTuple, isPyInt, pyFloatRepr, pyStr } from '../src/runtime/pyrepr.js';
import { Decimal, decimalFromFloat, hasFraction, quantize, toBigInt } from '../src/utils/decimal.js';
import { numberFormat } from '../src/i18n/l10n.js';
import { translationOf } from '../src/i18n/l10n.js';
import type { RenderLocale } from '../src/runtime/context.js';
import { percentFormat } from '../src/utils/pyformat.js';
import { isPyNumber, pyFloatOf, pyIntOf, pyIntValue } from '../src/utils/pyconvert.js';
import { toText } from './stringfilter.js';

/** Python's `a + b` for the types a template can hold; TypeError otherwise. */
function pyAdd(a: unknown, b: unknown): unknown {
  if (isPyNumber(a) && isPyNumber(b)) {
    const isFloat = (v: unknown) => typeof v === 'number' && !isPyInt(v);
    if (isFloat(a) || isFloat(b)) return pyFloatOf(a) + pyFloatOf(b);
    return pyIntValue(pyIntOf(a) + pyIntOf(b));
  }
  const ta = asText(a), tb = asText(b);
  if (ta !== undefined && tb !== undefined) {
    // SafeString + SafeString stays safe; any plain str makes a plain str.
    return a instanceof SafeString && b instanceof SafeString ? new SafeString(ta + tb) : ta + tb;
  }
  if (a instanceof PyTuple && b instanceof PyTuple) return PyTuple.fromItems([...a, ...b]);
  if (Array.isArray(a) && Array.isArray(b) && !(a instanceof PyTuple) && !(b instanceof PyTuple)
      && !(a instanceof DictView) && !(b instanceof DictView)) {
    return [...a, ...b];
  }
  throw pyError('TypeError', 'unsupported operand type(s) for +');
}

/** Add the arg to the value: as ints when both convert, else Python's `+`; "" when that fails. */
export function add(value: unknown, arg: unknown): unknown {
  try {
    return pyIntValue(pyIntOf(value) + pyIntOf(arg));
  } catch (e) {
    if (!raised(e, 'ValueError', 'TypeError')) throw e;
  }
  try {
    return pyAdd(value, arg);
  } catch {
    return '';
  }
}

/** True if the value is divisible by the argument (Python's int() errors escape, as in Django). */
export function divisibleby(value: unknown, arg: unknown): boolean {
  const v = pyIntOf(value), a = pyIntOf(arg);
  if (a === 0n) throw pyError('ZeroDivisionError', 'integer modulo by zero');
  return v % a === 0n;
}

/**
 * Django's floatformat: the value as a Decimal (through its text, so a
 * float rounds as its repr reads), quantized ROUND_HALF_UP to |arg|
 * places; a negative arg drops a zero fraction. `g` groups thousands, `u`
 * does not localize. Under `maxOutputSize`, places past it are refused
 * before the digits are built.
 */
export function floatformat(text: unknown, arg: unknown = -1, _autoescape?: unknown, locale?: RenderLocale, maxOutputSize = Infinity): unknown {
  if (typeof text === 'number' && typeof arg === 'number') {
    const fast = floatformatPlaces(text, arg);
    if (fast !== undefined) {
      // Django's number_format without grouping only changes the decimal
      // point; with USE_THOUSAND_SEPARATOR the general path groups.
      const t = translationOf(locale);
      if (t === undefined || t.isBuiltinEnglish) {
        if (!locale?.i18n?.useThousandSeparator) return markSafe(fast);
      } else if (!locale!.i18n!.useThousandSeparator) {
        const sep = t.numberFormats().decimalSeparator;
        return markSafe(sep === '.' ? fast : fast.replace('.', sep));
      }
    }
  }
  let forceGrouping = false;
  let useL10n = true;
  const argText = asText(arg);
  if (argText !== undefined) {
    if (argText.length === 0) throw pyError('IndexError', 'string index out of range');
    const last2 = argText.slice(-2);
    if (last2 === 'gu' || last2 === 'ug') {
      forceGrouping = true;
      useL10n = false;
      arg = argText.slice(0, -2) || -1;
    } else if (argText.endsWith('g')) {
      forceGrouping = true;
      arg = argText.slice(0, -1) || -1;
    } else if (argText.endsWith('u')) {
      useL10n = false;
      arg = argText.slice(0, -1) || -1;
    }
  }
  const inputVal = toText(text);
  let d = Decimal.parse(inputVal);
  if (d === undefined) {
    let f: number;
    try {
      f = pyFloatOf(text);
    } catch (e) {
      if (raised(e, 'ValueError', 'TypeError')) return '';
      throw e;
    }
    d = Decimal.parse(pyFloatRepr(f))!;
  }
  let p: number;
  try {
    p = Number(pyIntOf(arg));
  } catch (e) {
    if (raised(e, 'ValueError')) return inputVal;
    throw e;
  }
  // NaN and infinity (and more than 200 digits, Django's guard against
  // huge work) come back as they were given.
  if (!d.isFinite()) return inputVal;
  if (d.digits.length + Math.abs(d.exponent) > 200) return inputVal;

  const fractional = hasFraction(d);
  if (!fractional && p <= 0) {
    return markSafe(numberFormat(toBigInt(d).toString(), locale, 0, useL10n, forceGrouping));
  }
  const places = Math.abs(p);
  // Django's Decimal(1).scaleb(-abs(p)): the default decimal context
  // (Emax 999999, prec 28) refuses a scale past 2 * (Emax + prec).
  if (places > 2 * (999_999 + 28)) throw pyError('InvalidOperation', "[<class 'decimal.InvalidOperation'>]");
  if (places > maxOutputSize) throw valueLimit(maxOutputSize);
  const rounded = quantize(d, -places, 'ROUND_HALF_UP');
  const digits = rounded.digits.padStart(places + 1, '0');
  const point = digits.length - places;
  const sign = rounded.sign && !rounded.isZero() ? '-' : '';
  const number = sign + digits.slice(0, point) + '.' + digits.slice(point);
  return markSafe(numberFormat(number, locale, places, useL10n, forceGrouping));
}

/**
 * The common case of floatformat, without the general decimal machinery: a
 * number of moderate size to a positive number of places. Between 1e-4 and
 * 1e16 JavaScript writes a number with the same shortest digits as Python's
 * repr() and without an exponent, so the digits can be rounded half up as
 * text, exactly as Django's Decimal does.
 */
function floatformatPlaces(x: number, places: number): string | undefined {
  const ax = Math.abs(x);
  if (!Number.isInteger(places) || places < 1 || places > 20 || !(ax < 1e16) || (ax < 1e-4 && ax !== 0)) return undefined;
  const text = String(ax);
  const dot = text.indexOf('.');
  let intPart = dot < 0 ? text : text.slice(0, dot);
  let frac = dot < 0 ? '' : text.slice(dot + 1);
  if (frac.length <= places) {
    frac = frac.padEnd(places, '0');
  } else {
    const roundUp = frac.charCodeAt(places) >= 53; // '5'
    frac = frac.slice(0, places);
    if (roundUp) {
      const digits = (intPart + frac).split('');
      let i = digits.length - 1;
      while (i >= 0 && digits[i] === '9') digits[i--] = '0';
      if (i < 0) digits.unshift('1');
      else digits[i] = String.fromCharCode(digits[i].charCodeAt(0) + 1);
      const all = digits.join('');
      intPart = all.slice(0, all.length - places);
      frac = all.slice(all.length - places);
    }
  }
  // Django drops the sign of a value that rounds to zero.
  const sign = x < 0 && /[1-9]/.test(intPart + frac) ? '-' : '';
  return `${sign}${intPart}.${frac}`;
}

/** Python's `int / int`: the correctly rounded quotient of n by 2^bits. */
function divideByPowerOfTwo(n: bigint, bits: number): number {
  let x = Number(n);
  if (!Number.isFinite(x)) {
    // Too large for a double before dividing: divide first, keeping an odd
    // last bit so that the remainder still breaks rounding ties.
    const q = n >> BigInt(bits);
    const rest = n - (q << BigInt(bits));
    x = Number(rest === 0n ? q * 2n : q * 2n + 1n) / 2;
    if (!Number.isFinite(x)) throw pyError('OverflowError', 'integer division result too large for a float');
    return x;
  }
  return x / 2 ** bits;
}

/** Python's `round(x, 1)`: half to even on the double's exact value. */
function round1(x: number): number {
  return Number(quantize(decimalFromFloat(x), -1, 'ROUND_HALF_EVEN').formatFixed());
}

/** ngettext("%(size)d byte", "%(size)d bytes", n) % {"size": n} in the render's language. */
function bytesText(n: bigint, locale: RenderLocale | undefined): string {
  const t = translationOf(locale);
  if (t === undefined || t.isBuiltinEnglish) return `${n} ${n === 1n ? 'byte' : 'bytes'}`;
  // ngettext's n is an int; past 2^53 its plural form is that of the double.
  return t.ngettext('%(size)d byte', '%(size)d bytes', Number(n)).replace(/%(?:\(size\))?d|%%/g, (m) => (m === '%%' ? '%' : String(n)));
}

/** A human-readable file size (13 KB, 4.1 MB, 102 bytes), with non-breaking spaces, in the render's language. */
export function filesizeformat(bytes: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): string {
  let n: bigint;
  try {
    n = pyIntOf(bytes);
  } catch (e) {
    if (raised(e, 'TypeError', 'ValueError')) return avoidWrapping(bytesText(0n, locale));
    throw e;
  }
  const negative = n < 0n;
  if (negative) n = -n;
  const units: [number, string][] = [[10, '%s KB'], [20, '%s MB'], [30, '%s GB'], [40, '%s TB'], [50, '%s PB']];
  let value: string;
  if (n < 1n << 10n) {
    value = bytesText(n, locale);
  } else {
    let i = 0;
    while (i < units.length - 1 && n >= 1n << BigInt(units[i + 1][0])) i++;
    const [bits, msgid] = units[i];
    const t = translationOf(locale);
    const unit = t === undefined || t.isBuiltinEnglish ? msgid : t.gettext(msgid);
    const number = numberFormat(round1(divideByPowerOfTwo(n, bits)), locale, 1);
    value = unit.replace(/%[s%]/g, (m) => (m === '%%' ? '%' : number));
  }
  if (negative) value = '-' + value;
  return avoidWrapping(value);
}

/**
 * The digit `arg` places from the right of a whole number (1 is the last);
 * the value itself for an invalid argument, 0 past the first digit.
 */
export function getDigit(value: unknown, arg: unknown): unknown {
  let a: bigint, v: bigint;
  try {
    a = pyIntOf(arg);
    v = pyIntOf(value);
  } catch (e) {
    if (raised(e, 'ValueError')) return value;
    throw e;
  }
  if (a < 1n) return pyIntValue(v);
  const s = v.toString();
  if (a > BigInt(s.length)) return 0;
  // str(-123)[-4] is '-': int('-') raises ValueError, which Django lets escape.
  return pyIntValue(pyIntOf(s[s.length - Number(a)]));
}

/** Python's `("%" + arg) % value`; "" where that raises ValueError or TypeError. */
export function stringformat(value: unknown, arg: unknown): string {
  return stringformatWithin(value, arg, Infinity);
}

/** stringformat under `maxOutputSize`: a width or precision past it is refused before the padding is built. */
function stringformatWithin(value: unknown, arg: unknown, maxOutputSize: number): string {
  if (value instanceof PyTuple) value = pyStr(value);
  try {
    return percentFormat('%' + pyStr(arg), value, maxOutputSize);
  } catch (e) {
    if (raised(e, 'ValueError', 'TypeError')) return '';
    throw e;
  }
}

// One registrar a filter: a precompiled module imports only those its templates use.
export const filterAdd: FilterRegistrar = (lib) => lib.filter('add', add, { isSafe: false, arg: 'required' });
export const filterDivisibleby: FilterRegistrar = (lib) => lib.filter('divisibleby', divisibleby, { isSafe: false, arg: 'required' });
export const filterFloatformat: FilterRegistrar = (lib, { maxOutputSize: max }) => lib.filter('floatformat', max === undefined || !Number.isFinite(max)
  ? floatformat
  : (text: unknown, arg?: unknown, autoescape?: unknown, locale?: RenderLocale) => floatformat(text, arg, autoescape, locale, max), { isSafe: true, arg: 'optional', needsLocale: true });
export const filterFilesizeformat: FilterRegistrar = (lib) => lib.filter('filesizeformat', filesizeformat, { isSafe: true, arg: 'none', needsLocale: true });
export const filterGetDigit: FilterRegistrar = (lib) => lib.filter('get_digit', getDigit, { isSafe: false, arg: 'required' });
export const filterStringformat: FilterRegistrar = (lib, { maxOutputSize: max }) => lib.filter('stringformat', max === undefined || !Number.isFinite(max)
  ? stringformat
  : (value: unknown, arg: unknown) => stringformatWithin(value, arg, max), { isSafe: true, arg: 'required' });

export function registerNumbersFilters(lib: Library, settings: FilterSettings = {}): void {
  for (const register of [filterAdd, filterDivisibleby, filterFloatformat, filterFilesizeformat, filterGetDigit, filterStringformat]) register(lib, settings);
}
