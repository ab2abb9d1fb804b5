/** Filters on sequences: length, join, first, last, dictsort, dictsortreversed, random, slice, pprint. */
import type { FilterRegistrar } from './index.js';
import type { Library } from '../src/library.js';
import { conditionalEscapeText } from '../src/runtime/escape.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyError, raised } from '../src/errors.js';
import { DictView, PyTuple, isDictLike, isPyInt, pyRepr, pyStr, pyTypeName } from '../src/runtime/pyrepr.js';
import { asText, ownItems, pyCompare, pyEquals, pyIterate, pyLen } from '../src/runtime/pyops.js';
import { MISSING, getMember } from '../src/runtime/lookup.js';
import { pformat } from '../src/utils/pprint.js';
import { pyClassName, pyFloatOf, pyIntOf } from '../src/utils/pyconvert.js';

/** Python's `len()`, or 0 where Python raises TypeError. */
export function length(value: unknown): number {
  return pyLen(value) ?? 0;
}

/**
 * `str.join`: each item escaped first when autoescaping, the separator too.
 * Python's join refuses non-strings with TypeError, and the filter then
 * gives back the value unchanged.
 */
export function join(value: unknown, arg: unknown, autoescape = true): unknown {
  // Without autoescaping Django calls arg.join(value): a separator that is
  // not text fails before the value is iterated.
  if (!autoescape && typeof arg !== 'string' && !(arg instanceof SafeString)) {
    throw pyError('AttributeError', `'${pyTypeName(arg)}' object has no attribute 'join'`);
  }
  const items = pyIterate(value);
  if (items === undefined) return value;
  if (autoescape) {
    const sep = conditionalEscapeText(arg);
    let out = '';
    for (let i = 0; i < items.length; i++) out += (i ? sep : '') + conditionalEscapeText(items[i]);
    return new SafeString(out);
  }
  const sep = typeof arg === 'string' ? arg : (arg as SafeString).value;
  const parts: string[] = [];
  for (const v of items) {
    if (typeof v === 'string') parts.push(v);
    else if (v instanceof SafeString) parts.push(v.value);
    else return value;
  }
  return new SafeString(parts.join(sep));
}

/** Python's `value[0]`, or "" for an empty sequence. */
export function first(value: unknown): unknown {
  return index(value, 0);
}

/** Python's `value[-1]`, or "" for an empty sequence. */
export function last(value: unknown): unknown {
  return index(value, -1);
}

function index(value: unknown, i: number): unknown {
  let items: ArrayLike<unknown>;
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = Array.from(value);
  else if (value instanceof SafeString) items = Array.from(value.value);
  else if (isDictLike(value)) throw pyError('KeyError', String(i));
  else throw pyError('TypeError', `'${pyTypeName(value)}' object is not subscriptable`);
  if (items.length === 0) return '';
  return items[i < 0 ? items.length + i : i];
}

/** A Python list or tuple (not a dict view, which cannot be indexed). */
function isSequence(v: unknown): v is unknown[] {
  return Array.isArray(v) && !(v instanceof DictView);
}

/** Python's int index (int or bool), or undefined for any other key. */
function intIndex(key: unknown): number | undefined {
  if (typeof key === 'boolean') return key ? 1 : 0;
  if (typeof key === 'bigint') return Number(key);
  if (typeof key === 'number' && isPyInt(key)) return key;
  return undefined;
}

/** Python's `value[key]`, with Python's errors. */
function getItem(value: unknown, key: unknown): unknown {
  const text = asText(value);
  if (isSequence(value) || text !== undefined) {
    const items: readonly unknown[] = text !== undefined ? Array.from(text) : ownItems(value as unknown[]);
    const kind = text !== undefined ? 'string' : value instanceof PyTuple ? 'tuple' : 'list';
    const i = intIndex(key);
    if (i === undefined) {
      if (kind === 'string') throw pyError('TypeError', 'string indices must be integers, not \'' + pyClassName(key) + "'");
      throw pyError('TypeError', `${kind} indices must be integers or slices, not ${pyClassName(key)}`);
    }
    const j = i < 0 ? items.length + i : i;
    if (j < 0 || j >= items.length) throw pyError('IndexError', `${kind} index out of range`);
    return items[j];
  }
  if (value instanceof Map) {
    if (value.has(key)) return value.get(key);
    for (const [k, v] of value) if (pyEquals(k, key)) return v;
    throw pyError('KeyError', pyRepr(key));
  }
  if (isDictLike(value)) {
    const k = asText(key);
    if (k !== undefined && Object.hasOwn(value, k)) return (value as Record<string, unknown>)[k];
    throw pyError('KeyError', pyRepr(key));
  }
  throw pyError('TypeError', `'${pyClassName(value)}' object is not subscriptable`);
}

