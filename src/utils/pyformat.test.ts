import { describe, expect, test } from 'vitest';
import { PyTuple } from '../runtime/pyrepr.js';
import { percentFormat } from './pyformat.js';

// Expected values printed by Python 3.12's `fmt % value`.
describe('percentFormat (Python\'s printf-style formatting)', () => {
  test.each([
    ['%5.2f', 3.14159, ' 3.14'], ['%-8s|', 'ab', 'ab      |'], ['%+05d', 42, '+0042'], ['%#x', 255, '0xff'], ['%#o', 8, '0o10'],
    ['%e', 12345.678, '1.234568e+04'], ['%.0e', 2.5, '2e+00'], ['%g', 1e-05, '1e-05'], ['%g', 123456789.5, '1.23457e+08'],
    ['%#g', 1, '1.00000'], ['%.3g', 0.0001234, '0.000123'], ['%G', 1e300, '1E+300'], ['%.0f', 0.5, '0'], ['%.0f', 1.5, '2'],
    ['%.2f', 2.675, '2.67'], ['%f', 1e22, '10000000000000000000000.000000'], ['%c', 9731, '\u2603'], ['%r', "it's", '"it\'s"'],
    ['%a', '\u00e9', "'\\xe9'"], ['%05f', Infinity, '00inf'], ['%x', -255, '-ff'], ['%.3d', -5, '-005'], ['%%', PyTuple.make(), '%'],
    ['%s', [1, 'a'], "[1, 'a']"], ['%(a)s', { a: 1 }, '1'], ['%-+6.1f|', 2.25, '+2.2  |'], ['% d', 7, ' 7'],
  ])('%s %% %j', (fmt, value, expected) => {
    expect(percentFormat(fmt as string, value)).toBe(expected);
  });

  test.each([
    ['%d', 'a', 'TypeError'], ['%s %s', 'a', 'TypeError'], ['%s', PyTuple.make(1, 2), 'TypeError'], ['%z', 1, 'ValueError'],
    ['%', 1, 'ValueError'], ['%(a)s', 1, 'TypeError'], ['%(b)s', { a: 1 }, 'KeyError'], ['%c', 0x110000, 'OverflowError'],
    ['%d', Infinity, 'OverflowError'], ['%d', NaN, 'ValueError'], ['%x', 1.5, 'TypeError'], ['abc', 1, 'TypeError'],
  ])('%s %% %j raises %s', (fmt, value, name) => {
    expect(() => percentFormat(fmt as string, value)).toThrow(expect.objectContaining({ name }));
  });

  test('a list or dict may go unused, as CPython treats them as mappings', () => {
    expect(percentFormat('abc', [])).toBe('abc');
    expect(percentFormat('%%', {})).toBe('%');
  });
});
