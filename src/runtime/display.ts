/**
 * Django's render_value_in_context: how `{{ value }}` turns a value into
 * output text (localized, then escaped when autoescaping is on).
 */
import { SafeString } from './safestring.js';
import { escapeHtml } from './escape.js';
import { isPyInt, pyStr } from './pyrepr.js';
import { defaultDateFormat, defaultDatetimeFormat, defaultTimeFormat } from '../utils/dateformat.js';
import { asPyDate, asPyTime } from './plaindate.js';
import type { Context, RenderLocale } from './context.js';
import { localizeNumber, localtimeOf } from '../i18n/l10n.js';

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
  const isDate = v instanceof Date && !Number.isNaN(v.getTime());
  if (typeof v !== 'number' && typeof v !== 'bigint' && !isDate) {
    // A date (Temporal.PlainDate) with DATE_FORMAT, a time with TIME_FORMAT; no time zone for either.
    const kind = typeof v !== 'object' || v === null ? undefined : asPyDate(v) !== undefined ? 'date' : asPyTime(v) !== undefined ? 'time' : undefined;
    if (kind === undefined) return pyStr(v);
    if (locale?.i18n !== undefined) return locale.i18n.localize(v as object, locale, l10n);
    return kind === 'date' ? defaultDateFormat(v) : defaultTimeFormat(v);
  }
  // A render with translations (the engine's; a precompiled module's that
  // has them) writes in its language through them, so that a page without
  // them bundles no number or date formats but English's defaults.
  if (locale?.i18n !== undefined) return locale.i18n.localize(v as number | bigint | Date, locale, l10n);
  if (isDate) return defaultDatetimeFormat(localtimeOf(v, locale) as Date);
  return typeof v === 'number' && l10n !== false ? localizeNumber(v) : pyStr(v);
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
