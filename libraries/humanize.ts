/**
 * Django's `humanize` library (django/contrib/humanize/templatetags/
 * humanize.py): the `apnumber`, `intcomma`, `intword`, `naturalday`,
 * `naturaltime` and `ordinal` filters, in the render's language with
 * Django's humanize catalogs (src/utils/locale-data/, "humanize").
 *
 * "Now" is the engine's `now` option (its clock); a naive Date is compared
 * with the clock's wall time in the engine's `timeZone` (Django's naive
 * `datetime.now()` under TIME_ZONE).
 */
import { Library } from '../src/library.js';
import { pyError } from '../src/errors.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { truthy } from '../src/runtime/pyops.js';
import { isPyInt, pyStr } from '../src/runtime/pyrepr.js';
import type { RenderLocale } from '../src/runtime/context.js';
import { I18n, TIME_UNITS, Translation } from '../src/i18n/translation.js';
import { dateLocaleOf, localtimeOf, numberFormat } from '../src/i18n/l10n.js';
import { Decimal } from '../src/utils/decimal.js';
import { pyIntOf, pyIntValue } from '../src/utils/pyconvert.js';
import { timesince } from '../src/utils/timesince.js';
import { AwareDatetime, naiveNow, wallClock } from '../src/utils/timezone.js';
import type { TimeUnit } from '../src/utils/dates.js';
import { asPyDate, plainDate } from '../src/runtime/plaindate.js';
import { date as dateFilter } from '../filters/dates.js';
import { floatformat } from '../filters/numbers.js';

let englishOnly: I18n | undefined;

function i18nOf(locale: RenderLocale | undefined): I18n {
  return locale?.i18n ?? (englishOnly ??= new I18n());
}

/** The render's translation (Django's active one). */
function translationOf(locale: RenderLocale | undefined): Translation {
  return locale === undefined ? i18nOf(locale).translation('en-us') : i18nOf(locale).activeTranslation(locale);
}

/** Python's `int(value)`, or undefined where it raises TypeError or ValueError. */
function toInt(value: unknown): bigint | undefined {
  try {
    return pyIntOf(value);
  } catch (e) {
    if (e instanceof Error && (e.name === 'TypeError' || e.name === 'ValueError')) return undefined;
    throw e;
  }
}

const ORDINAL_CONTEXTS = ['ordinal 0', 'ordinal 1', 'ordinal 2', 'ordinal 3', 'ordinal 4', 'ordinal 5', 'ordinal 6', 'ordinal 7', 'ordinal 8', 'ordinal 9'];
const ORDINAL_SUFFIXES = ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'];

/** Converts an integer to its ordinal as a string: 1 is '1st', 2 is '2nd', 3 is '3rd'. */
export function ordinal(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  const n = toInt(value);
  if (n === undefined) return value;
  if (n < 0n) return n.toString();
  const t = translationOf(locale);
  let template: string;
  if (n === 1n) template = t.pgettext('ordinal is 1', '{}st');
  else if ([11n, 12n, 13n].includes(n % 100n)) template = t.pgettext('ordinal 11, 12, 13', '{}th');
  else {
    const i = Number(n % 10n);
    template = t.pgettext(ORDINAL_CONTEXTS[i]!, `{}${ORDINAL_SUFFIXES[i]}`);
  }
  // Marked safe so that translations may use <sup> (Django's #19988).
  return markSafe(template.replace('{}', n.toString()));
}

/**
 * An integer or float (or its text) with commas every three digits, or the
 * language's grouping: 3000 becomes '3,000' and 45000 '45,000'.
 */
