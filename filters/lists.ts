/** Filters on sequences: length, join, first, last. */
import type { Library } from '../src/library.js';
import { conditionalEscape } from '../src/runtime/escape.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyLen } from '../src/runtime/pyops.js';
import { pyError } from '../src/errors.js';
import { isDictLike, pyTypeName } from '../src/runtime/pyrepr.js';

/** Python's `len()`, or 0 where Python raises TypeError. */
export function length(value: unknown): number {
  return pyLen(value) ?? 0;
}

/** The items of a Python iterable, or undefined when it is not one. */
function iterate(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return Array.from(value);
  if (value instanceof SafeString) return Array.from(value.value);
  if (value instanceof Map) return [...value.keys()];
  if (value instanceof Set) return [...value];
  if (isDictLike(value)) return Object.keys(value);
  return undefined;
}

/**
 * `str.join`: each item escaped first when autoescaping, the separator too.
 * Python's join refuses non-strings with TypeError, and the filter then
 * gives back the value unchanged.
 */
export function join(value: unknown, arg: unknown, autoescape = true): unknown {
  const items = iterate(value);
  if (items === undefined) return value;
  if (autoescape) {
    const sep = conditionalEscape(arg).value;
    return new SafeString(items.map((v) => conditionalEscape(v).value).join(sep));
  }
  const sep = typeof arg === 'string' ? arg : arg instanceof SafeString ? arg.value : undefined;
  if (sep === undefined) throw pyError('AttributeError', `'${pyTypeName(arg)}' object has no attribute 'join'`);
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

export function registerListFilters(lib: Library): void {
  lib.filter('length', length, { isSafe: false, arg: 'none' });
  lib.filter('join', join, { isSafe: true, needsAutoescape: true, arg: 'required' });
  lib.filter('first', first, { isSafe: false, arg: 'none' });
  lib.filter('last', last, { isSafe: true, arg: 'none' });
}
