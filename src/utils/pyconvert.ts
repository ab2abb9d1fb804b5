/**
 * Python's `int()` and `float()` of template values, with Python's errors:
 * the number filters depend on which of ValueError, TypeError and
 * OverflowError a conversion raises, since Django catches some and lets
 * others escape.
 */
import { pyError } from '../errors.js';
import { SafeString } from '../runtime/safestring.js';
import { isPyInt, pyStrRepr, pyTypeName } from '../runtime/pyrepr.js';
import { asciiDigits, pyStrip } from './decimal.js';

const intRe = /^[+-]?\d(?:_?\d)*$/;
const digitsPart = '\\d(?:_?\\d)*';
const floatRe = /* @__PURE__ */ new RegExp(
  `^[+-]?(?:(?:${digitsPart}(?:\\.(?:${digitsPart})?)?|\\.${digitsPart})(?:[eE][+-]?${digitsPart})?|inf|infinity|nan)$`,
  'i',
);

/** Python's `type(v).__name__` (see pyTypeName). */
export const pyClassName = pyTypeName;

/** A Python int as reinhardt holds it: a number below 2^53, else a BigInt. */
export function pyIntValue(b: bigint): number | bigint {
  return b > -9007199254740992n && b < 9007199254740992n ? Number(b) : b;
}

/** Python's `%.200R`: the repr, cut at 200 characters. */
function reprCut(s: string): string {
  return Array.from(pyStrRepr(s)).slice(0, 200).join('');
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof SafeString) return v.value;
  return undefined;
}

/** Python's `int(value)` (base 10 for text), as a BigInt. */
export function pyIntOf(v: unknown): bigint {
  switch (typeof v) {
    case 'bigint': return v;
    case 'boolean': return v ? 1n : 0n;
    case 'number':
      if (isPyInt(v)) return BigInt(v);
      if (Number.isNaN(v)) throw pyError('ValueError', 'cannot convert float NaN to integer');
      if (!Number.isFinite(v)) throw pyError('OverflowError', 'cannot convert float infinity to integer');
      return BigInt(Math.trunc(v));
  }
  const s = text(v);
  if (s === undefined) {
    throw pyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyClassName(v)}'`);
  }
  const t = asciiDigits(pyStrip(s));
  if (!intRe.test(t)) throw pyError('ValueError', `invalid literal for int() with base 10: ${reprCut(s)}`);
  return BigInt(t.replaceAll('_', ''));
}

/** Python's `float(value)`. */
export function pyFloatOf(v: unknown): number {
  switch (typeof v) {
    case 'number': return v;
    case 'boolean': return v ? 1 : 0;
    case 'bigint': {
      const x = Number(v);
      if (!Number.isFinite(x)) throw pyError('OverflowError', 'int too large to convert to float');
      return x;
    }
  }
  const s = text(v);
  if (s === undefined) {
    throw pyError('TypeError', `float() argument must be a string or a real number, not '${pyClassName(v)}'`);
  }
  const t = asciiDigits(pyStrip(s));
  if (!floatRe.test(t)) throw pyError('ValueError', `could not convert string to float: ${pyStrRepr(s)}`);
  const lower = t.toLowerCase();
  if (lower.endsWith('nan')) return NaN;
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(t.replaceAll('_', ''));
}

/** Is this a Python number (int, float or bool)? */
export function isPyNumber(v: unknown): v is number | bigint | boolean {
  return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean';
}

/** Python's `int(value)` as a number (a float approximation past 2^53: fine for counts and widths). */
export function pyInt(v: unknown): number {
  return Number(pyIntOf(v)) + 0;
}

/** `int(value)`, or undefined where Python raises ValueError or TypeError (what tags catch). */
export function tryPyInt(v: unknown): number | undefined {
  try {
    return pyInt(v);
  } catch (e) {
    if (e instanceof Error && (e.name === 'ValueError' || e.name === 'TypeError')) return undefined;
    throw e;
  }
}

/** `float(value)`, or undefined where Python raises ValueError, TypeError or OverflowError. */
export function tryPyFloat(v: unknown): number | undefined {
  try {
    return pyFloatOf(v);
  } catch (e) {
    if (e instanceof Error && (e.name === 'ValueError' || e.name === 'TypeError' || e.name === 'OverflowError')) return undefined;
    throw e;
  }
}