export function intcomma(value: unknown, useL10n: unknown = true, _autoescape?: unknown, locale?: RenderLocale): unknown {
  if (truthy(useL10n)) {
    let number: number | Decimal | undefined;
    if (typeof value === 'number' && !isPyInt(value)) number = value;
    else if (value instanceof Decimal) number = value;
    else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
      number = Decimal.parse(String(typeof value === 'boolean' ? Number(value) : value));
    } else if (typeof value === 'string' || value instanceof SafeString) {
      // Python's Decimal(text): surrounding whitespace and digit underscores allowed.
      number = Decimal.parse(pyStr(value));
    }
    if (number !== undefined) return numberFormat(number, locale, null, true, true);
  }
  const result = pyStr(value);
  const m = /^-?\d+/.exec(result);
  if (m === null) return result;
  const prefix = m[0];
  const reversed = Array.from(prefix).reverse().join('').replace(/\d{3}/g, '$&,');
  const withCommas = Array.from(reversed).reverse().join('').replace(/^(-?),/, '$1');
  return withCommas + result.slice(prefix.length);
}

const INTWORD_CONVERTERS: readonly [number, string, string][] = [
  [6, '%(value)s million', '%(value)s million'],
  [9, '%(value)s billion', '%(value)s billion'],
  [12, '%(value)s trillion', '%(value)s trillion'],
  [15, '%(value)s quadrillion', '%(value)s quadrillion'],
  [18, '%(value)s quintillion', '%(value)s quintillion'],
  [21, '%(value)s sextillion', '%(value)s sextillion'],
  [24, '%(value)s septillion', '%(value)s septillion'],
  [27, '%(value)s octillion', '%(value)s octillion'],
  [30, '%(value)s nonillion', '%(value)s nonillion'],
  [33, '%(value)s decillion', '%(value)s decillion'],
  [100, '%(value)s googol', '%(value)s googol'],
];

/** Python's `int / 10**exponent`, correctly rounded: the exact decimal quotient read as a double. */
function divideByPowerOfTen(n: bigint, exponent: number): number {
  const negative = n < 0n;
  const digits = (negative ? -n : n).toString().padStart(exponent + 1, '0');
  const point = digits.length - exponent;
  return Number(`${negative ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`);
}

/** Django's `round_away_from_one`. */
function roundAwayFromOne(x: number): number {
  const y = x - 1;
  return (y > 0 ? Math.ceil(y) : Math.floor(y)) + 1;
}

/** A large integer in words: 1000000 becomes '1.0 million', 1200000000 '1.2 billion'. */
export function intword(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  const n = toInt(value);
  if (n === undefined) return value;
  const abs = n < 0n ? -n : n;
  if (abs < 1000000n) return pyIntValue(n);
  const t = translationOf(locale);
  for (const [exponent, singular, plural] of INTWORD_CONVERTERS) {
    if (abs < 10n ** BigInt(exponent) * 1000n) {
      const newValue = divideByPowerOfTen(n, exponent);
      const rounded = Math.abs(roundAwayFromOne(newValue));
      const text = (floatformat(newValue, 1, undefined, locale) as SafeString).value;
      return Translation.interpolate(t.ngettext(singular, plural, rounded), { value: text });
    }
  }
  return pyIntValue(n);
}

const AP_NUMBERS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** 1 to 9 spelled out (Associated Press style); other numbers as they are. */
export function apnumber(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  const n = toInt(value);
  if (n === undefined) return value;
  if (!(n > 0n && n < 10n)) return pyIntValue(n);
  return translationOf(locale).gettext(AP_NUMBERS[Number(n) - 1]!);
}

const DAY_MS = 86_400_000;

/** The Date's calendar day (its UTC fields, a naive datetime's), as a day number. */
function dayNumber(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS);
}

/**
 * 'today', 'tomorrow' or 'yesterday' for those days; otherwise the `date`
 * filter with the argument, given the value's date (as Django does, so that
 * a time specifier raises TypeError even for a datetime).
 */
