import { describe, expect, test } from 'vitest';
import { AwareDatetime, isAmbiguousOrImaginary, isDst, makeAware, tzName, utcOffsetMinutes, wallClock } from './timezone.js';

describe('timezone (through Intl)', () => {
  test('wall clock and offset across a DST change', () => {
    const before = new Date('2024-03-31T00:59:59Z');
    const after = new Date('2024-03-31T01:00:00Z');
    expect(wallClock(before, 'Europe/Paris').toISOString()).toBe('2024-03-31T01:59:59.000Z');
    expect(wallClock(after, 'Europe/Paris').toISOString()).toBe('2024-03-31T03:00:00.000Z');
    expect(utcOffsetMinutes(before, 'Europe/Paris')).toBe(60);
    expect(utcOffsetMinutes(after, 'Europe/Paris')).toBe(120);
    expect(isDst(after, 'Europe/Paris')).toBe(true);
    expect(isDst(new Date('2024-01-01T00:00:00Z'), 'Australia/Sydney')).toBe(true);
  });

  test('make_aware with fold 0: ambiguous times take the first, gaps the offset before', () => {
    // 02:30 on 2024-10-27 is there twice in Paris: the first is 00:30 UTC.
    expect(makeAware(new Date('2024-10-27T02:30:00Z'), 'Europe/Paris').toISOString()).toBe('2024-10-27T00:30:00.000Z');
    // 02:30 on 2024-03-31 is not there: taken with +01:00, fields kept.
    const gap = makeAware(new Date('2024-03-31T02:30:00Z'), 'Europe/Paris');
    expect(gap.toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(gap.wall().toISOString()).toBe('2024-03-31T02:30:00.000Z');
    expect(gap.utcOffset()).toBe(60);
    expect(isAmbiguousOrImaginary(gap)).toBe(true);
    expect(isAmbiguousOrImaginary(new AwareDatetime(new Date('2024-10-27T01:30:00Z'), 'Europe/Paris'))).toBe(true);
    expect(isAmbiguousOrImaginary(new AwareDatetime(new Date('2024-07-01T00:00:00Z'), 'Europe/Paris'))).toBe(false);
  });

  test('abbreviations as the tz database has them', () => {
    const winter = new Date('2024-01-15T12:00:00Z');
    expect(tzName(winter, 'Europe/Paris')).toBe('CET');
    expect(tzName(winter, 'America/New_York')).toBe('EST');
    expect(tzName(winter, 'Asia/Tokyo')).toBe('JST');
    expect(tzName(winter, 'UTC')).toBe('UTC');
  });
});
