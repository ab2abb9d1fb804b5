/**
 * Django's `django/utils/dates.py` and the date formats of
 * `django/conf/locale/en/formats.py`: every word and format that dates are
 * written with, in one table per locale, so that a locale can be swapped in
 * as a whole (only en-us, Django's default LANGUAGE_CODE, exists so far).
 */

export type TimeUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

export interface DateLocale {
  /** `WEEKDAYS`, Monday first, as Python's `weekday()` counts. */
  readonly weekdays: readonly string[];
  /** `WEEKDAYS_ABBR`, Monday first. */
  readonly weekdaysAbbr: readonly string[];
  /** `MONTHS`, January first. */
  readonly months: readonly string[];
  /** `MONTHS_3`: lowercase three-letter names ("b"; "M" is their title case). */
  readonly months3: readonly string[];
  /** `MONTHS_AP`: Associated Press style ("N"). */
  readonly monthsAp: readonly string[];
  /** `MONTHS_ALT`: the alternative (genitive in some languages) names ("E"). */
  readonly monthsAlt: readonly string[];
  /** "a" */
  readonly am: string;
  readonly pm: string;
  /** "A" */
  readonly AM: string;
  readonly PM: string;
  /** "P" at 00:00 and 12:00. */
  readonly midnight: string;
  readonly noon: string;
  /** timesince's `TIME_STRINGS` (ngettext of "%(num)d year" / "%(num)d years", ...). */
  readonly timeStrings: Readonly<Record<TimeUnit, (num: number) => string>>;
  /** timesince's `gettext(", ")`. */
  readonly listSeparator: string;
  /**
   * What `get_format(name)` finds in the locale's formats module. Besides the
   * date formats, `|date:"NUMBER_GROUPING"` and the like resolve here too, so
   * the other settings are kept with Python's values (a list formats as its
   * `str()`; the input formats get the ISO formats Django appends).
   */
  readonly formats: Readonly<Record<string, string | number | readonly string[]>>;
}

/* @__NO_SIDE_EFFECTS__ */
function plural(one: string, many: string): (num: number) => string {
  return (num) => (num === 1 ? one : many).replace('%(num)d', String(num));
}

/**
 * What `{{ }}` writes a datetime with in a render without translations
 * (dateformat's defaultDatetimeFormat): en's `MONTHS_AP` and the words of
 * "P", apart from EN_US so that such a page bundles no more of it. (EN_US
 * names the same constants: reading a property of EN_TIME_WORDS instead
 * would keep EN_US in every page, as a bundler cannot tell that the read
 * has no side effects.)
 */
export const EN_MONTHS_AP: readonly string[] = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const AM = 'a.m.';
const PM = 'p.m.';
const MIDNIGHT = 'midnight';
const NOON = 'noon';
export const EN_TIME_WORDS: Pick<DateLocale, 'am' | 'pm' | 'midnight' | 'noon'> = { am: AM, pm: PM, midnight: MIDNIGHT, noon: NOON };

export const EN_US: DateLocale = {
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  weekdaysAbbr: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  months: [
    'January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December',
  ],
  months3: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  monthsAp: EN_MONTHS_AP,
  monthsAlt: [
    'January', 'February', 'March', 'April', 'May', 'June',
    'July', 'August', 'September', 'October', 'November', 'December',
  ],
  am: AM,
  pm: PM,
  AM: 'AM',
  PM: 'PM',
  timeStrings: {
    year: plural('%(num)d year', '%(num)d years'),
    month: plural('%(num)d month', '%(num)d months'),
    week: plural('%(num)d week', '%(num)d weeks'),
    day: plural('%(num)d day', '%(num)d days'),
    hour: plural('%(num)d hour', '%(num)d hours'),
    minute: plural('%(num)d minute', '%(num)d minutes'),
  },
  midnight: MIDNIGHT,
  noon: NOON,
  listSeparator: ', ',
  formats: {
    DATE_FORMAT: 'N j, Y',
    TIME_FORMAT: 'P',
    DATETIME_FORMAT: 'N j, Y, P',
    YEAR_MONTH_FORMAT: 'F Y',
    MONTH_DAY_FORMAT: 'F j',
    SHORT_DATE_FORMAT: 'm/d/Y',
    SHORT_DATETIME_FORMAT: 'm/d/Y P',
    FIRST_DAY_OF_WEEK: 0,
    DATE_INPUT_FORMATS: [
      '%Y-%m-%d', '%m/%d/%Y', '%m/%d/%y', '%b %d %Y', '%b %d, %Y', '%d %b %Y',
      '%d %b, %Y', '%B %d %Y', '%B %d, %Y', '%d %B %Y', '%d %B, %Y',
    ],
    DATETIME_INPUT_FORMATS: [
      '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M',
      '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f', '%m/%d/%Y %H:%M',
      '%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M:%S.%f', '%m/%d/%y %H:%M',
      '%Y-%m-%d',
    ],
    TIME_INPUT_FORMATS: ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'],
    DECIMAL_SEPARATOR: '.',
    THOUSAND_SEPARATOR: ',',
    NUMBER_GROUPING: 3,
  },
};

/**
 * Django's `formats.get_format(format_type)`: the locale's setting of that
 * name, or, when there is none, the name itself (so `|date:"Y-m-d"` formats
 * with "Y-m-d"). The name is Python's `str()` of whatever was given.
 */
/** A locale whose formats are overridden (Django's DATE_FORMAT and friends as settings). */
export function withFormats(locale: DateLocale, formats: Readonly<Record<string, string>> | undefined): DateLocale {
  if (!formats || Object.keys(formats).length === 0) return locale;
  return { ...locale, formats: { ...locale.formats, ...formats } };
}

export function getFormat(formatType: string, locale: DateLocale = EN_US): string | number | readonly string[] {
  return Object.hasOwn(locale.formats, formatType) ? locale.formats[formatType]! : formatType;
}
