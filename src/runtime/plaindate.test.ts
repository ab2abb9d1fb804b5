import { describe, expect, test } from 'vitest';
import { asPyDate, asPyTime, plainDate, plainTime } from './plaindate.js';
import { Engine } from '../index.js';

/** What the Temporal polyfills make: fields as getters of a class, the tag on the prototype. */
class PolyfillDate {
  #f: [number, number, number];
  constructor(year: number, month: number, day: number, readonly calendarId = 'iso8601') {
    this.#f = [year, month, day];
  }
  get year() { return this.calendarId === 'iso8601' ? this.#f[0] : this.#f[0] + 3760; }
  get month() { return this.#f[1]; }
  get day() { return this.#f[2]; }
  withCalendar(id: string) { return new PolyfillDate(...this.#f, id); }
  get [Symbol.toStringTag]() { return 'Temporal.PlainDate'; }
}

describe('plainDate', () => {
  test('is a frozen Temporal.PlainDate look-alike', () => {
    const d = plainDate(2020, 1, 5);
    expect(Object.prototype.toString.call(d)).toBe('[object Temporal.PlainDate]');
    expect(Object.isFrozen(d)).toBe(true);
    expect([d.year, d.month, d.day]).toEqual([2020, 1, 5]);
    expect(String(d)).toBe('2020-01-05');
    expect(JSON.stringify({ d })).toBe('{"d":"2020-01-05"}');
  });

  test('refuses a date that does not exist, as Temporal and Python do', () => {
    expect(() => plainDate(2021, 2, 29)).toThrow(RangeError);
    expect(() => plainDate(2020, 4, 31)).toThrow(RangeError);
    expect(() => plainDate(2020, 13, 1)).toThrow(RangeError);
    expect(() => plainDate(2020, 1, 1.5)).toThrow(RangeError);
    expect(plainDate(2020, 2, 29).day).toBe(29);
    expect(plainDate(2020, 12, 31).day).toBe(31);
  });
});

describe('plainTime', () => {
  test('is a frozen Temporal.PlainTime look-alike, its microseconds as Python counts them', () => {
    const t = plainTime(13, 5, 7, 0, 123);
    expect(Object.prototype.toString.call(t)).toBe('[object Temporal.PlainTime]');
    expect(Object.isFrozen(t)).toBe(true);
    expect(asPyTime(t)).toEqual({ hour: 13, minute: 5, second: 7, microsecond: 123 });
    expect(String(plainTime(1, 2, 3, 4, 5))).toBe('01:02:03.004005');
    expect(String(plainTime(12))).toBe('12:00:00');
    expect(() => plainTime(24)).toThrow(RangeError);
  });
});

describe('recognition', () => {
  test('by tag and fields, wherever the class comes from', () => {
    expect(asPyDate(new PolyfillDate(2020, 1, 5))).toEqual({ year: 2020, month: 1, day: 5 });
    // Another calendar's date is read in the ISO calendar, Python's.
    expect(asPyDate(new PolyfillDate(2020, 1, 5, 'hebrew'))).toEqual({ year: 2020, month: 1, day: 5 });
    expect(asPyDate({ year: 2020, month: 1, day: 5 })).toBeUndefined();
    expect(asPyDate({ [Symbol.toStringTag]: 'Temporal.PlainDate', year: '2020', month: 1, day: 5 })).toBeUndefined();
    expect(asPyDate(new Date())).toBeUndefined();
    expect(asPyTime(plainDate(2020, 1, 5))).toBeUndefined();
  });

  test('a template sees a date as Django sees a datetime.date', () => {
    const engine = new Engine();
    const t = engine.fromString('{{ d }}|{{ d|date:"c" }}|{{ l }}|{{ d|upper }}');
    expect(t.render({ d: new PolyfillDate(2020, 1, 5), l: [plainDate(2020, 1, 5)] }))
      .toBe('Jan. 5, 2020|2020-01-05|[datetime.date(2020, 1, 5)]|2020-01-05');
  });
});
