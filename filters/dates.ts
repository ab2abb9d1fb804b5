/**
 * Filters on dates: date, time, timesince, timeuntil. A `Date` is a naive
 * datetime read in UTC, a `Temporal.PlainDate` a date and a
 * `Temporal.PlainTime` a time (see src/utils/dateformat.ts for the data model).
 * Each is given the render's locale: month names, formats and timesince's
 * words are the active language's.
 */
import type { FilterRegistrar } from './index.js';
import type { Library } from '../src/library.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import { asText, truthy } from '../src/runtime/pyops.js';
import { EN_US, getFormat, type DateLocale } from '../src/utils/dates.js';
import type { RenderLocale } from '../src/runtime/context.js';
import { localtimeOf, dateLocaleOf } from '../src/i18n/l10n.js';
import { format, timeFormat } from '../src/utils/dateformat.js';
import { timesince, timeuntil } from '../src/utils/timesince.js';
import { AwareDatetime } from '../src/utils/timezone.js';
import { asPyDate } from '../src/runtime/plaindate.js';

function isPyException(e: unknown, ...names: string[]): boolean {
  return e instanceof Error && names.includes(e.name);
}

/**
 * Django's date/time filter body: format with the named locale format (or
 * the argument itself), then, when that raised one of `caught`, once more
 * with the raw argument, and "" when that raises too.
 */
function formatWith(
  formatter: typeof format,
  value: unknown,
  arg: unknown,
  defaultFormat: string,
  caught: string[],
  locale: DateLocale = EN_US,
  defaultTimeZone?: string,
): string {
  if (value === null || value === undefined || asText(value) === '') return '';
  try {
    return formatter(value, getFormat(pyStr(truthy(arg) ? arg : defaultFormat), locale), locale, defaultTimeZone);
  } catch (e) {
    if (!isPyException(e, ...caught)) throw e;
  }
  try {
    return formatter(value, arg, locale, defaultTimeZone);
  } catch (e) {
    if (!isPyException(e, ...caught)) throw e;
    return '';
  }
}

/**
 * Format a date according to the given format (DATE_FORMAT by default). Only
 * AttributeError is caught, so the TypeError "r" and "U" raise on a non-date
 * escapes, as in Django.
 */
export function date(value: unknown, arg?: unknown, locale?: RenderLocale): string {
  // Django's date_format(value, arg) localizes whatever {% localize %} says.
  return formatWith(format, value, arg, 'DATE_FORMAT', ['AttributeError'], dateLocaleOf(locale, true), locale?.i18n?.defaultTimeZone);
}

/** Format a time according to the given format (TIME_FORMAT by default); a date specifier gives "". */
export function time(value: unknown, arg?: unknown, locale?: RenderLocale): string {
  return formatWith(timeFormat, value, arg, 'TIME_FORMAT', ['AttributeError', 'TypeError'], dateLocaleOf(locale, true));
}

/**
 * Python refuses `aware - naive`, which Django's timesince does not catch
 * as such but as the TypeError its filters swallow: a date (naive) against
 * an aware datetime (any Date with `useTz`, or one the tz filters made).
 */
function mixesNaiveAndAware(a: unknown, b: unknown, locale: RenderLocale | undefined): boolean {
  const aware = (v: unknown) => v instanceof AwareDatetime || (v instanceof Date && (locale?.i18n?.useTz ?? false));
  return (asPyDate(a) !== undefined && aware(b)) || (asPyDate(b) !== undefined && aware(a));
}

/**
 * The time since the value, until the argument or now ("4 days, 6 hours";
 * `now`: the engine's clock). A value or argument that is not a date raises
 * AttributeError, which Django does not catch.
 */
export function timesinceFilter(value: unknown, arg?: unknown, locale?: RenderLocale, now?: () => Date): string {
  if (!truthy(value) || mixesNaiveAndAware(value, arg, locale)) return '';
  try {
    return timesince(value, truthy(arg) ? arg : now?.(), { locale: dateLocaleOf(locale, true) });
  } catch (e) {
    if (isPyException(e, 'ValueError', 'TypeError')) return '';
    throw e;
  }
}

/** The time from the argument (or now) until the value. */
export function timeuntilFilter(value: unknown, arg?: unknown, locale?: RenderLocale, now?: () => Date): string {
  if (!truthy(value) || mixesNaiveAndAware(value, arg, locale)) return '';
  try {
    return timeuntil(value, truthy(arg) ? arg : now?.(), { locale: dateLocaleOf(locale, true) });
  } catch (e) {
    if (isPyException(e, 'ValueError', 'TypeError')) return '';
    throw e;
  }
}

/** What the date filters take from the engine: the clock (formats are per render, on the locale). */
export interface DatesSettings {
  now?: () => Date;
}

// One registrar a filter: a precompiled module imports only those its templates use.
// expects_localtime: an aware value is first shown in the render's time zone.
export const filterDate: FilterRegistrar = (lib) => lib.filter('date', (value: unknown, arg: unknown, _autoescape: unknown, locale?: RenderLocale) =>
  date(localtimeOf(value, locale), arg, locale), { expectsLocaltime: true, isSafe: false, arg: 'optional', needsLocale: true });
export const filterTime: FilterRegistrar = (lib) => lib.filter('time', (value: unknown, arg: unknown, _autoescape: unknown, locale?: RenderLocale) =>
  time(localtimeOf(value, locale), arg, locale), { expectsLocaltime: true, isSafe: false, arg: 'optional', needsLocale: true });
export const filterTimesince: FilterRegistrar = (lib, { now }) => lib.filter('timesince', (value: unknown, arg: unknown, _autoescape: unknown, locale?: RenderLocale) =>
  timesinceFilter(value, arg, locale, now), { isSafe: false, arg: 'optional', needsLocale: true });
export const filterTimeuntil: FilterRegistrar = (lib, { now }) => lib.filter('timeuntil', (value: unknown, arg: unknown, _autoescape: unknown, locale?: RenderLocale) =>
  timeuntilFilter(value, arg, locale, now), { isSafe: false, arg: 'optional', needsLocale: true });

export function registerDatesFilters(lib: Library, settings: DatesSettings = {}): void {
  for (const register of [filterDate, filterTime, filterTimesince, filterTimeuntil]) register(lib, settings);
}
