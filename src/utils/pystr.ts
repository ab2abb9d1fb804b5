/**
 * Python's `int()` and the `str` methods Django's text filters use, with
 * Python's semantics: lengths and indices count code points, not UTF-16
 * units, and "whitespace" is what `str.isspace()` says.
 */
import { pyError } from '../errors.js';
import { SafeString } from '../runtime/safestring.js';
import { isDictLike, pyStrRepr, pyTypeName } from '../runtime/pyrepr.js';
import { toTitle } from './unicodedata.js';
import { pyWhitespace } from './text.js';

/** `type(v).__name__` as Python names the types JavaScript values stand for. */
export function pyTypeNameOf(v: unknown): string {
  if (typeof v === 'string' || v instanceof SafeString) return 'str';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  if (isDictLike(v)) return 'dict';
  if (v instanceof Set) return 'set';
  if (v instanceof Date) return 'datetime';
  return pyTypeName(v);
}

// int() accepts surrounding whitespace, a sign, and decimal digits of any
// script, single underscores between them.
const intLiteral = new RegExp(`^[${pyWhitespace}]*([+-]?)(\\p{Nd}+(?:_\\p{Nd}+)*)[${pyWhitespace}]*$`, 'u');
const nd = /\p{Nd}/u;

/** The value of a Unicode decimal digit (they come in runs of whole 0-9 sets). */
function digitValue(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return cp - 48;
  let start = cp;
  while (nd.test(String.fromCodePoint(start - 1))) start--;
  return (cp - start) % 10;
}

/**
 * Python's `int(v)` for the values a template can hold. Beyond 2^53 the
 * result is a float approximation, which is all a length or width needs.
 */
export function pyInt(v: unknown): number {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw pyError('ValueError', 'cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw pyError('OverflowError', 'cannot convert float infinity to integer');
    return Math.trunc(v) + 0;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' || v instanceof SafeString) {
    const s = typeof v === 'string' ? v : v.value;
    const m = intLiteral.exec(s);
    if (!m) {
      // Python's `%.200R`: the repr, cut at 200 characters.
      const repr = Array.from(pyStrRepr(s)).slice(0, 200).join('');
      throw pyError('ValueError', `invalid literal for int() with base 10: ${repr}`);
    }
    let digits = '';
    for (const ch of m[2]) if (ch !== '_') digits += String(digitValue(ch));
    return Number(m[1] + digits) + 0;
  }
  throw pyError('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeNameOf(v)}'`);
}

/** Python's `s[start:end]` by code points (non-negative bounds). */
export function sliceCodePoints(s: string, start: number, end = Infinity): string {
  if (start <= 0 && end === Infinity) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    if (n >= end) break;
    if (n >= start) out += ch;
    n++;
  }
  return out;
}

const cased = /\p{Cased}/u;
const caseIgnorable = /\p{Case_Ignorable}/u;

/**
 * Whether the capital sigma at `i` of `chars` ends a word (Unicode's
 * Final_Sigma, as Python's lower() decides it from the original string).
 */
function isFinalSigma(chars: string[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && caseIgnorable.test(chars[j])) j--;
  if (j < 0 || !cased.test(chars[j])) return false;
  j = i + 1;
  while (j < chars.length && caseIgnorable.test(chars[j])) j++;
  return j === chars.length || !cased.test(chars[j]);
}

/**
 * Python's `str.title()`: a cased character after an uncased one takes its
 * titlecase form, every other character its lowercase.
 */
export function pyTitle(s: string): string {
  const chars = Array.from(s);
  let out = '';
  let previousIsCased = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (previousIsCased) out += ch === '\u03a3' ? (isFinalSigma(chars, i) ? '\u03c2' : '\u03c3') : ch.toLowerCase();
    else out += toTitle(ch);
    previousIsCased = cased.test(ch);
  }
  return out;
}
