/**
 * Django's `django/utils/timesince.py`: the time between two datetimes in
 * words ("2 weeks, 3 days"). Dates follow the data model of `dateformat.ts`:
 * a `Date` is a naive datetime read in UTC, a date stands for its midnight;
 * "now" is the current UTC wall time (Django's naive `datetime.now()` with
 * TIME_ZONE='UTC').
 */
import { pyError } from '../errors.js';
import { avoidWrapping } from '../runtime/escape.js';
import { truthy } from '../runtime/pyops.js';
import { pyTypeName } from '../runtime/pyrepr.js';
import { EN_US, type DateLocale, type TimeUnit } from './dates.js';
import { ownOptions } from './own.js';
import { asPyDate } from '../runtime/plaindate.js';

const TIME_STRINGS_KEYS: readonly TimeUnit[] = ['year', 'month', 'week', 'day', 'hour', 'minute'];

/** Seconds in a week, a day, an hour, a minute. */
const TIME_CHUNKS = [60 * 60 * 24 * 7, 60 * 60 * 24, 60 * 60, 60];

/** February has 28 days here whatever the year, as in Django's pivot. */
const MONTHS_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const DAY_MS = 86_400_000;

export interface TimesinceOptions {
  /** Measure from `now` to `d` instead (what `timeuntil` does). */
  reversed?: boolean;
  /** The most adjacent units shown; Django's default is 2. */
  depth?: number;
  /** Replaces the locale's unit strings (Django's `time_strings`). */
  timeStrings?: Readonly<Record<TimeUnit, (num: number) => string>>;
  locale?: DateLocale;
}

/**
 * A datetime from a Date, or a date's midnight (Django converts a `date`
 * through its year, month and day); anything else fails as `d.year` would.
 */
function asDatetime(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  const date = asPyDate(value);
  if (date !== undefined) return utc(date.year, date.month, date.day, 0, 0, 0);
  throw pyError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'year'`);
}

/** A Date from UTC fields, for any year (Date.UTC maps years 0-99 to 1900-1999). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d;
}

function timeOfDay(d: Date): number {
  return ((d.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
}

/**
 * Django's `timesince(d, now)`: the time from `d` to `now` (the current time
 * when `now` is falsy) in up to `depth` adjacent units, years and months
 * counted by the calendar; "0 minutes" when `d` is not before `now`.
 */
export function timesince(d: unknown, now?: unknown, given: TimesinceOptions = {}): string {
  // Only the options given: none from a polluted Object.prototype.
  const options = ownOptions(given);
  const depth = options.depth ?? 2;
  const timeStrings = options.timeStrings ?? (options.locale ?? EN_US).timeStrings;
  const separator = (options.locale ?? EN_US).listSeparator;
  if (depth <= 0) throw pyError('ValueError', 'depth must be greater than 0.');
  let since = asDatetime(d);
  let until = truthy(now) ? asDatetime(now) : new Date();
  if (options.reversed) [since, until] = [until, since];

  // Seconds and microseconds are ignored.
  const delta = Math.floor((until.getTime() - since.getTime()) / 1000);
  if (delta <= 0) return avoidWrapping(timeStrings.minute(0));

  let totalMonths =
    (until.getUTCFullYear() - since.getUTCFullYear()) * 12 + (until.getUTCMonth() - since.getUTCMonth());
  if (
    since.getUTCDate() > until.getUTCDate() ||
    (since.getUTCDate() === until.getUTCDate() && timeOfDay(since) > timeOfDay(until))
  ) {
    totalMonths -= 1;
  }
  const years = Math.floor(totalMonths / 12);
  const months = totalMonths - years * 12;

  // The rest is measured from a pivot: `since` moved on by the years and
  // months, its day clamped to the month (February always 28), its
  // microseconds dropped.
  let pivot = since;
  if (years || months) {
    let pivotYear = since.getUTCFullYear() + years;
    let pivotMonth = since.getUTCMonth() + 1 + months;
    if (pivotMonth > 12) {
      pivotMonth -= 12;
      pivotYear += 1;
    }
    pivot = utc(
      pivotYear,
      pivotMonth,
      Math.min(MONTHS_DAYS[pivotMonth - 1]!, since.getUTCDate()),
      since.getUTCHours(),
      since.getUTCMinutes(),
      since.getUTCSeconds(),
    );
  }
  let remaining = until.getTime() - pivot.getTime();
  const partials = [years, months];
  for (const chunk of TIME_CHUNKS) {
    const count = Math.floor(remaining / (chunk * 1000));
    partials.push(count);
    remaining -= chunk * 1000 * count;
  }

  let i = partials.findIndex((value) => value !== 0);
  if (i < 0) return avoidWrapping(timeStrings.minute(0));
  const result: string[] = [];
  while (i < TIME_STRINGS_KEYS.length && result.length < depth) {
    const value = partials[i]!;
    if (value === 0) break;
    result.push(avoidWrapping(timeStrings[TIME_STRINGS_KEYS[i]!](value)));
    i += 1;
  }
  return result.join(separator);
}

/** Django's `timeuntil(d, now)`: the time from `now` until `d`. */
export function timeuntil(d: unknown, now?: unknown, options: Omit<TimesinceOptions, 'reversed'> = {}): string {
  return timesince(d, now, { ...options, reversed: true });
}
