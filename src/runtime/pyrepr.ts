/**
 * Python's `str()` and `repr()` of JavaScript values, so that a value prints
 * as Django prints the same data. The number rule: an integer below 2^53 is
 * a Python `int`, any other number a Python `float`.
 */
import { SafeString } from './safestring.js';
import { lazyRegExp } from '../utils/lazy-regexp.js';
import { pyError } from '../errors.js';
import { asPyDate, asPyTime, dateIsoformat, timeIsoformat } from './plaindate.js';

/** A Python tuple: an array that prints as `(a, b)`. */
export class PyTuple extends Array<unknown> {
  static make(...items: unknown[]): PyTuple {
    return PyTuple.fromItems(items);
  }

  /** A tuple of an array's items (any number: spreading them into a call is bounded by the stack). */
  static fromItems(items: Iterable<unknown>): PyTuple {
    const t = new PyTuple();
    for (const x of items) t.push(x);
    return t;
  }
}

/** A Python dict view (`d.items`, `d.keys`, `d.values`): prints as `dict_items([...])`. */
export class DictView extends Array<unknown> {
  viewKind: 'dict_items' | 'dict_keys' | 'dict_values' = 'dict_items';
  static make(kind: DictView['viewKind'], items: unknown[]): DictView {
    const v = new DictView();
    v.viewKind = kind;
    for (const x of items) v.push(x);
    return v;
  }
}

export function isPyInt(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < 9007199254740992;
}

/** Is this a Python dict (a plain object, a null-prototype object or a Map)? */
export function isDictLike(v: unknown): v is Record<string, unknown> | Map<unknown, unknown> {
  if (v instanceof Map) return true;
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The digits and decimal exponent of the shortest round-trip form of |x|. */
export function shortestDigits(x: number): { digits: string; exp: number } {
  // toExponential() without an argument gives as many digits as needed to
  // tell the number apart: the same digits Python's repr() chooses.
  const s = Math.abs(x).toExponential();
  const e = s.indexOf('e');
  const digits = s.slice(0, e).replace('.', '');
  return { digits, exp: Number(s.slice(e + 1)) };
}

/** Python's `repr(float)`. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Where both write a fraction in fixed notation, JavaScript's text is
  // Python's: the same shortest digits (a value printed in templates often).
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16 && !Number.isInteger(x)) return String(x);
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(x);
  if (exp >= -5 + 1 && exp < 16) {
    // fixed notation
    if (exp >= 0) {
      const intPart = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
      const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
      return sign + intPart + '.' + frac;
    }
    return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  }
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const e = Math.abs(exp);
  return sign + mant + 'e' + (exp < 0 ? '-' : '+') + (e < 10 ? '0' + e : String(e));
}

export function pyNumberStr(n: number): string {
  if (isPyInt(n)) return String(n === 0 ? 0 : n);
  return pyFloatRepr(n);
}

const nonPrintable = /* @__PURE__ */ lazyRegExp('[\\p{C}\\p{Z}\\\\]', 'u');
const unprintableChar = /* @__PURE__ */ lazyRegExp('[\\p{C}\\p{Z}]', 'u');

/** Python's `repr(str)`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  if (!nonPrintable().test(s) && !s.includes(quote)) return quote + s + quote;
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === ' ' || !unprintableChar().test(ch)) out += ch;
    else if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + quote;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Python's `str(datetime)` of a Date, read in UTC. */
export function pyDatetimeStr(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const date = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  return `${date} ${time}${ms ? '.' + String(ms * 1000).padStart(6, '0') : ''}`;
}

/** Python's `repr(datetime)` of a Date read in UTC: `datetime.datetime(2024, 1, 2, 3, 4)`. */
export function pyDatetimeRepr(d: Date): string {
  if (Number.isNaN(d.getTime())) return 'Invalid Date';
  const fields = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const seconds = d.getUTCSeconds(), micro = d.getUTCMilliseconds() * 1000;
  if (seconds || micro) fields.push(seconds);
  if (micro) fields.push(micro);
  return `datetime.datetime(${fields.join(', ')})`;
}

/** Python's `repr()` of a date or a time: `datetime.date(2020, 1, 5)`, `datetime.time(12, 30)`. */
function plainRepr(v: object): string | undefined {
  const d = asPyDate(v);
  if (d !== undefined) return `datetime.date(${d.year}, ${d.month}, ${d.day})`;
  const t = asPyTime(v);
  if (t === undefined) return undefined;
  const fields = [t.hour, t.minute];
  if (t.second || t.microsecond) fields.push(t.second);
  if (t.microsecond) fields.push(t.microsecond);
  return `datetime.time(${fields.join(', ')})`;
}

function objectStr(v: object): string {
  // A date's or a time's own: Temporal's toString() differs (calendars, fractions).
  const d = asPyDate(v);
  if (d !== undefined) return dateIsoformat(d);
  const t = asPyTime(v);
  if (t !== undefined) return timeIsoformat(t);
  const ts = (v as { toString?: unknown }).toString;
  if (typeof ts === 'function' && ts !== Object.prototype.toString) {
    const s = ts.call(v);
    // Python's str() refuses what a __str__ returns unless it is a str.
    if (typeof s !== 'string') throw pyError('TypeError', `__str__ returned non-string (type ${pyTypeName(s)})`);
    return s;
  }
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  return `<${typeof name === 'string' && name ? name : 'object'} object>`;
}

/** Python's `str()` of a value. */
export function pyStr(v: unknown): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return pyNumberStr(v);
    case 'boolean': return v ? 'True' : 'False';
    case 'undefined': return 'None';
    case 'bigint': return v.toString();
    case 'symbol': return v.toString();
    case 'function': return `<function ${v.name || 'anonymous'}>`;
  }
  if (v === null) return 'None';
  if (v instanceof SafeString) return v.value;
  if (Array.isArray(v) || v instanceof Set || isDictLike(v)) return pyRepr(v);
  if (v instanceof Date) return pyDatetimeStr(v);
  return objectStr(v as object);
}

