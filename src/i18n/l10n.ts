/**
 * Django's `formats.localize()` and friends for a render: which words and
 * formats the render's language (and `{% localize %}` state) asks for.
 */
import type { RenderLocale } from '../runtime/context.js';
import { isPyInt, pyFloatRepr, pyStr, shortestDigits } from '../runtime/pyrepr.js';
import { format, timeFormat } from '../utils/dateformat.js';
import { asPyDate } from '../runtime/plaindate.js';
import { EN_US, getFormat, type DateLocale } from '../utils/dates.js';
import { EN_FORMATS, SETTINGS_FORMATS, format as numberFormatRaw, type FormatNumber, type NumberFormats } from '../utils/numberformat.js';
import type { Translation } from './translation.js';
import { templateLocaltime } from '../utils/timezone.js';

/**
 * Django's `template_localtime(value, context.use_tz)` for a render: with
 * time zone support a Date is shown in the render's time zone.
 */
export function localtimeOf(value: unknown, locale: RenderLocale | undefined): unknown {
  if (!(value instanceof Date)) return value;
  const engineUseTz = locale?.i18n?.useTz ?? false;
  return templateLocaltime(value, locale?.useTz ?? engineUseTz, engineUseTz, locale?.timeZone ?? 'UTC');
}

/** The render's translation; undefined for a render without an engine (English, Django's defaults). */
export function translationOf(locale: RenderLocale | undefined): Translation | undefined {
  return locale?.i18n?.activeTranslation(locale);
}

/** The words and formats dates are written with (formats from the settings when `useL10n` is false). */
export function dateLocaleOf(locale: RenderLocale | undefined, useL10n: boolean | null | undefined = locale?.useL10n): DateLocale {
  const t = translationOf(locale);
  if (t === undefined) return EN_US;
  return t.dateLocale(useL10n ?? true);
}

/**
 * Django's `formats.number_format(value, decimal_pos, use_l10n,
 * force_grouping)` in the render's language.
 */
export function numberFormat(
  value: FormatNumber,
  locale: RenderLocale | undefined,
  decimalPos: number | null = null,
  useL10n: boolean | null = null,
  forceGrouping = false,
): string {
  const l10n = useL10n ?? true;
  const t = translationOf(locale);
  let formats: NumberFormats;
  if (t === undefined) formats = l10n ? EN_FORMATS : SETTINGS_FORMATS;
  else if (l10n) formats = t.numberFormats();
  else {
    formats = {
      decimalSeparator: String(t.getFormat('DECIMAL_SEPARATOR', false)),
      thousandSeparator: String(t.getFormat('THOUSAND_SEPARATOR', false)),
      numberGrouping: t.getFormat('NUMBER_GROUPING', false) as number | readonly number[],
    };
  }
  return numberFormatRaw(value, formats.decimalSeparator, decimalPos, formats.numberGrouping, formats.thousandSeparator,
    forceGrouping, l10n, locale?.i18n?.useThousandSeparator ?? false);
}

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
 * Django's `formats.localize(value, use_l10n)` of a number, a (valid)
 * datetime, a date or a time in a render with translations (I18n.localize; display.ts's
 * `localize` writes the rest): with the language's formats and words, or
 * with `useL10n` false the settings' formats.
 */
export function localizeInLanguage(v: number | bigint | Date | object, locale: RenderLocale, useL10n: boolean | null | undefined): string {
  if (v instanceof Date) {
    const dl = dateLocaleOf(locale, useL10n);
    return format(localtimeOf(v, locale), getFormat('DATETIME_FORMAT', dl), dl);
  }
  if (typeof v === 'object') {
    // A date (Temporal.PlainDate) with DATE_FORMAT, a time with TIME_FORMAT; no time zone for either.
    const dl = dateLocaleOf(locale, useL10n);
    return asPyDate(v) !== undefined
      ? format(v, getFormat('DATE_FORMAT', dl), dl, locale.i18n?.defaultTimeZone)
      : timeFormat(v, getFormat('TIME_FORMAT', dl), dl);
  }
  if (useL10n === false) return pyStr(v);
  const t = translationOf(locale)!;
  const useThousandSeparator = locale.i18n!.useThousandSeparator;
  if (t.isBuiltinEnglish && !useThousandSeparator) return typeof v === 'number' ? localizeNumber(v) : pyStr(v);
  if (!useThousandSeparator && typeof v === 'number') {
    // Without grouping only the decimal point differs from the English text.
    const sep = t.numberFormats().decimalSeparator;
    const s = localizeNumber(v);
    return sep === '.' ? s : s.replace('.', sep);
  }
  return numberFormat(v, locale, null, useL10n ?? null);
}
