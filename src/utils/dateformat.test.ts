import { afterEach, describe, expect, test } from 'vitest';
import { DateFormat, TimeFormat, defaultDatetimeFormat, format, timeFormat } from './dateformat.js';
import { AwareDatetime } from './timezone.js';
import { EN_US, getFormat, type DateLocale } from './dates.js';
import { timesince, timeuntil } from './timesince.js';

/** A naive datetime: the Date whose UTC fields are these. */
function dt(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): Date {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d;
}

function thrown(fn: () => unknown): { name: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('nothing thrown');
}

describe('DateFormat (Django tests/utils_tests/test_dateformat.py, in UTC)', () => {
  const birthday = dt(1979, 7, 8, 22, 0);

  test.each([
    ['b', 'jul'], ['d', '08'], ['D', 'Sun'], ['E', 'July'], ['F', 'July'], ['j', '8'], ['l', 'Sunday'],
    ['L', 'False'], ['m', '07'], ['M', 'Jul'], ['n', '7'], ['N', 'July'], ['o', '1979'], ['S', 'th'],
    ['t', '31'], ['w', '0'], ['W', '27'], ['y', '79'], ['Y', '1979'], ['z', '189'],
    ['a', 'p.m.'], ['A', 'PM'], ['f', '10'], ['g', '10'], ['G', '22'], ['h', '10'], ['H', '22'],
    ['i', '00'], ['P', '10 p.m.'], ['s', '00'], ['u', '000000'],
    ['e', ''], ['O', '+0000'], ['T', 'UTC'], ['Z', '0'], ['I', '0'],
    ['r', 'Sun, 08 Jul 1979 22:00:00 +0000'], ['U', '300319200'], ['c', '1979-07-08T22:00:00'],
  ])('%s', (spec, expected) => {
    expect(format(birthday, spec)).toBe(expected);
  });

  test('escapes and literal text', () => {
    expect(format(birthday, String.raw`Y z \C\E\T`)).toBe('1979 189 CET');
    expect(format(birthday, String.raw`jS \o\f F`)).toBe('8th of July');
    expect(format(birthday, '')).toBe('');
    expect(format(birthday, String.raw`\\Y`)).toBe('\\Y');
    // Python's `.` does not match a newline, so that backslash stays.
    expect(format(birthday, 'Y\\\nm')).toBe('1979\\\n07');
    expect(format(birthday, '\\\u{1F600}Y')).toBe('\u{1F600}1979');
  });

  test('the argument is formatted as its Python str()', () => {
    expect(format(birthday, 5)).toBe('5');
    // None is "None": N, o, n, e.
    expect(format(birthday, undefined)).toBe('July19797');
    expect(format(birthday, ['Y'])).toBe("['1979']");
  });

  test('microseconds, c and u', () => {
    const t = dt(2008, 5, 19, 11, 45, 23, 123);
    expect(format(t, 'c')).toBe('2008-05-19T11:45:23.123000');
    expect(format(t, 'u')).toBe('123000');
  });

  test('years before 1000 and leap years', () => {
    expect(format(dt(1, 1, 1), 'Y')).toBe('0001');
    expect(format(dt(999, 1, 1), 'Y')).toBe('0999');
    expect(format(dt(4, 9, 8, 5), 'y')).toBe('04');
    expect(format(dt(476, 9, 8, 5), 'y')).toBe('76');
    expect(format(dt(2000, 12, 31), 'z L')).toBe('366 True');
    expect(format(dt(1900, 2, 1), 't L')).toBe('28 False');
    expect(format(dt(2100, 10, 25), 'Y')).toBe('2100');
  });

  test('U truncates toward zero, as int() does', () => {
    expect(format(dt(1970, 1, 1), 'U')).toBe('0');
    expect(format(dt(1969, 12, 31, 23, 59, 59, 500), 'U')).toBe('0');
    expect(format(dt(1969, 12, 31, 23, 59, 58, 250), 'U')).toBe('-1');
  });

  test('twelve-hour forms and P', () => {
    const cases: [number, number, string, string, string][] = [
      [0, 0, '12', '12', 'midnight'],
      [0, 30, '12', '12', '12:30 a.m.'],
      [1, 0, '1', '01', '1 a.m.'],
      [8, 30, '8', '08', '8:30 a.m.'],
      [12, 0, '12', '12', 'noon'],
      [12, 5, '12', '12', '12:05 p.m.'],
      [16, 0, '4', '04', '4 p.m.'],
      [23, 59, '11', '11', '11:59 p.m.'],
    ];
    for (const [hour, minute, g, h, p] of cases) {
      expect(format(dt(2000, 1, 1, hour, minute), 'g|h|P')).toBe(`${g}|${h}|${p}`);
    }
  });

  test('S for every day', () => {
    const got = Array.from({ length: 31 }, (_, i) => format(dt(1970, 1, i + 1), 'S'));
    expect(got.slice(0, 4)).toEqual(['st', 'nd', 'rd', 'th']);
    expect(got.slice(10, 13)).toEqual(['th', 'th', 'th']);
    expect(got.slice(20, 23)).toEqual(['st', 'nd', 'rd']);
    expect(got[30]).toBe('st');
  });

  test('o and W agree with the ISO rule (the week of the Thursday) for 1999-2031', () => {
    for (let t = dt(1999, 1, 1).getTime(); t < dt(2032, 1, 1).getTime(); t += 86_400_000) {
      const d = new Date(t);
      const thursday = new Date(t + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
      const isoYear = thursday.getUTCFullYear();
      const week = Math.floor((thursday.getTime() - Date.UTC(isoYear, 0, 1)) / (7 * 86_400_000)) + 1;
      expect(format(d, 'o W'), d.toISOString()).toBe(`${isoYear} ${week}`);
    }
  });

  describe('the host time zone does not matter (a Date is read in UTC)', () => {
    const saved = process.env.TZ;
    afterEach(() => {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    });
    test.each(['America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati'])('%s', (tz) => {
      process.env.TZ = tz;
      expect(format(dt(2024, 1, 1, 0, 30), 'Y-m-d H:i D U O T')).toBe('2024-01-01 00:30 Mon 1704069000 +0000 UTC');
    });
  });
});

describe('defaultDatetimeFormat', () => {
  test('is format(value, DATETIME_FORMAT) in English, aware datetimes included', () => {
    const hours = [0, 1, 11, 12, 13, 23];
    const minutes = [0, 5, 30];
    for (const year of [1, 99, 999, 2026, 9999]) {
      for (let month = 1; month <= 12; month++) {
        for (const hour of hours) {
          for (const minute of minutes) {
            const d = dt(year, month, 28, hour, minute);
            expect(defaultDatetimeFormat(d)).toBe(format(d, getFormat('DATETIME_FORMAT')));
            const aware = new AwareDatetime(d, 'America/New_York');
            expect(defaultDatetimeFormat(aware)).toBe(format(aware, getFormat('DATETIME_FORMAT')));
          }
        }
      }
    }
  });
});

describe('non-dates', () => {
  test('fields raise AttributeError, r and U the TypeError of datetime.combine()', () => {
    expect(thrown(() => format('abc', 'Y'))).toEqual({ name: 'AttributeError', message: "'str' object has no attribute 'year'" });
    expect(thrown(() => format(5, 'P'))).toEqual({ name: 'AttributeError', message: "'int' object has no attribute 'minute'" });
    expect(thrown(() => format([1], 'r'))).toEqual({
      name: 'TypeError',
      message: 'combine() argument 1 must be datetime.date, not list',
    });
    expect(thrown(() => format({ a: 1 }, 'U')).message).toBe('combine() argument 1 must be datetime.date, not dict');
    expect(thrown(() => format(new Date(NaN), 'j')).name).toBe('AttributeError');
  });

  test('specifiers that read no field give ""', () => {
    expect(format('abc', '[e|O|T|Z|I]')).toBe('[||||]');
    expect(timeFormat('abc', '[e|O|T|Z]')).toBe('[|||]');
  });
});

describe('TimeFormat', () => {
  test('knows only the time specifiers', () => {
    expect(timeFormat(dt(2024, 1, 2, 16, 25), 'P H:i:s u a A e O T Z')).toBe('4:25 p.m. 16:25:00 000000 p.m. PM  +0000 UTC 0');
    expect(thrown(() => timeFormat(dt(2024, 1, 2), 'd'))).toEqual({
      name: 'AttributeError',
      message: "'TimeFormat' object has no attribute 'd'",
    });
    expect(new TimeFormat(dt(2024, 1, 2, 13)).format('h')).toBe('01');
    expect(new DateFormat(dt(2024, 1, 2, 13)).format('h')).toBe('01');
  });
});

describe('locales', () => {
  test('formats and words come from one table', () => {
    expect(getFormat('DATETIME_FORMAT')).toBe('N j, Y, P');
    expect(getFormat('Y-m-d')).toBe('Y-m-d');
    const shout: DateLocale = {
      ...EN_US,
      months3: EN_US.months3.map((m) => m.toUpperCase()),
      monthsAp: EN_US.monthsAp.map((m) => m.toUpperCase()),
      noon: 'NOON',
      timeStrings: { ...EN_US.timeStrings, day: (n) => `${n} DAY(S)` },
      listSeparator: ' + ',
    };
    expect(format(dt(2021, 9, 1, 12), 'b M N P', shout)).toBe('SEP Sep SEPT. NOON');
    expect(timesince(dt(2021, 9, 1), dt(2021, 9, 3, 5), { locale: shout })).toBe('2\xa0DAY(S) + 5\xa0hours');
  });
});

describe('timesince (Django tests/utils_tests/test_timesince.py)', () => {
  const t = dt(2007, 8, 14, 13, 46);
  const plus = (ms: number) => new Date(t.getTime() + ms);
  const MIN = 60_000;
  const HOUR = 60 * MIN;
  const DAY = 24 * HOUR;

  test('units', () => {
    expect(timesince(t, t)).toBe('0\xa0minutes');
    expect(timesince(t, plus(1))).toBe('0\xa0minutes');
    expect(timesince(t, plus(1000))).toBe('0\xa0minutes');
    expect(timesince(t, plus(MIN))).toBe('1\xa0minute');
    expect(timesince(t, plus(HOUR))).toBe('1\xa0hour');
    expect(timesince(t, plus(DAY))).toBe('1\xa0day');
    expect(timesince(t, plus(7 * DAY))).toBe('1\xa0week');
    expect(timesince(t, plus(31 * DAY))).toBe('1\xa0month');
    expect(timesince(t, plus(366 * DAY))).toBe('1\xa0year');
    expect(timesince(t, plus(2 * DAY + 6 * HOUR))).toBe('2\xa0days, 6\xa0hours');
    expect(timesince(t, plus(14 * DAY + 3 * HOUR + 4 * MIN))).toBe('2\xa0weeks');
  });

  test('the other way round is 0 minutes', () => {
    for (const ms of [1, 1000, MIN, DAY, 366 * DAY]) expect(timesince(t, plus(-ms))).toBe('0\xa0minutes');
    expect(timeuntil(plus(DAY), t)).toBe('1\xa0day');
    expect(timeuntil(plus(-DAY), t)).toBe('0\xa0minutes');
  });

  test('depth', () => {
    const now = plus(2 * 366 * DAY + 31 * DAY + 7 * DAY + DAY + HOUR + MIN);
    expect(timesince(t, now, { depth: 1 })).toBe('2\xa0years');
    expect(timesince(t, now, { depth: 6 })).toBe('2\xa0years, 1\xa0month, 1\xa0week, 2\xa0days, 1\xa0hour, 1\xa0minute');
    expect(timesince(t, plus(DAY + MIN), { depth: 3 })).toBe('1\xa0day');
    expect(thrown(() => timesince(t, now, { depth: 0 }))).toEqual({ name: 'ValueError', message: 'depth must be greater than 0.' });
  });

  test('calendar months, and a pivot in a year before 100', () => {
    expect(timesince(dt(2013, 2, 10), dt(2014, 3, 10))).toBe('1\xa0year, 1\xa0month');
    expect(timesince(dt(2007, 8, 10), dt(2008, 9, 10))).toBe('1\xa0year, 1\xa0month');
    expect(timesince(dt(2024, 2, 29), dt(2025, 2, 28))).toBe('11\xa0months, 4\xa0weeks');
    expect(timesince(dt(50, 1, 31), dt(51, 3, 2))).toBe('1\xa0year, 1\xa0month');
  });

  test('without a reference, now', () => {
    expect(timesince(dt(9999, 1, 1))).toBe('0\xa0minutes');
    expect(timesince(new Date(Date.now() - DAY - MIN))).toBe('1\xa0day');
    expect(timeuntil(new Date(Date.now() + HOUR + 30 * 1000))).toBe('1\xa0hour');
  });

  test('non-dates raise AttributeError', () => {
    expect(thrown(() => timesince('abc'))).toEqual({ name: 'AttributeError', message: "'str' object has no attribute 'year'" });
    expect(thrown(() => timesince(t, 5)).message).toBe("'int' object has no attribute 'year'");
  });
});
