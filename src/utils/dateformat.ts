/**
 * Django's `django/utils/dateformat.py`: PHP `date()`-style formatting
 * (`DateFormat`, `TimeFormat`, `format`, `time_format`).
 *
 * The data model. A JavaScript `Date` stands for a naive Python `datetime`
 * whose fields are the Date's UTC fields: the conformance suite runs Django
 * with USE_TZ=False and TIME_ZONE='UTC', where a naive datetime is wall time
 * in UTC. So the time zone specifiers give what Django gives a naive datetime
 * there: "e" is empty (no tzinfo), "O" is "+0000", "T" "UTC", "Z" "0", "I"
 * "0", "r" ends in "+0000", and "U" reads the fields as UTC. A Date holds
 * milliseconds, so "u" always ends in "000".
 *
 * A Python `date` is a `Temporal.PlainDate` and a `time` a
 * `Temporal.PlainTime` (src/runtime/plaindate.ts). Neither has a time zone
 * ("I", and a time's "e", "O", "T", "Z", give ""); a date refuses the time
 * specifiers with Django's TypeError, a time has no date fields.
 *
 * Anything that is not a (valid) Date is formatted as Django formats a
 * non-date object: the specifiers that read no field ("e", "O", "T", "Z",
 * "I") give "", the others raise AttributeError as the missing attribute
 * would, and "r" and "U" raise `datetime.combine`'s TypeError. The `date`
 * and `time` filters rely on exactly these exceptions.
 */
import { pyError } from '../errors.js';
import { pyStr, pyTypeName } from '../runtime/pyrepr.js';
import { EN_MONTHS_AP, EN_TIME_WORDS, EN_US, type DateLocale } from './dates.js';
import { AwareDatetime, NaiveLocalDatetime, isAmbiguousOrImaginary, isDst, makeAware, tzName } from './timezone.js';
import { asPyDate, asPyTime, dateIsoformat, pad, timeIsoformat } from '../runtime/plaindate.js';


/** The fields of a naive datetime, as Python names them. */
interface Fields {
  /** Which of Python's types: a `date` has no time fields, a `time` no date fields. */
  kind: 'datetime' | 'date' | 'time';
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Python's `weekday()`: Monday is 0. */
  weekday: number;
}

/** A Date from UTC fields, for any year (Date.UTC maps years 0-99 to 1900-1999). */
function utcDate(year: number, month: number, day: number): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d;
}

function fieldsOf(obj: unknown): Fields | undefined {
  if (!(obj instanceof Date)) {
    const date = asPyDate(obj);
    if (date !== undefined) {
      // `datetime.combine(date, time.min)`, which "r" and "U" use: midnight.
      return { kind: 'date', ...date, hour: 0, minute: 0, second: 0, microsecond: 0, weekday: (utcDate(date.year, date.month, date.day).getUTCDay() + 6) % 7 };
    }
    const time = asPyTime(obj);
    return time && { kind: 'time', year: NaN, month: NaN, day: NaN, weekday: NaN, ...time };
  }
  if (Number.isNaN(obj.getTime())) return undefined;
  // An aware datetime's fields are its wall-clock time in its zone.
  const value = obj instanceof AwareDatetime ? obj.wall() : obj;
  return {
    kind: 'datetime',
    year: value.getUTCFullYear(),
    month: value.getUTCMonth() + 1,
    day: value.getUTCDate(),
    hour: value.getUTCHours(),
    minute: value.getUTCMinutes(),
    second: value.getUTCSeconds(),
    microsecond: value.getUTCMilliseconds() * 1000,
    weekday: (value.getUTCDay() + 6) % 7,
  };
}


