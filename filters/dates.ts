/**
 * Filters on dates: date, time, timesince, timeuntil. A `Date` is a naive
 * datetime read in UTC (see src/utils/dateformat.ts for the data model).
 */
import type { Library } from '../src/library.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import { asText, truthy } from '../src/runtime/pyops.js';
import { EN_US, getFormat, withFormats, type DateLocale } from '../src/utils/dates.js';
import { format, timeFormat } from '../src/utils/dateformat.js';
import { timesince, timeuntil } from '../src/utils/timesince.js';

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
): string {
  if (value === null || value === undefined || asText(value) === '') return '';
  try {
    return formatter(value, getFormat(pyStr(truthy(arg) ? arg : defaultFormat), locale), locale);
  } catch (e) {
    if (!isPyException(e, ...caught)) throw e;
  }
  try {
    return formatter(value, arg, locale);
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
export function date(value: unknown, arg?: unknown): string {
  return formatWith(format, value, arg, 'DATE_FORMAT', ['AttributeError']);
}

/** Format a time according to the given format (TIME_FORMAT by default); a date specifier gives "". */
export function time(value: unknown, arg?: unknown): string {
  return formatWith(timeFormat, value, arg, 'TIME_FORMAT', ['AttributeError', 'TypeError']);
}

/**
 * The time since the value, until the argument or now ("4 days, 6 hours").
 * A value or argument that is not a date raises AttributeError, which Django
 * does not catch.
 */
export function timesinceFilter(value: unknown, arg?: unknown): string {
  if (!truthy(value)) return '';
  try {
    return timesince(value, truthy(arg) ? arg : undefined);
  } catch (e) {
    if (isPyException(e, 'ValueError', 'TypeError')) return '';
    throw e;
  }
}

/** The time from the argument (or now) until the value. */
export function timeuntilFilter(value: unknown, arg?: unknown): string {
  if (!truthy(value)) return '';
  try {
    return timeuntil(value, arg);
  } catch (e) {
    if (isPyException(e, 'ValueError', 'TypeError')) return '';
    throw e;
  }
}

/** What the date filters take from the engine: format overrides and the clock. */
export interface DatesSettings {
  formats?: Readonly<Record<string, string>>;
  now?: () => Date;
}

export function registerDatesFilters(lib: Library, settings: DatesSettings = {}): void {
  const locale = withFormats(EN_US, settings.formats);
  const now = settings.now;
  lib.filter('date', (value: unknown, arg?: unknown) => formatWith(format, value, arg, 'DATE_FORMAT', ['AttributeError'], locale),
    { expectsLocaltime: true, isSafe: false, arg: 'optional' });
  lib.filter('time', (value: unknown, arg?: unknown) => formatWith(timeFormat, value, arg, 'TIME_FORMAT', ['AttributeError', 'TypeError'], locale),
    { expectsLocaltime: true, isSafe: false, arg: 'optional' });
  lib.filter('timesince', now ? (value: unknown, arg?: unknown) => timesinceFilter(value, truthy(arg) ? arg : now()) : timesinceFilter,
    { isSafe: false, arg: 'optional' });
  lib.filter('timeuntil', now ? (value: unknown, arg?: unknown) => timeuntilFilter(value, truthy(arg) ? arg : now()) : timeuntilFilter,
    { isSafe: false, arg: 'optional' });
}
