import { describe, expect, test } from 'vitest';
import { Decimal } from './decimal.js';
import { format as nformat, numberFormat } from './numberformat.js';

const dec = (s: string) => Decimal.parse(s)!;

// Django's tests/utils_tests/test_numberformat.py, ported.
describe('numberformat.format', () => {
  test('numbers', () => {
    expect(nformat(1234, '.')).toBe('1234');
    expect(nformat(1234.2, '.')).toBe('1234.2');
    expect(nformat(1234, '.', 2)).toBe('1234.00');
    expect(nformat(1234, '.', null, 2, ',')).toBe('1234');
    expect(nformat(1234, '.', null, 2, ',', true)).toBe('12,34');
    expect(nformat(-1234.33, '.', 1)).toBe('-1234.3');
    // use_l10n decides with USE_THOUSAND_SEPARATOR on
    expect(nformat(1234, '.', null, 3, ',', false, false, true)).toBe('1234');
    expect(nformat(1234, '.', null, 3, ',', false, true, true)).toBe('1,234');
  });

  test('strings', () => {
    expect(nformat('1234', '.')).toBe('1234');
    expect(nformat('1234.2', '.')).toBe('1234.2');
    expect(nformat('1234', '.', 2)).toBe('1234.00');
    expect(nformat('1234', '.', null, 2, ',')).toBe('1234');
    expect(nformat('1234', '.', null, 2, ',', true)).toBe('12,34');
    expect(nformat('-1234.33', '.', 1)).toBe('-1234.3');
    expect(nformat('10000', '.', null, 3, 'comma', true)).toBe('10comma000');
  });

  test('large ints', () => {
    const max = BigInt('179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368');
    expect(nformat(max, '.')).toBe(max.toString());
    expect(nformat(-max - 1n, '.')).toBe((-max - 1n).toString());
  });

  test('floats', () => {
    expect(nformat(9e-10, '.', 10)).toBe('0.0000000009');
    expect(nformat(9e-19, '.', 2)).toBe('0.00');
    expect(nformat(0.00000000000099, '.', 0)).toBe('0');
    expect(nformat(0.00000000000099, '.', 13)).toBe('0.0000000000009');
    expect(nformat(1e16, '.')).toBe('10000000000000000');
    expect(nformat(1e16, '.', 2)).toBe('10000000000000000.00');
    expect(nformat(1e16, '.', null, 3, ',', true)).toBe('10,000,000,000,000,000');
    expect(nformat(1e16, '.', 2, 3, ',', true)).toBe('10,000,000,000,000,000.00');
  });

  test('decimals', () => {
    expect(nformat(dec('1234'), '.')).toBe('1234');
    expect(nformat(dec('1234.2'), '.')).toBe('1234.2');
    expect(nformat(dec('1234'), '.', 2)).toBe('1234.00');
    expect(nformat(dec('1234'), '.', null, 2, ',')).toBe('1234');
    expect(nformat(dec('1234'), '.', null, 2, ',', true)).toBe('12,34');
    expect(nformat(dec('-1234.33'), '.', 1)).toBe('-1234.3');
    expect(nformat(dec('0.00000001'), '.', 8)).toBe('0.00000001');
    expect(nformat(dec('9e-19'), '.', 2)).toBe('0.00');
    expect(nformat(dec('.00000000000099'), '.', 0)).toBe('0');
    expect(nformat(dec('1e16'), '.', null, 3, ',', true)).toBe('10,000,000,000,000,000');
    expect(nformat(dec('1e16'), '.', 2, 3, ',', true)).toBe('10,000,000,000,000,000.00');
    expect(nformat(dec('3.'), '.')).toBe('3');
    expect(nformat(dec('3.0'), '.')).toBe('3.0');
    const big: [string, number | null, string][] = [
      ['9e9999', null, '9e+9999'], ['9e9999', 3, '9.000e+9999'], ['9e201', null, '9e+201'], ['9e200', null, '9e+200'],
      ['1.2345e999', 2, '1.23e+999'], ['9e-999', null, '9e-999'], ['1e-7', 8, '0.00000010'], ['1e-8', 8, '0.00000001'],
      ['1e-9', 8, '0.00000000'], ['1e-10', 8, '0.00000000'], ['1e-11', 8, '0.00000000'], ['1' + '0'.repeat(300), 3, '1.000e+300'],
      ['0.' + '0'.repeat(299) + '1234', 3, '0.000'],
    ];
    for (const [value, pos, expected] of big) expect(nformat(dec(value), '.', pos)).toBe(expected);
  });

  test('non-uniform grouping', () => {
    expect(nformat(123456789, '.', null, [3, 2, 0], ',', true)).toBe('12,34,56,789');
    expect(nformat(123456789, '.', null, [3, 2, -1], ',', true)).toBe('1234,56,789');
  });

  test('empty', () => {
    expect(nformat('', '.')).toBe('');
    expect(nformat(null, '.')).toBe('None');
  });
});

describe('formats.number_format (en-us)', () => {
  test('groups only when forced, and only when localized', () => {
    expect(numberFormat(1234567.5, 2)).toBe('1234567.50');
    expect(numberFormat(1234567.5, 2, null, true)).toBe('1,234,567.50');
    expect(numberFormat(1234567.5, 2, false, true)).toBe('1234567.50');
  });
});
