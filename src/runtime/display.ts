/**
 * Django's render_value_in_context: how `{{ value }}` turns a value into
 * output text (localized, then escaped when autoescaping is on).
 */
import { SafeString } from './safestring.js';
import { escapeHtml } from './escape.js';
import { isPyInt, pyFloatRepr, pyStr, shortestDigits } from './pyrepr.js';
import { format } from '../utils/dateformat.js';
import { EN_US, getFormat, type DateLocale } from '../utils/dates.js';
import type { Context, RenderLocale } from './context.js';

/**
 * Django's `localize()` of a number with the default (en-us, no thousand
 * separator) formats: an int as it is; a float as `str()` gives it, except
 * that a float Python would print with an exponent is written out in full
 * (numberformat goes through Decimal), up to 200 digits.
 */
export function localizeNumber(n: number): string {
  if (isPyInt(n)) return String(n === 0 ? 0 : n);
  const repr = pyFloatRepr(n);
  if (!repr.includes('e')) return repr;
  const sign = n < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(n);
  // Decimal's exponent counts from the last digit.
  const decExp = exp - (digits.length - 1);
  if (Math.abs(decExp) + digits.length > 200) {
    const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return sign + mant + 'e' + (exp < 0 ? '-' : '+') + Math.abs(exp);
  }
  if (decExp >= 0) return sign + digits + '0'.repeat(decExp);
  const point = digits.length + decExp;
  if (point > 0) return sign + digits.slice(0, point) + '.' + digits.slice(point);
  return sign + '0.' + '0'.repeat(-point) + digits;
}

/**
 * The text of a value as `{{ }}` prints it, before escaping. A Date is a
 * naive datetime (see src/utils/dateformat.ts), which Django localizes with
 * DATETIME_FORMAT; an invalid Date has no Python counterpart and prints as
 * JavaScript writes it.
 */
export function localize(v: unknown, locale: DateLocale = EN_US): string {
  if (typeof v === 'number') return localizeNumber(v);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return format(v, getFormat('DATETIME_FORMAT', locale), locale);
  return pyStr(v);
}

/**
 * Django's render_value_in_context. The render's locale (language, time
 * zone) is passed by compiled code for the l10n of numbers and dates;
 * `formats` are an engine's own date formats.
 */
export function display(v: unknown, autoescape: boolean, _locale?: RenderLocale, formats?: DateLocale): string {
  if (typeof v === 'string') return autoescape ? escapeHtml(v) : v;
  if (v instanceof SafeString) return v.value;
  if (typeof v === 'number') return localizeNumber(v);
  const s = localize(v, formats);
  return autoescape ? escapeHtml(s) : s;
}

/**
 * Django's render_value_in_context for tags that print a value (cycle,
 * firstof): the engine's display, with the render's autoescape and locale.
 */
export function renderValueInContext(value: unknown, context: Context, autoescape = context.autoescape): string {
  const show = context.template?.engine.runtime.display ?? display;
  return show(value, autoescape, context.locale);
}
