/**
 * Django's render_value_in_context: how `{{ value }}` turns a value into
 * output text (localized, then escaped when autoescaping is on).
 */
import { SafeString } from './safestring.js';
import { escapeHtml } from './escape.js';
import { isPyInt, pyFloatRepr, pyStr, shortestDigits } from './pyrepr.js';
import { format, timeFormat } from '../utils/dateformat.js';
import { asPyDate, asPyTime } from './plaindate.js';
import { getFormat } from '../utils/dates.js';
import type { Context, RenderLocale } from './context.js';
import { dateLocaleOf, localtimeOf, numberFormat, translationOf } from '../i18n/l10n.js';

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
 * Django's `formats.localize(value, use_l10n)`: the text of a value as `{{ }}`
 * prints it, before escaping. A number is written with the language's
 * decimal separator (and thousand separator with useThousandSeparator); a
 * Date is a naive datetime (see src/utils/dateformat.ts) written with
 * DATETIME_FORMAT, a date with DATE_FORMAT and a time with TIME_FORMAT;
 * `useL10n` false writes numbers as Python's `str()` and dates with the
 * settings' formats. An invalid Date has no Python
 * counterpart and prints as JavaScript writes it.
 */
export function localize(v: unknown, locale?: RenderLocale, useL10n?: boolean | null): string {
  const l10n = useL10n === undefined ? locale?.useL10n : useL10n;
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (l10n === false) return pyStr(v);
    const t = translationOf(locale);
    if (t === undefined || (t.isBuiltinEnglish && !locale!.i18n!.useThousandSeparator)) {
      return typeof v === 'number' ? localizeNumber(v) : pyStr(v);
    }
    if (!locale!.i18n!.useThousandSeparator && typeof v === 'number') {
      // Without grouping only the decimal point differs from the English text.
      const sep = t.numberFormats().decimalSeparator;
      const s = localizeNumber(v);
      return sep === '.' ? s : s.replace('.', sep);
    }
    return numberFormat(v, locale, null, l10n ?? null);
  }
  if (v instanceof Date && !Number.isNaN(v.getTime())) {
    const dl = dateLocaleOf(locale, l10n);
    return format(localtimeOf(v, locale), getFormat('DATETIME_FORMAT', dl), dl);
  }
  if (typeof v === 'object' && v !== null) {
    // A date (Temporal.PlainDate) with DATE_FORMAT, a time with TIME_FORMAT; no time zone for either.
    const date = asPyDate(v) !== undefined;
    if (date || asPyTime(v) !== undefined) {
      const dl = dateLocaleOf(locale, l10n);
      return date ? format(v, getFormat('DATE_FORMAT', dl), dl, locale?.i18n?.defaultTimeZone) : timeFormat(v, getFormat('TIME_FORMAT', dl), dl);
    }
  }
  return pyStr(v);
}

/**
 * Django's render_value_in_context. The render's locale (language, time
 * zone, `{% localize %}` state) is passed by compiled code for the l10n of
 * numbers and dates.
 */
export function display(v: unknown, autoescape: boolean, locale?: RenderLocale): string {
  if (typeof v === 'string') return autoescape ? escapeHtml(v) : v;
  if (v instanceof SafeString) return v.value;
  if (typeof v === 'number') {
    // An int prints the same in every language unless thousands are grouped.
    if (isPyInt(v) && !locale?.i18n?.useThousandSeparator) return String(v === 0 ? 0 : v);
    if (locale === undefined || (locale.i18n === undefined && locale.useL10n == null)) return localizeNumber(v);
  }
  const s = localize(v, locale);
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