/** Python's `str.title()`, for "M" (the title case of `MONTHS_3`). */
function title(s: string): string {
  let out = '';
  let prevCased = false;
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `calendar.monthrange(year, month)[1]`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

/** `timetuple().tm_yday`: 1 to 366. */
function dayOfYear(year: number, month: number, day: number): number {
  let n = day;
  for (let m = 1; m < month; m++) n += daysInMonth(year, m);
  return n;
}

/** ISO 8601 weeks in a year (52 or 53). */
function isoWeeksInYear(year: number): number {
  const p = (y: number) => (((y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7) + 7) % 7;
  return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
}

/** Python's `isocalendar()`: the ISO year and week. */
function isoCalendar(f: Fields): { year: number; week: number } {
  const week = Math.floor((dayOfYear(f.year, f.month, f.day) - (f.weekday + 1) + 10) / 7);
  if (week < 1) return { year: f.year - 1, week: isoWeeksInYear(f.year - 1) };
  if (week > isoWeeksInYear(f.year)) return { year: f.year + 1, week: 1 };
  return { year: f.year, week };
}

// email.utils.format_datetime writes these in English whatever the language.
const RFC_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const RFC_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// A specifier is a format character not preceded by a backslash; Python's
// `re_escaped` then drops each backslash before any other character but a
// newline (`.` does not match one).
const reFormatChars = /(?<!\\)([aAbcdDeEfFgGhHiIjlLmMnNoOPrsStTUuwWyYzZ])/;
const reEscaped = /\\([^\n])/gu;

/** `hasattr(TimeFormat, piece)`: the specifiers a `date` refuses. */
const TIME_SPECIFIERS = 'aAefgGhHiOPsTuZ';

/** The attributes a `time` lacks. */
const DATE_ATTRIBUTES = new Set(['year', 'month', 'day', 'weekday', 'isocalendar', 'timetuple']);

export class TimeFormat {
  protected readonly data: unknown;
  protected readonly fields: Fields | undefined;
  /**
   * Django's `self.timezone`: the default time zone (UTC) for a naive
   * datetime, none for anything else.
   */
  protected readonly timezone: boolean;
  protected readonly locale: DateLocale;

  /** The zone of an aware datetime (a naive one's is UTC, the suite's TIME_ZONE). */
  protected readonly zone: string | undefined;
  /** A naive datetime that knows its default time zone shows no zone name ("e") or ISO offset ("c"). */
  protected readonly naive: boolean;

  /**
   * `defaultTimeZone`: Django's `get_default_timezone()` (TIME_ZONE), where
   * "r" and "U" put a date's midnight.
   */
  constructor(obj: unknown, locale: DateLocale = EN_US, protected readonly defaultTimeZone = 'UTC') {
    this.data = obj;
    this.fields = fieldsOf(obj);
    this.zone = obj instanceof AwareDatetime ? obj.timeZone : undefined;
    this.naive = this.zone === undefined || obj instanceof NaiveLocalDatetime;
    // Only a datetime has a zone, and Django leaves it out (O, T, Z and I
    // give "") for a wall time that is there twice.
    this.timezone = this.fields?.kind === 'datetime' && !(obj instanceof AwareDatetime && isAmbiguousOrImaginary(obj));
    this.locale = locale;
  }

  /** The UTC offset in minutes (0 for a naive datetime). */
  protected offset(): number {
    return this.data instanceof AwareDatetime ? this.data.utcOffset() : 0;
  }

  /** "+0100": Django's "O". */
  protected offsetText(colon = false, m = this.offset()): string {
    const a = Math.abs(m);
    return `${m < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2)}${colon ? ':' : ''}${pad(a % 60, 2)}`;
  }

  format(formatstr: unknown): string {
    const pieces: string[] = [];
    const parts = pyStr(formatstr).split(reFormatChars);
    for (let i = 0; i < parts.length; i++) {
      const piece = parts[i]!;
      if (i % 2) {
        if (this.fields?.kind === 'date' && TIME_SPECIFIERS.includes(piece)) {
          throw pyError('TypeError', `The format for date objects may not contain time-related format specifiers (found '${piece}').`);
        }
        pieces.push(this.specifier(piece));
      }
      else if (piece) pieces.push(piece.replace(reEscaped, '$1'));
    }
    return pieces.join('');
  }

  /** The fields, or the AttributeError reading `attr` of a non-datetime raises. */
  protected dt(attr: string): Fields {
    if (this.fields === undefined || (this.fields.kind === 'time' && DATE_ATTRIBUTES.has(attr))) {
      throw pyError('AttributeError', `'${pyTypeName(this.data)}' object has no attribute '${attr}'`);
    }
    return this.fields;
  }

  /** Django's `str(getattr(self, piece)())`. */
  protected specifier(ch: string): string {
    const loc = this.locale;
    switch (ch) {
      case 'a': return this.dt('hour').hour > 11 ? loc.pm : loc.am;
      case 'A': return this.dt('hour').hour > 11 ? loc.PM : loc.AM;
      // Only an aware datetime has a zone name; a naive or ambiguous one gives "".
      case 'e': return this.naive || !this.timezone ? '' : tzName(this.data as Date, this.zone!);
      case 'f': return timeF(this.dt('hour'));
      case 'g': return String(this.dt('hour').hour % 12 || 12);
      case 'G': return String(this.dt('hour').hour);
      case 'h': return pad(this.dt('hour').hour % 12 || 12, 2);
      case 'H': return pad(this.dt('hour').hour, 2);
      case 'i': return pad(this.dt('minute').minute, 2);
      case 'O': return this.timezone ? this.offsetText() : '';
      case 'P': return timeP(this.dt('minute'), loc);
      case 's': return pad(this.dt('second').second, 2);
      case 'T': return this.timezone ? (this.zone === undefined ? 'UTC' : tzName(this.data as Date, this.zone)) : '';
      case 'u': return pad(this.dt('microsecond').microsecond, 6);
      case 'Z': return this.timezone ? String(this.offset() * 60) : '';
    }
    // Only a TimeFormat gets here: DateFormat knows every format character.
    throw pyError('AttributeError', `'TimeFormat' object has no attribute '${ch}'`);
  }
}

/** "f": 12-hour hours and minutes, the minutes left off when zero. */
function timeF(f: Fields): string {
  const hour = f.hour % 12 || 12;
  return f.minute ? `${hour}:${pad(f.minute, 2)}` : String(hour);
}

/** "P": "f" and a.m. or p.m., midnight and noon by name. */
function timeP(f: Fields, words: typeof EN_TIME_WORDS): string {
  if (f.minute === 0 && f.hour === 0) return words.midnight;
  if (f.minute === 0 && f.hour === 12) return words.noon;
  return `${timeF(f)} ${f.hour > 11 ? words.pm : words.am}`;
}

export class DateFormat extends TimeFormat {
  protected override specifier(ch: string): string {
    const loc = this.locale;
    switch (ch) {
      case 'b': return loc.months3[this.dt('month').month - 1]!;
      case 'c': {
        const f = this.dt('isoformat');
        if (f.kind === 'date') return dateIsoformat(f);
        if (f.kind === 'time') return timeIsoformat(f);
        const date = `${pad(f.year, 4)}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
        const time = `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
        return `${date}T${time}${f.microsecond ? '.' + pad(f.microsecond, 6) : ''}${this.naive ? '' : this.offsetText(true)}`;
      }
      case 'd': return pad(this.dt('day').day, 2);
      case 'D': return loc.weekdaysAbbr[this.dt('weekday').weekday]!;
      case 'E': return loc.monthsAlt[this.dt('month').month - 1]!;
      case 'F': return loc.months[this.dt('month').month - 1]!;
      case 'I': return this.timezone ? (this.zone !== undefined && isDst(this.data as Date, this.zone) ? '1' : '0') : '';
      case 'j': return String(this.dt('day').day);
      case 'l': return loc.weekdays[this.dt('weekday').weekday]!;
      case 'L': return isLeap(this.dt('year').year) ? 'True' : 'False';
      case 'm': return pad(this.dt('month').month, 2);
      case 'M': return title(loc.months3[this.dt('month').month - 1]!);
      case 'n': return String(this.dt('month').month);
      case 'N': return loc.monthsAp[this.dt('month').month - 1]!;
      case 'o': return String(isoCalendar(this.dt('isocalendar')).year);
      case 'r': {
        const f = this.combine();
        const time = `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}`;
        const offset = f.kind === 'date' ? this.midnight(f).utcOffset() : this.offset();
        return `${RFC_DAYS[f.weekday]}, ${pad(f.day, 2)} ${RFC_MONTHS[f.month - 1]} ${pad(f.year, 4)} ${time} ${this.offsetText(false, offset)}`;
      }
      case 'S': {
        const day = this.dt('day').day;
        if (day === 11 || day === 12 || day === 13) return 'th';
        return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
      }
      case 't': {
        const f = this.dt('year');
        return String(daysInMonth(f.year, f.month));
      }
      case 'U': {
        const f = this.combine();
        const instant = f.kind === 'date' ? this.midnight(f) : (this.data as Date);
        // int() truncates toward zero; `|| 0` turns -0 into 0.
        return String(Math.trunc(instant.getTime() / 1000) || 0);
      }
      case 'w': return String((this.dt('weekday').weekday + 1) % 7);
      case 'W': return String(isoCalendar(this.dt('isocalendar')).week);
      case 'y': return pad(((this.dt('year').year % 100) + 100) % 100, 2);
      case 'Y': return pad(this.dt('year').year, 4);
      case 'z': {
        const f = this.dt('timetuple');
        return String(dayOfYear(f.year, f.month, f.day));
      }
    }
    return super.specifier(ch);
  }

  /** A date's midnight in the default time zone: `datetime.combine(date, time.min)`, made aware as "r" and "U" read it. */
  private midnight(f: Fields): AwareDatetime {
    return makeAware(utcDate(f.year, f.month, f.day), this.defaultTimeZone);
  }

  /** "r" and "U" first pass a non-datetime to `datetime.combine()`, which refuses it. */
  private combine(): Fields {
    if (this.fields === undefined || this.fields.kind === 'time') {
      throw pyError('TypeError', `combine() argument 1 must be datetime.date, not ${pyTypeName(this.data)}`);
    }
    return this.fields;
  }
}

/**
 * `format(value, 'N j, Y, P')` in English: Django's `date_format(value,
 * 'DATETIME_FORMAT')` with en's format and words, which is how `{{ }}`
 * writes a datetime in a render without translations (display.ts). Its own
 * function, so that a page that formats no date otherwise bundles no
 * DateFormat.
 */
export function defaultDatetimeFormat(value: Date): string {
  const f = fieldsOf(value)!;
  return `${EN_MONTHS_AP[f.month - 1]} ${f.day}, ${pad(f.year, 4)}, ${timeP(f, EN_TIME_WORDS)}`;
}

/** A date (Temporal.PlainDate) as DATE_FORMAT's default, `N j, Y`, in English. */
export function defaultDateFormat(value: unknown): string {
  const f = fieldsOf(value)!;
  return `${EN_MONTHS_AP[f.month - 1]} ${f.day}, ${pad(f.year, 4)}`;
}

/** A time (Temporal.PlainTime) as TIME_FORMAT's default, `P`, in English. */
export function defaultTimeFormat(value: unknown): string {
  return timeP(fieldsOf(value)!, EN_TIME_WORDS);
}

/** Django's `dateformat.format(value, format_string)`. */
export function format(value: unknown, formatString: unknown, locale: DateLocale = EN_US, defaultTimeZone?: string): string {
  return new DateFormat(value, locale, defaultTimeZone).format(formatString);
}

/** Django's `dateformat.time_format(value, format_string)`. */
export function timeFormat(value: unknown, formatString: unknown, locale: DateLocale = EN_US): string {
  return new TimeFormat(value, locale).format(formatString);
}
