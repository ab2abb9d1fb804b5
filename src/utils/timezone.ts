/**
 * Django's django/utils/timezone.py, the little of it the template layer
 * needs, through `Intl` (no zone tables of our own): the wall-clock time of
 * an instant in an IANA zone, and its UTC offset there.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `Intl` knows this IANA zone name (Python's zoneinfo would). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * A Date whose UTC fields are the wall-clock time of `instant` in `timeZone`
 * (milliseconds kept): the naive datetime `instant.astimezone(zone)` gives.
 */
export function wallClock(instant: Date, timeZone: string): Date {
  if (timeZone === 'UTC') return new Date(instant.getTime());
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  d.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second), instant.getUTCMilliseconds());
  return d;
}

/** The UTC offset of `timeZone` at `instant`, in minutes east of UTC. */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  return Math.round((wall.getTime() - instant.getTime()) / 60000);
}

/** Django's naive `datetime.now()`: the clock's wall time in TIME_ZONE, as a naive Date. */
export function naiveNow(now: () => Date, timeZone: string): Date {
  return wallClock(now(), timeZone);
}

/**
 * An aware datetime: an instant and the IANA zone it is shown in (Python's
 * `datetime` with a `ZoneInfo`). The `timezone`, `localtime` and `utc`
 * filters make them, and with `useTz` a plain `Date` becomes one in the
 * render's time zone when printed. `convertToLocalTime` false (Django's
 * `convert_to_local_time`) keeps its own zone when printed.
 */
export class AwareDatetime extends Date {
  /**
   * `wallTime`: the fields, when they are not the instant's wall time in
   * the zone (a naive time made aware in a gap of its zone keeps its fields,
   * as Python's does).
   */
  constructor(instant: Date | number, readonly timeZone: string, readonly convertToLocalTime = true, private readonly wallTime?: Date) {
    super(typeof instant === 'number' ? instant : instant.getTime());
  }

  /** A Date whose UTC fields are this datetime's fields in its zone. */
  wall(): Date {
    return this.wallTime ?? wallClock(this, this.timeZone);
  }

  /** Python's `utcoffset()`, in minutes. */
  utcOffset(): number {
    return Math.round((this.wall().getTime() - this.getTime()) / 60000);
  }
}

/**
 * Python's naive `datetime.now()` where TIME_ZONE is the process's zone: a
 * wall time with no zone of its own, which Django's dateformat nonetheless
 * reads in the default time zone ("O", "T", "Z", "I", "U"), and which keeps
 * the instant it was taken at (Python's `fold`). "e" and "c" show no zone.
 */
export class NaiveLocalDatetime extends AwareDatetime {
  readonly naive = true;
}

/** Django's `make_aware(value, zone)` (fold 0): the instant a naive Date's fields are in `timeZone`. */
export function makeAware(naive: Date, timeZone: string): AwareDatetime {
  const ms = naive.getTime();
  const before = utcOffsetMinutes(new Date(ms - DAY), timeZone);
  const after = utcOffsetMinutes(new Date(ms + DAY), timeZone);
  const fits = (offset: number) => wallClock(new Date(ms - offset * 60000), timeZone).getTime() === ms;
  const candidates = [...new Set([before, after])].filter(fits).map((o) => ms - o * 60000);
  // Ambiguous (clocks set back): the first occurrence; in a gap (clocks set
  // forward): the offset from before the change, as zoneinfo's fold 0 does.
  if (candidates.length) return new AwareDatetime(Math.min(...candidates), timeZone);
  return new AwareDatetime(ms - before * 60000, timeZone, true, new Date(ms));
}

const DAY = 86_400_000;

/**
 * Django's `_datetime_ambiguous_or_imaginary`: the wall time of an aware
 * datetime in its zone is there twice (clocks set back) or not at all
 * (clocks set forward), so its offset depends on `fold`.
 */
export function isAmbiguousOrImaginary(value: AwareDatetime): boolean {
  const ms = value.wall().getTime();
  const timeZone = value.timeZone;
  const before = utcOffsetMinutes(new Date(ms - DAY), timeZone);
  const after = utcOffsetMinutes(new Date(ms + DAY), timeZone);
  if (before === after) return false;
  const fits = (offset: number) => wallClock(new Date(ms - offset * 60000), timeZone).getTime() === ms;
  return fits(before) === fits(after);
}

/** Django's `dst()` being non-zero: the offset is above the year's standard (lowest) one. */
export function isDst(instant: Date, timeZone: string): boolean {
  const year = wallClock(instant, timeZone).getUTCFullYear();
  const jan = utcOffsetMinutes(new Date(Date.UTC(year, 0, 1)), timeZone);
  const jul = utcOffsetMinutes(new Date(Date.UTC(year, 6, 1)), timeZone);
  return utcOffsetMinutes(instant, timeZone) > Math.min(jan, jul);
}

const nameFormatters = new Map<string, Intl.DateTimeFormat>();

function shortName(instant: Date, timeZone: string, locale: string): string | undefined {
  const key = `${locale}\0${timeZone}`;
  let f = nameFormatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
    nameFormatters.set(key, f);
  }
  return f.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value;
}

/** Locales whose short zone names are the tz database's abbreviations for their region. */
const NAME_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'ja-JP', 'ko-KR'];

/**
 * The zone's abbreviation at an instant, as Python's zoneinfo gives it from
 * the tz database ("CET", "EST"). `Intl` knows the American ones in en-US
 * the European ones in en-GB, and so on (NAME_LOCALES); where it knows none ("GMT+4") the tz
 * database's numeric form ("+04") is given.
 */
export function tzName(instant: Date, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  let name = timeZone;
  for (const locale of NAME_LOCALES) {
    name = shortName(instant, timeZone, locale) ?? name;
    if (!/^(?:GMT|UTC)[+-]/.test(name)) break;
  }
  const m = /^(?:GMT|UTC)([+-])(\d{1,2})(?::(\d\d))?$/.exec(name);
  if (m) return `${m[1]}${m[2]!.padStart(2, '0')}${m[3] ?? ''}`;
  return name;
}

/**
 * Django's `template_localtime(value, use_tz)`: with time zone support on
 * (the engine's `useTz`, or `{% localtime on %}`), an aware datetime is
 * shown in the current time zone. With `useTz` a plain Date is aware (in
 * UTC); without, it is naive and left as it is.
 */
export function templateLocaltime(value: unknown, useTz: boolean, engineUseTz: boolean, currentTimeZone: string): unknown {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) return value;
  const aware = value instanceof AwareDatetime || engineUseTz;
  if (!aware) return value;
  if (useTz && !(value instanceof AwareDatetime && !value.convertToLocalTime)) return new AwareDatetime(value, currentTimeZone);
  return value instanceof AwareDatetime ? value : new AwareDatetime(value, 'UTC');
}
