/** Python's int() and str.title(), checked against what Python 3.12 gives. */
import { expect, test } from 'vitest';
import { markSafe } from '../runtime/safestring.js';
import { pyInt, pyTitle, sliceCodePoints } from './pystr.js';

test('pyInt accepts what int() accepts', () => {
  expect(pyInt(' 42 ')).toBe(42);
  expect(pyInt('+7')).toBe(7);
  expect(Object.is(pyInt('-0'), 0)).toBe(true);
  expect(pyInt('1_000')).toBe(1000);
  expect(pyInt('٣٤')).toBe(34);
  expect(pyInt('\uff11\uff12')).toBe(12);
  expect(pyInt('\u{1d7d8}\u{1d7d9}')).toBe(1);
  expect(pyInt(markSafe('5'))).toBe(5);
  expect(pyInt(5.9)).toBe(5);
  expect(pyInt(-5.9)).toBe(-5);
  expect(pyInt(true)).toBe(1);
  expect(pyInt(12n)).toBe(12);
});

test('pyInt raises what int() raises', () => {
  for (const s of ['1__0', '_1', '1_', '- 1', '', '0x10', '1.0']) {
    expect(() => pyInt(s)).toThrow(`invalid literal for int() with base 10: '${s}'`);
  }
  // %.200R: the repr is cut at 200 characters.
  expect(() => pyInt('x'.repeat(250))).toThrow(`invalid literal for int() with base 10: '${'x'.repeat(199)}`);
  expect(() => pyInt(NaN)).toThrow('cannot convert float NaN to integer');
  expect(() => pyInt(Infinity)).toThrow('cannot convert float infinity to integer');
  expect(() => pyInt(null)).toThrow("int() argument must be a string, a bytes-like object or a real number, not 'NoneType'");
  expect(() => pyInt([1])).toThrow("not 'list'");
  expect(() => pyInt({})).toThrow("not 'dict'");
});

test('pyTitle', () => {
  expect(pyTitle('hello world')).toBe('Hello World');
  expect(pyTitle('ΣΑΣ ΟΔΟΣ')).toBe('Σας Οδος');
  expect(pyTitle('ß')).toBe('Ss');
  expect(pyTitle('ǆungla')).toBe('ǅungla');
  expect(pyTitle('ﬁsh')).toBe('Fish');
  expect(pyTitle("they're bill's")).toBe("They'Re Bill'S");
  expect(pyTitle('x1y')).toBe('X1Y');
  expect(pyTitle('cafe\u0301 bar')).toBe('Cafe\u0301 Bar');
  expect(pyTitle('ΑΣ\u0301Β')).toBe('Ασ\u0301Β');
});

test('sliceCodePoints', () => {
  expect(sliceCodePoints('😀a😀b', 0, 3)).toBe('😀a😀');
  expect(sliceCodePoints('😀a😀b', 1, 3)).toBe('a😀');
  expect(sliceCodePoints('abc', 0)).toBe('abc');
});
