/**
 * Python's `html.unescape` (Python 3.12): every named and numeric character
 * reference, valid or not, decoded by the HTML5 rules Python follows. Django
 * relies on it through `HTMLParser(convert_charrefs=True)` (the Truncator)
 * and in `urlize`.
 */
import { html5 } from './html5entities.js';

// What the HTML5 spec (and Python) substitutes for some numeric references.
const invalidCharrefs: ReadonlyMap<number, string> = new Map([
  [0x00, '\ufffd'], [0x0d, '\r'], [0x80, '\u20ac'], [0x81, '\x81'], [0x82, '\u201a'], [0x83, '\u0192'],
  [0x84, '\u201e'], [0x85, '\u2026'], [0x86, '\u2020'], [0x87, '\u2021'], [0x88, '\u02c6'], [0x89, '\u2030'],
  [0x8a, '\u0160'], [0x8b, '\u2039'], [0x8c, '\u0152'], [0x8d, '\x8d'], [0x8e, '\u017d'], [0x8f, '\x8f'],
  [0x90, '\x90'], [0x91, '\u2018'], [0x92, '\u2019'], [0x93, '\u201c'], [0x94, '\u201d'], [0x95, '\u2022'],
  [0x96, '\u2013'], [0x97, '\u2014'], [0x98, '\u02dc'], [0x99, '\u2122'], [0x9a, '\u0161'], [0x9b, '\u203a'],
  [0x9c, '\u0153'], [0x9d, '\x9d'], [0x9e, '\u017e'], [0x9f, '\u0178'],
]);

// Code points a numeric reference may not produce: Python drops them.
function isInvalidCodepoint(n: number): boolean {
  return (
    (n >= 0x1 && n <= 0x8) || n === 0xb || (n >= 0xe && n <= 0x1f) || (n >= 0x7f && n <= 0x9f) ||
    (n >= 0xfdd0 && n <= 0xfdef) || (n & 0xfffe) === 0xfffe
  );
}

// Python's _charref. The name part counts code points ({1,32}), hence `u`.
const charrefRe = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;

function replaceCharref(_m: string, s: string): string {
  if (s[0] === '#') {
    const hex = s[1] === 'x' || s[1] === 'X';
    const digits = s.slice(hex ? 2 : 1).replace(/;$/, '');
    // A number too long for a double is still above 0x10FFFF, as in Python.
    const num = parseInt(digits, hex ? 16 : 10);
    const sub = invalidCharrefs.get(num);
    if (sub !== undefined) return sub;
    if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return '\ufffd';
    if (isInvalidCodepoint(num)) return '';
    return String.fromCodePoint(num);
  }
  const whole = html5(s);
  if (whole !== undefined) return whole;
  // The longest known name the text starts with (at least two characters).
  // Names are ASCII, so a UTF-16 prefix finds the same ones as Python's.
  for (let x = s.length - 1; x > 1; x--) {
    const hit = html5(s.slice(0, x));
    if (hit !== undefined) return hit + s.slice(x);
  }
  return '&' + s;
}

/** Python's `html.unescape(s)`. */
export function unescape(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(charrefRe, replaceCharref);
}