export function naturalday(value: unknown, arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  const i18n = i18nOf(locale);
  let day: Date, today: Date;
  const date = asPyDate(value);
  if (date !== undefined) {
    day = new Date(0);
    day.setUTCFullYear(date.year, date.month - 1, date.day);
    today = naiveNow(i18n.now, i18n.defaultTimeZone);
  } else {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
    // expects_localtime: an aware value is first taken to the render's time
    // zone, and "today" is today there.
    const v = localtimeOf(value, locale) as Date;
    day = v instanceof AwareDatetime ? wallClock(v, v.timeZone) : v;
    today = v instanceof AwareDatetime ? wallClock(i18n.now(), v.timeZone) : naiveNow(i18n.now, i18n.defaultTimeZone);
  }
  const delta = dayNumber(day) - dayNumber(today);
  const t = translationOf(locale);
  if (delta === 0) return t.gettext('today');
  if (delta === 1) return t.gettext('tomorrow');
  if (delta === -1) return t.gettext('yesterday');
  return dateFilter(plainDate(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()), arg, locale);
}


/** NaturalTimeFormatter's past_substrings or future_substrings. */
function substrings(t: Translation, context: string): Record<TimeUnit, (num: number) => string> {
  const out = {} as Record<TimeUnit, (num: number) => string>;
  for (const [unit, one, many] of TIME_UNITS) out[unit] = (num) => Translation.interpolate(t.npgettext(context, one, many, num), { num });
  return out;
}

/** How long ago (or until) a datetime is: 'now', '29 seconds ago', 'an hour from now', '2 days, 3 hours ago'. */
export function naturaltime(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  // Django's is_aware(value) asks a date for its utcoffset().
  if (asPyDate(value) !== undefined) throw pyError('AttributeError', "'datetime.date' object has no attribute 'utcoffset'");
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
  const i18n = i18nOf(locale);
  const t = translationOf(locale);
  // An aware value is compared with the clock's instant, a naive one with its wall time in TIME_ZONE.
  const aware = value instanceof AwareDatetime || i18n.useTz;
  const now = aware ? i18n.now() : naiveNow(i18n.now, i18n.defaultTimeZone);
  const past = value.getTime() < now.getTime();
  const deltaMs = past ? now.getTime() - value.getTime() : value.getTime() - now.getTime();
  const days = Math.floor(deltaMs / DAY_MS);
  const seconds = Math.floor((deltaMs - days * DAY_MS) / 1000);
  if (days !== 0) {
    const delta = timesince(value, now, {
      reversed: !past,
      timeStrings: substrings(t, past ? 'naturaltime-past' : 'naturaltime-future'),
      locale: dateLocaleOf(locale, true),
    });
    return Translation.interpolate(t.gettext(past ? '%(delta)s ago' : '%(delta)s from now'), { delta });
  }
  if (seconds === 0) return t.gettext('now');
  const [count, one, many] = seconds < 60
    ? [seconds, `a second ${past ? 'ago' : 'from now'}`, `%(count)s\xa0seconds ${past ? 'ago' : 'from now'}`]
    : Math.floor(seconds / 60) < 60
      ? [Math.floor(seconds / 60), `a minute ${past ? 'ago' : 'from now'}`, `%(count)s\xa0minutes ${past ? 'ago' : 'from now'}`]
      : [Math.floor(seconds / 3600), `an hour ${past ? 'ago' : 'from now'}`, `%(count)s\xa0hours ${past ? 'ago' : 'from now'}`];
  return Translation.interpolate(t.ngettext(one, many, count), { count });
}

export const humanizeLibrary = /* @__PURE__ */ new Library()
  .filter('ordinal', ordinal, { isSafe: true, arg: 'none', needsLocale: true })
  .filter('intcomma', intcomma, { isSafe: true, arg: 'optional', needsLocale: true })
  .filter('intword', intword, { isSafe: false, arg: 'none', needsLocale: true })
  .filter('apnumber', apnumber, { isSafe: true, arg: 'none', needsLocale: true })
  .filter('naturalday', naturalday, { expectsLocaltime: true, isSafe: false, arg: 'optional', needsLocale: true })
  .filter('naturaltime', naturaltime, { isSafe: false, arg: 'none', needsLocale: true });
