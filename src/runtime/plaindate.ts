/**
 * Python's `datetime.date` and `datetime.time` (what Django gets from a
 * DateField and a TimeField). JavaScript's `Date` is always a datetime; a
 * date or a time is TC39 Temporal's `Temporal.PlainDate` or
 * `Temporal.PlainTime`, native or from a polyfill, recognised by its tag and
 * fields so that reinhardt imports none. `plainDate()` and `plainTime()`
 * make one where there is no Temporal.
 */

const DATE_TAG = 'Temporal.PlainDate';
const TIME_TAG = 'Temporal.PlainTime';

/** A `datetime.date`'s fields (ISO calendar). */
export interface PyDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A naive `datetime.time`'s fields. */
export interface PyTime {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly microsecond: number;
}

/** The value's `Symbol.toStringTag` (what `Object.prototype.toString` shows); read only on objects. */
function tagOf(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? (v as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] : undefined;
}

const isInt = Number.isInteger;

/** The fields of a `Temporal.PlainDate` (a Python `date`); undefined for anything else. */
export function asPyDate(v: unknown): PyDate | undefined {
  if (tagOf(v) !== DATE_TAG) return undefined;
  let d = v as PyDate & { calendarId?: unknown; withCalendar?: (id: string) => PyDate };
  // Python's dates are in the ISO calendar: a date in another is read there.
  if (typeof d.calendarId === 'string' && d.calendarId !== 'iso8601' && typeof d.withCalendar === 'function') d = d.withCalendar('iso8601');
  const { year, month, day } = d;
  return isInt(year) && isInt(month) && isInt(day) ? { year, month, day } : undefined;
}

/** The fields of a `Temporal.PlainTime` (a naive Python `time`; nanoseconds dropped); undefined for anything else. */
export function asPyTime(v: unknown): PyTime | undefined {
  if (tagOf(v) !== TIME_TAG) return undefined;
  const t = v as { hour: number; minute: number; second: number; millisecond?: number; microsecond?: number };
  const { hour, minute, second } = t;
  const microsecond = (t.millisecond ?? 0) * 1000 + (t.microsecond ?? 0);
  return isInt(hour) && isInt(minute) && isInt(second) && isInt(microsecond) ? { hour, minute, second, microsecond } : undefined;
}

/** Python's `'%0Nd' % n`: zero-padded to a width that counts the sign. */
export function pad(n: number, width = 2): string {
  const digits = String(Math.abs(n));
  return n < 0 ? '-' + digits.padStart(width - 1, '0') : digits.padStart(width, '0');
}

/** Python's `date.isoformat()` (also its `str()`): "2020-01-05". */
export function dateIsoformat(d: PyDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

/** Python's `time.isoformat()` (also its `str()`): "12:30:00", "12:30:00.000123". */
export function timeIsoformat(t: PyTime): string {
  return `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}${t.microsecond ? '.' + pad(t.microsecond, 6) : ''}`;
}

/** What `plainDate()` makes: a frozen `Temporal.PlainDate` look-alike. */
export class PlainDate implements PyDate {
  constructor(readonly year: number, readonly month: number, readonly day: number) {
    Object.freeze(this);
  }
  get [Symbol.toStringTag](): string {
    return DATE_TAG;
  }
  toString(): string {
    return dateIsoformat(this);
  }
  toJSON(): string {
    return dateIsoformat(this);
  }
}

/** What `plainTime()` makes: a frozen `Temporal.PlainTime` look-alike (Temporal's fields). */
export class PlainTime {
  constructor(readonly hour: number, readonly minute: number, readonly second: number, readonly millisecond: number, readonly microsecond: number) {
    Object.freeze(this);
  }
  get [Symbol.toStringTag](): string {
    return TIME_TAG;
  }
  toString(): string {
    return timeIsoformat(asPyTime(this)!);
  }
  toJSON(): string {
    return this.toString();
  }
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function check(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`${what} is out of range`);
}

/**
 * A date (Python's `datetime.date`) for runtimes without Temporal, as
 * `new Temporal.PlainDate(year, month, day)` makes one: month 1-12. A date
 * that does not exist throws RangeError.
 */
export function plainDate(year: number, month: number, day: number): PlainDate {
  check(isInt(year), 'year');
  check(isInt(month) && month >= 1 && month <= 12, 'month');
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  check(isInt(day) && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!), 'day');
  return new PlainDate(year, month, day);
}

/**
 * A time of day (Python's naive `datetime.time`) for runtimes without
 * Temporal, as `new Temporal.PlainTime(hour, minute, second, millisecond,
 * microsecond)` makes one. A field out of range throws RangeError.
 */
export function plainTime(hour = 0, minute = 0, second = 0, millisecond = 0, microsecond = 0): PlainTime {
  const fields = [hour, minute, second, millisecond, microsecond];
  const limits = [23, 59, 59, 999, 999];
  for (let i = 0; i < 5; i++) check(isInt(fields[i]) && fields[i]! >= 0 && fields[i]! <= limits[i]!, ['hour', 'minute', 'second', 'millisecond', 'microsecond'][i]!);
  return new PlainTime(hour, minute, second, millisecond, microsecond);
}