// The public attributes of Python's built-in types: what getattr() finds on
// a dict, list or str when a dictsort key path names one.
const builtinAttributes: Record<string, string> = {
  dict: 'clear copy fromkeys get items keys pop popitem setdefault update values',
  list: 'append clear copy count extend index insert pop remove reverse sort',
  tuple: 'count index',
  str: 'capitalize casefold center count encode endswith expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper zfill',
  int: 'as_integer_ratio bit_count bit_length conjugate from_bytes is_integer to_bytes',
  float: 'as_integer_ratio conjugate fromhex hex is_integer',
  set: 'add clear copy difference difference_update discard intersection intersection_update isdisjoint issubset issuperset pop remove symmetric_difference symmetric_difference_update union update',
};

function builtinTypeName(v: unknown): string | undefined {
  if (asText(v) !== undefined) return 'str';
  if (typeof v === 'boolean' || typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return isPyInt(v) ? 'int' : 'float';
  if (v instanceof PyTuple) return 'tuple';
  if (isSequence(v)) return 'list';
  if (v instanceof Set) return 'set';
  if (isDictLike(v)) return 'dict';
  return undefined;
}

/**
 * Python's `getattr(value, name)`. A built-in type's method is a bound
 * method, which Python cannot order: a fresh function stands for it.
 */
function getAttr(value: unknown, name: string): unknown {
  const type = builtinTypeName(value);
  if (type !== undefined || value === null || value === undefined) {
    if (type === 'int' || type === 'float') {
      const n = typeof value === 'number' ? value : Number(value);
      if (name === 'real') return n;
      if (name === 'imag') return 0;
      if (type === 'int' && name === 'numerator') return typeof value === 'bigint' ? value : n;
      if (type === 'int' && name === 'denominator') return 1;
    }
    if (type !== undefined && builtinAttributes[type].split(' ').includes(name)) return () => undefined;
    throw pyError('AttributeError', `'${type ?? 'NoneType'}' object has no attribute '${name}'`);
  }
  const v = getMember(value, name);
  if (v === MISSING) throw pyError('AttributeError', `'${pyClassName(value)}' object has no attribute '${name}'`);
  return v;
}

/**
 * Django's `_property_resolver`: a number-like argument is an index or key
 * (`itemgetter`); any other is a dotted path, each part tried as an item
 * and then as an attribute.
 */
function propertyResolver(arg: unknown): (value: unknown) => unknown {
  try {
    pyFloatOf(arg);
  } catch (e) {
    if (!raised(e, 'ValueError')) throw e;
    const path = asText(arg)!;
    if (path.includes('._')) throw pyError('AttributeError', 'Access to private variables is forbidden.');
    if (path.length === 0) throw pyError('IndexError', 'string index out of range');
    if (path[0] === '_') throw pyError('AttributeError', 'Access to private variables is forbidden.');
    const parts = path.split('.');
    return (value: unknown) => {
      for (const part of parts) {
        try {
          value = getItem(value, part);
        } catch (err) {
          if (!raised(err, 'AttributeError', 'IndexError', 'KeyError', 'TypeError', 'ValueError')) throw err;
          value = getAttr(value, part);
        }
      }
      return value;
    };
  }
  return (value: unknown) => getItem(value, arg);
}

/** The items Python's `iter()` gives, or a TypeError. */
function pyIter(value: unknown): unknown[] {
  const text = asText(value);
  if (text !== undefined) return Array.from(text);
  if (Array.isArray(value)) return [...ownItems(value)];
  if (value instanceof Map) return [...value.keys()];
  if (value instanceof Set) return [...value];
  if (isDictLike(value)) return Object.keys(value);
  throw pyError('TypeError', `'${pyClassName(value)}' object is not iterable`);
}

/**
 * Python's `sorted(value, key=..., reverse=...)`: keys first, then a stable
 * sort by `<`. Where Python cannot order two keys it raises TypeError; a
 * sort that meets such a pair must compare it, so JavaScript's sort meets
 * it too.
 */
function pySorted(value: unknown, key: (v: unknown) => unknown, reverse: boolean): unknown[] {
  const items = pyIter(value);
  const keyed = items.map((item) => ({ item, key: key(item) }));
  const compare = (a: unknown, b: unknown): number => {
    const c = pyCompare(a, b);
    if (c === undefined) {
      throw pyError('TypeError', `'<' not supported between instances of '${pyClassName(a)}' and '${pyClassName(b)}'`);
    }
    return Number.isNaN(c) ? 0 : c;
  };
  keyed.sort(reverse ? (x, y) => compare(y.key, x.key) : (x, y) => compare(x.key, y.key));
  return keyed.map((k) => k.item);
}

function sortBy(value: unknown, arg: unknown, reverse: boolean): unknown {
  try {
    return pySorted(value, propertyResolver(arg), reverse);
  } catch (e) {
    if (raised(e, 'AttributeError', 'TypeError')) return '';
    throw e;
  }
}

/** Sort a list of dicts (or objects, or lists) by the property the argument names. */
export function dictsort(value: unknown, arg: unknown): unknown {
  return sortBy(value, arg, false);
}

/** dictsort, in reverse order (equal keys keep their order, as Python's sort does). */
export function dictsortreversed(value: unknown, arg: unknown): unknown {
  return sortBy(value, arg, true);
}

/** Python's `random.choice(value)`; "" for an empty sequence. */
export function random(value: unknown): unknown {
  return randomChoice(value, Math.random);
}

function randomChoice(value: unknown, rand: () => number): unknown {
  const n = pyLen(value);
  if (n === undefined) throw pyError('TypeError', `object of type '${pyClassName(value)}' has no len()`);
  if (n === 0) return '';
  return getItem(value, Math.floor(rand() * n));
}

/** Python's `slice(start, stop, step)` applied to `length` items: the indices taken. */
function sliceIndices(length: number, bits: (number | null)[]): number[] {
  // bits[2] of a two-part slice is read only when there: an index past the end reads the prototypes.
  const [start, stop, step] = bits.length === 1 ? [null, bits[0], null] : [bits[0], bits[1], bits.length > 2 ? bits[2] : null];
  const st = step ?? 1;
  if (st === 0) throw pyError('ValueError', 'slice step cannot be zero');
  const adjust = (i: number | null, dflt: number, lo: number, hi: number): number => {
    if (i === null) return dflt;
    if (i < 0) i += length;
    return i < lo ? lo : i > hi ? hi : i;
  };
  const out: number[] = [];
  if (st > 0) {
    const a = adjust(start, 0, 0, length), b = adjust(stop, length, 0, length);
    for (let i = a; i < b; i += st) out.push(i);
  } else {
    const a = adjust(start, length - 1, -1, length - 1), b = adjust(stop, -1, -1, length - 1);
    for (let i = a; i > b; i += st) out.push(i);
  }
  return out;
}

/** Python's slice syntax (`"1:3"`, `"::-1"`, `"-2"` as the stop) on a string or a list. */
export function sliceFilter(value: unknown, arg: unknown): unknown {
  try {
    const bits = pyStr(arg).split(':').map((x) => (x ? Number(pyIntOf(x)) : null));
    if (bits.length > 3) throw pyError('TypeError', `slice expected at most 3 arguments, got ${bits.length}`);
    const text = asText(value);
    if (text !== undefined) {
      const chars = Array.from(text);
      return sliceIndices(chars.length, bits).map((i) => chars[i]).join('');
    }
    if (isSequence(value)) {
      const items = ownItems(value);
      const picked = sliceIndices(items.length, bits).map((i) => items[i]);
      return value instanceof PyTuple ? PyTuple.fromItems(picked) : picked;
    }
    if (isDictLike(value)) throw pyError('KeyError', 'slice');
    throw pyError('TypeError', `'${pyClassName(value)}' object is not subscriptable`);
  } catch (e) {
    if (raised(e, 'ValueError', 'TypeError', 'KeyError')) return value;
    throw e;
  }
}

/** Python's `pprint.pformat(value)`, for debugging. */
export function pprint(value: unknown): string {
  try {
    return pformat(value);
  } catch (e) {
    const err = e as Error;
    return `Error in formatting: ${err.name}: ${err.message}`;
  }
}

/** What the list filters take from the engine: the source of randomness. */
export interface ListsSettings {
  random?: () => number;
}

// One registrar a filter: a precompiled module imports only those its templates use.
export const filterLength: FilterRegistrar = (lib) => lib.filter('length', length, { isSafe: false, arg: 'none' });
export const filterJoin: FilterRegistrar = (lib) => lib.filter('join', join, { isSafe: true, needsAutoescape: true, arg: 'required' });
export const filterFirst: FilterRegistrar = (lib) => lib.filter('first', first, { isSafe: false, arg: 'none' });
export const filterLast: FilterRegistrar = (lib) => lib.filter('last', last, { isSafe: true, arg: 'none' });
export const filterDictsort: FilterRegistrar = (lib) => lib.filter('dictsort', dictsort, { isSafe: false, arg: 'required' });
export const filterDictsortreversed: FilterRegistrar = (lib) => lib.filter('dictsortreversed', dictsortreversed, { isSafe: false, arg: 'required' });
export const filterRandom: FilterRegistrar = (lib, { random: rand }) =>
  lib.filter('random', rand ? (value: unknown) => randomChoice(value, rand) : random, { isSafe: true, arg: 'none' });
export const filterSlice: FilterRegistrar = (lib) => lib.filter('slice', sliceFilter, { isSafe: true, arg: 'required' });
export const filterPprint: FilterRegistrar = (lib) => lib.filter('pprint', pprint, { isSafe: true, arg: 'none' });

export function registerListFilters(lib: Library, settings: ListsSettings = {}): void {
  for (const register of [filterLength, filterJoin, filterFirst, filterLast, filterDictsort, filterDictsortreversed, filterRandom, filterSlice, filterPprint]) register(lib, settings);
}
