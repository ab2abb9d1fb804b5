/**
 * Django's django/utils/numberformat.py `format()`, and the part of
 * django/utils/formats.py `number_format()` that picks the separators:
 * en-us when localized (Django's LANGUAGE_CODE here), the settings'
 * defaults when not.
 */
import { pyError } from '../errors.js';
import { SafeString } from '../runtime/safestring.js';
import { isPyInt, pyFloatRepr, pyStr } from '../runtime/pyrepr.js';
import { Decimal } from './decimal.js';

/** What `format()` accepts: an int, a float, a Decimal or numeric text. */
export type FormatNumber = number | bigint | Decimal | string | SafeString | null | undefined;

export interface NumberFormats {
  decimalSeparator: string;
  thousandSeparator: string;
  /** Digits per group, or Python locale-style group sizes (e.g. [3, 2, 0]). */
  numberGrouping: number | readonly number[];
}

/** en's formats (django/conf/locale/en/formats.py). */
export const EN_FORMATS: NumberFormats = Object.freeze({ decimalSeparator: '.', thousandSeparator: ',', numberGrouping: 3 });

/** Django's global settings defaults, used when `use_l10n` is false. */
export const SETTINGS_FORMATS: NumberFormats = Object.freeze({ decimalSeparator: '.', thousandSeparator: ',', numberGrouping: 0 });

/**
 * Django's `numberformat.format(number, decimal_sep, decimal_pos, grouping,
 * thousand_sep, force_grouping, use_l10n)`. `useThousandSeparator` is the
 * USE_THOUSAND_SEPARATOR setting (Django's default, false).
 */
export function format(
  number: FormatNumber,
  decimalSep: string,
  decimalPos: number | null = null,
  grouping: number | readonly number[] = 0,
  thousandSep = '',
  forceGrouping = false,
  useL10n: boolean | null = null,
  useThousandSeparator = false,
): string {
  if (number === null || number === undefined) return 'None';
  if (number instanceof SafeString) number = number.value;
  if (number === '') return '';
  if (useL10n === null) useL10n = true;
  const useGrouping = ((useL10n && useThousandSeparator) || forceGrouping) && grouping !== 0;
  const isInt = typeof number === 'bigint' || (typeof number === 'number' && isPyInt(number));
  // The common case, fast: Django returns the int as it is.
  if (isInt && !useGrouping && !decimalPos) return pyStr(number);
  let sign = '';
  let dec: Decimal | undefined;
  // Very large and very small floats are treated as Decimals, so that they
  // are written out in full rather than with an exponent.
  if (typeof number === 'number' && !isInt && pyFloatRepr(number).toLowerCase().includes('e')) {
    dec = Decimal.parse(pyFloatRepr(number));
  }
  if (number instanceof Decimal) dec = number;
  let strNumber: string;
  if (dec !== undefined) {
    if (decimalPos !== null) {
      // A number too small to show in the visible decimal places is zero.
      if (dec.isNaN()) throw pyError('InvalidOperation', "[<class 'decimal.InvalidOperation'>]");
      const cutoff = Decimal.parse('0.' + '1'.padStart(decimalPos, '0'))!;
      if (dec.isFinite() && dec.compareAbs(cutoff) < 0) dec = new Decimal(0, '0', 0);
    }
    if (!dec.isFinite()) return dec.toString();
    // More than 200 digits (Django's cut-off): scientific notation, to keep
    // the work bounded.
    if (Math.abs(dec.exponent) + dec.digits.length > 200) {
      const sci = dec.formatScientific();
      const e = sci.indexOf('e');
      const coefficient = format(sci.slice(0, e), decimalSep, decimalPos, grouping, thousandSep, forceGrouping, useL10n, useThousandSeparator);
      return `${coefficient}e${sci.slice(e + 1)}`;
    }
    strNumber = dec.formatFixed();
  } else {
    strNumber = pyStr(number);
  }
  if (strNumber[0] === '-') {
    sign = '-';
    strNumber = strNumber.slice(1);
  }
  let intPart: string, decPart: string;
  const point = strNumber.indexOf('.');
  if (point >= 0) {
    intPart = strNumber.slice(0, point);
    decPart = strNumber.slice(point + 1);
    if (decPart.includes('.')) throw pyError('ValueError', 'too many values to unpack (expected 2)');
    if (decimalPos !== null) decPart = decPart.slice(0, decimalPos);
  } else {
    intPart = strNumber;
    decPart = '';
  }
  if (decimalPos !== null) decPart += '0'.repeat(Math.max(0, decimalPos - decPart.length));
  if (decPart) decPart = decimalSep + decPart;
  if (useGrouping) intPart = group(intPart, grouping, thousandSep);
  return sign + intPart + decPart;
}

function group(intPart: string, grouping: number | readonly number[], thousandSep: string): string {
  const intervals = typeof grouping === 'number' ? [grouping, 0] : [...grouping];
  let active = intervals.shift() ?? 0;
  const reversedSep = Array.from(thousandSep).reverse().join('');
  const out: string[] = [];
  let cnt = 0;
  for (const digit of Array.from(intPart).reverse()) {
    if (cnt && cnt === active) {
      if (intervals.length) active = intervals.shift() || active;
      out.push(reversedSep);
      cnt = 0;
    }
    out.push(digit);
    cnt++;
  }
  return Array.from(out.join('')).reverse().join('');
}

/**
 * Django's `formats.number_format(value, decimal_pos, use_l10n,
 * force_grouping)` for the en-us locale.
 */
export function numberFormat(
  value: FormatNumber,
  decimalPos: number | null = null,
  useL10n: boolean | null = null,
  forceGrouping = false,
  formats: NumberFormats = (useL10n ?? true) ? EN_FORMATS : SETTINGS_FORMATS,
): string {
  return format(value, formats.decimalSeparator, decimalPos, formats.numberGrouping, formats.thousandSeparator, forceGrouping, useL10n ?? true);
}
