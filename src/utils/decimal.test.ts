import { describe, expect, test } from 'vitest';
import { Decimal, decimalFromFloat, hasFraction, quantize, significant, toBigInt } from './decimal.js';

const tuple = (d: Decimal | undefined) => d && [d.sign, d.digits, d.special ?? d.exponent];

describe('Decimal.parse (Python\'s Decimal(str))', () => {
  test.each([
    ['1_000', [0, '1000', 0]], ['1__0', [0, '10', 0]], [' 1.5 ', [0, '15', -1]], ['1.', [0, '1', 0]], ['+.5', [0, '5', -1]],
    ['-0', [1, '0', 0]], ['0.00', [0, '0', -2]], ['09.000', [0, '9000', -3]], ['NaN123', [0, '123', 'n']], ['nan0012', [0, '12', 'n']],
    ['snan', [0, '', 'N']], ['-nan', [1, '', 'n']], ['Infinity', [0, '0', 'F']], ['-INF', [1, '0', 'F']], ['in_f', [0, '0', 'F']],
    ['\u0661\u0662', [0, '12', 0]], ['\u{1D7D9}\u{1D7DA}', [0, '12', 0]], ['1e1_0', [0, '1', 10]], ['_1', [0, '1', 0]],
    ['1.5E-3_', [0, '15', -4]], ['\u20031.5\u3000', [0, '15', -1]], ['\x1c1\x1c', [0, '1', 0]], ['1e999999999', [0, '1', 999999999]],
  ])('%j', (text, expected) => {
    expect(tuple(Decimal.parse(text))).toEqual(expected);
  });

  test.each(['.', '1e', '1e+', 'e5', '_', '0x10', '1 2', 'abc', ''])('%j is invalid', (text) => {
    expect(Decimal.parse(text)).toBeUndefined();
  });
});

describe('Decimal arithmetic', () => {
  test('fromFloat is the exact binary value', () => {
    expect(decimalFromFloat(0.1).formatFixed()).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(decimalFromFloat(2.675).formatFixed()).toBe('2.67499999999999982236431605997495353221893310546875');
    expect(decimalFromFloat(1e22).formatFixed()).toBe('10000000000000000000000');
    expect(decimalFromFloat(-0.5).formatFixed()).toBe('-0.5');
    expect(decimalFromFloat(5e-324).adjusted()).toBe(-324);
  });

  test('quantize rounds half up or half to even on the decimal digits', () => {
    const q = (s: string, exp: number, r: 'ROUND_HALF_UP' | 'ROUND_HALF_EVEN') => quantize(Decimal.parse(s)!, exp, r).formatFixed();
    expect(q('2.5', 0, 'ROUND_HALF_UP')).toBe('3');
    expect(q('2.5', 0, 'ROUND_HALF_EVEN')).toBe('2');
    expect(q('3.5', 0, 'ROUND_HALF_EVEN')).toBe('4');
    expect(q('-1.005', -2, 'ROUND_HALF_UP')).toBe('-1.01');
    expect(q('9.995', -2, 'ROUND_HALF_UP')).toBe('10.00');
    expect(q('0.0004', -2, 'ROUND_HALF_UP')).toBe('0.00');
    expect(q('12', -3, 'ROUND_HALF_UP')).toBe('12.000');
    expect(q('1.25000001', -1, 'ROUND_HALF_EVEN')).toBe('1.3');
  });

  test('significant digits carry into a new digit', () => {
    expect(significant(Decimal.parse('9.99')!, 2, 'ROUND_HALF_EVEN')).toEqual({ digits: '10', adjusted: 1 });
    expect(significant(Decimal.parse('0.000123456')!, 3, 'ROUND_HALF_EVEN')).toEqual({ digits: '123', adjusted: -4 });
  });

  test('formats as Python\'s {:f}, {:e} and str()', () => {
    const rows: [string, string, string, string][] = [
      ['1E+2', '100', '1e+2', '1E+2'], ['1.20', '1.20', '1.20e+0', '1.20'], ['0E-5', '0.00000', '0e-5', '0.00000'],
      ['-0', '-0', '-0e+0', '-0'], ['12345', '12345', '1.2345e+4', '12345'], ['0.0000001', '0.0000001', '1e-7', '1E-7'],
    ];
    for (const [s, f, e, str] of rows) {
      const d = Decimal.parse(s)!;
      expect([d.formatFixed(), d.formatScientific(), d.toString()]).toEqual([f, e, str]);
    }
    expect(Decimal.parse('-inf')!.toString()).toBe('-Infinity');
    expect(Decimal.parse('nan12')!.toString()).toBe('NaN12');
  });

  test('int() truncates and hasFraction sees any nonzero fraction', () => {
    expect(toBigInt(Decimal.parse('-7.9')!)).toBe(-7n);
    expect(toBigInt(Decimal.parse('1.5e3')!)).toBe(1500n);
    expect(hasFraction(Decimal.parse('3.000')!)).toBe(false);
    expect(hasFraction(Decimal.parse('3.001')!)).toBe(true);
  });
});
