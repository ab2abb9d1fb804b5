/**
 * Python's truth, equality, ordering and membership on JavaScript values:
 * what `{% if %}` and the filters decide with.
 */
import { SafeString } from './safestring.js';
import { PyTuple, isDictLike, pyTypeName } from './pyrepr.js';
import { pyError } from '../errors.js';
import { asPyDate, asPyTime } from './plaindate.js';

/** Python's `bool(value)`. */
/**
 * Python's hash(), where Django uses a value as a dict key (a template
 * name in the loaders, a view name in reverse()): a list, dict or set has
 * none, and a tuple has one when its items do.
 */
export function checkHashable(v: unknown): void {
  const type = pyTypeName(v);
  if (type === 'list' || type === 'dict' || type === 'set') throw pyError('TypeError', `unhashable type: '${type}'`);
  if (v instanceof PyTuple) for (const item of v) checkHashable(item);
}

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean': return v;
    case 'string': return v.length > 0;
    case 'number': return v !== 0; // NaN is true in Python too
    case 'bigint': return v !== 0n;
    case 'function': return true;
    case 'symbol': return true;
  }
  if (v instanceof SafeString) return v.value.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  if (isDictLike(v)) {
    for (const _ in v) if (Object.hasOwn(v, _)) return true;
    return false;
  }
  return true;
}

/** A string value, whether plain or safe; undefined for anything else. */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof SafeString) return v.value;
  return undefined;
}

/** A numeric value as Python sees it (bool is an int); undefined otherwise. */
function asNumber(v: unknown): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/** Python's `a == b`. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (b === null || b === undefined) return false;
  const ta = asText(a);
  if (ta !== undefined) return ta === asText(b);
  const na = asNumber(a);
  if (na !== undefined) {
    const nb = asNumber(b);
    // eslint-disable-next-line eqeqeq
    return nb !== undefined && na == nb;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    const x = ownItems(a), y = ownItems(b);
    for (let i = 0; i < x.length; i++) if (!pyEquals(x[i], y[i])) return false;
    return true;
  }
  if (isDictLike(a) && isDictLike(b)) {
    const ka = dictKeys(a), kb = dictKeys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!dictHas(b, k)) return false;
      if (!pyEquals(dictGet(a, k), dictGet(b, k))) return false;
    }
    return true;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return comparePlain(a, b) === 0;
}

/**
 * Python's ordering of two dates or two times (a date is not a datetime:
 * `date == datetime` is False and `<` raises); undefined for anything else.
 */
function comparePlain(a: unknown, b: unknown): number | undefined {
  const da = asPyDate(a);
  if (da !== undefined) {
    const db = asPyDate(b);
    return db && (da.year - db.year || da.month - db.month || da.day - db.day);
  }
  const ta = asPyTime(a), tb = ta && asPyTime(b);
  return tb && (ta!.hour - tb.hour || ta!.minute - tb.minute || ta!.second - tb.second || ta!.microsecond - tb.microsecond);
}

function dictKeys(d: Record<string, unknown> | Map<unknown, unknown>): unknown[] {
  return d instanceof Map ? [...d.keys()] : Object.keys(d);
}
function dictHas(d: Record<string, unknown> | Map<unknown, unknown>, k: unknown): boolean {
  return d instanceof Map ? d.has(k) : typeof k === 'string' && Object.hasOwn(d, k);
}
function dictGet(d: Record<string, unknown> | Map<unknown, unknown>, k: unknown): unknown {
  return d instanceof Map ? d.get(k) : d[k as string];
}

/**
 * Python's ordering: a negative, zero or positive number, or undefined when
 * Python would raise TypeError (`None < 1`, `'a' < 1`).
 */
export function pyCompare(a: unknown, b: unknown): number | undefined {
  const na = asNumber(a), nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : na == nb ? 0 : NaN; // eslint-disable-line eqeqeq
  const ta = asText(a), tb = asText(b);
  if (ta !== undefined && tb !== undefined) return compareCodePoints(ta, tb);
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (pyEquals(a[i], b[i])) continue;
      return pyCompare(a[i], b[i]);
    }
    return a.length - b.length;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  return comparePlain(a, b);
}

/** Python compares strings by code point, not by UTF-16 unit. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Python's `a in b`; undefined where Python raises TypeError. */
export function pyContains(container: unknown, item: unknown): boolean | undefined {
  const text = asText(container);
  if (text !== undefined) {
    const t = asText(item);
    return t === undefined ? undefined : text.includes(t);
  }
  if (Array.isArray(container)) {
    for (const x of ownItems(container)) if (pyEquals(x, item)) return true;
    return false;
  }
  if (container instanceof Map) {
    if (container.has(item)) return true;
    for (const k of container.keys()) if (pyEquals(k, item)) return true;
    return false;
  }
  if (container instanceof Set) {
    for (const k of container) if (pyEquals(k, item)) return true;
    return false;
  }
  if (isDictLike(container)) {
    const t = asText(item);
    if (t !== undefined) return Object.hasOwn(container, t);
    return false;
  }
  return undefined;
}

/** Python's `a is b`, where `None` is both null and undefined. */
export function pyIs(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

/** Python's `len()`; undefined where Python raises TypeError. */
export function pyLen(v: unknown): number | undefined {
  const t = asText(v);
  if (t !== undefined) return codePointLength(t);
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (isDictLike(v)) return Object.keys(v).length;
  return undefined;
}

export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

/**
 * Python's `list(iter(value))`: the items a `for` over the value sees (a
 * dict's keys, a string's characters), or undefined where Python raises
 * TypeError.
 */
export function pyIterate(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return ownItems(value);
  if (typeof value === 'string') return Array.from(value);
  if (value === null || typeof value !== 'object') return undefined;
  if (value instanceof SafeString) return Array.from(value.value);
  if (value instanceof Map) return [...value.keys()];
  if (isDictLike(value)) return Object.keys(value);
  if (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(value as Iterable<unknown>);
  return undefined;
}

/**
 * An array's items, where a hole is None. Reading a hole goes up the
 * prototype chain; only when a prototype has been given enumerable keys (a
 * polluted Object.prototype or Array.prototype) is the array copied, so that
 * nothing inherited can fill a hole.
 */
export function ownItems<T>(items: T[]): (T | undefined)[] {
  if (!prototypesPolluted()) return items;
  const clean: (T | undefined)[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) clean[i] = Object.hasOwn(items, i) ? items[i] : undefined;
  return clean;
}

function prototypesPolluted(): boolean {
  for (const _ in Array.prototype) return true;
  return false;
}
