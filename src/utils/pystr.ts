/**
 * Python's `int()` and the `str` methods Django's text filters use, with
 * Python's semantics: lengths and indices count code points, not UTF-16
 * units, and "whitespace" is what `str.isspace()` says.
 */
import { toTitle } from './unicodedata.js';
import { lazyRegExp } from './lazy-regexp.js';
import { pyError } from '../errors.js';

export { pyInt } from './pyconvert.js';

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

const cased = /* @__PURE__ */ lazyRegExp('\\p{Cased}', 'u');
const caseIgnorable = /* @__PURE__ */ lazyRegExp('\\p{Case_Ignorable}', 'u');

/**
 * Whether the capital sigma at `i` of `chars` ends a word (Unicode's
 * Final_Sigma, as Python's lower() decides it from the original string).
 */
function isFinalSigma(chars: string[], i: number): boolean {
  let j = i - 1;
  while (j >= 0 && caseIgnorable().test(chars[j])) j--;
  if (j < 0 || !cased().test(chars[j])) return false;
  j = i + 1;
  while (j < chars.length && caseIgnorable().test(chars[j])) j++;
  return j === chars.length || !cased().test(chars[j]);
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
    previousIsCased = cased().test(ch);
  }
  return out;
}

/**
 * V8's longest string (2^29 - 24 characters). Python builds longer ones
 * while memory lasts; past it reinhardt raises Python's MemoryError rather
 * than letting JavaScript's RangeError ("Invalid string length") out.
 */
export const MAX_STRING_LENGTH = 2 ** 29 - 24;

/** Python's `' ' * left + text + ' ' * right` (a count below 1 adds nothing). */
export function pyPad(text: string, left: number, right: number): string {
  left = Math.max(0, left);
  right = Math.max(0, right);
  if (left + text.length + right > MAX_STRING_LENGTH) throw pyError('MemoryError', '');
  return ' '.repeat(left) + text + ' '.repeat(right);
}