/** Python's `repr()` of a value (how a list or dict shows its members). */
export function pyRepr(v: unknown, seen: Set<object> = new Set()): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof SafeString) return pyStrRepr(v.value);
  if (v === null || typeof v !== 'object') return pyStr(v);
  if (seen.has(v)) return Array.isArray(v) ? '[...]' : '{...}';
  // Python's __repr__ protocol, for values that imitate Python types.
  const custom = (v as { __repr__?: unknown }).__repr__;
  if (typeof custom === 'function') return String(custom.call(v));
  seen.add(v);
  try {
    if (v instanceof PyTuple) {
      const parts = Array.from(v, (x) => pyRepr(x, seen));
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
    }
    if (v instanceof DictView) {
      return `${v.viewKind}([${Array.from(v, (x) => pyRepr(x, seen)).join(', ')}])`;
    }
    if (Array.isArray(v)) {
      const parts: string[] = [];
      for (let i = 0; i < v.length; i++) parts.push(pyRepr(Object.hasOwn(v, i) ? v[i] : undefined, seen));
      return '[' + parts.join(', ') + ']';
    }
    if (v instanceof Map) {
      const parts: string[] = [];
      for (const [k, val] of v) parts.push(pyRepr(k, seen) + ': ' + pyRepr(val, seen));
      return '{' + parts.join(', ') + '}';
    }
    if (v instanceof Set) {
      if (v.size === 0) return 'set()';
      return '{' + [...v].map((x) => pyRepr(x, seen)).join(', ') + '}';
    }
    if (isDictLike(v)) {
      const parts: string[] = [];
      for (const k of Object.keys(v)) parts.push(pyStrRepr(k) + ': ' + pyRepr((v as Record<string, unknown>)[k], seen));
      return '{' + parts.join(', ') + '}';
    }
    if (v instanceof Date) return pyDatetimeRepr(v);
    return plainRepr(v) ?? objectStr(v);
  } finally {
    seen.delete(v);
  }
}

/**
 * Python's `type(v).__name__`, for messages: as they show it, so the
 * datetime module's types by their qualified names (`'datetime.date'
 * object is not iterable`).
 */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  switch (typeof v) {
    case 'number': return isPyInt(v) ? 'int' : 'float';
    case 'boolean': return 'bool';
    case 'bigint': return 'int';
    case 'string': return 'str';
    case 'function': return 'function';
    case 'symbol': return 'object';
  }
  if (v instanceof SafeString) return 'SafeString';
  if (v instanceof DictView) return v.viewKind;
  if (v instanceof PyTuple) return v.constructor === PyTuple ? 'tuple' : v.constructor.name;
  if (Array.isArray(v)) return 'list';
  if (v instanceof Set) return 'set';
  if (isDictLike(v)) return 'dict';
  if (v instanceof Date) return 'datetime.datetime';
  if (asPyDate(v) !== undefined) return 'datetime.date';
  if (asPyTime(v) !== undefined) return 'datetime.time';
  return Object.getPrototypeOf(v)?.constructor?.name ?? 'object';
}
