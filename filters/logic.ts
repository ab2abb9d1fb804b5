/** Filters that choose a value: default, default_if_none. */
import type { Library } from '../src/library.js';
import { truthy } from '../src/runtime/pyops.js';

/** The value, or the argument when the value is false (Python's `value or arg`). */
export function defaultFilter(value: unknown, arg: unknown): unknown {
  return truthy(value) ? value : arg;
}

/** The value, or the argument when the value is None. */
export function defaultIfNone(value: unknown, arg: unknown): unknown {
  return value === null || value === undefined ? arg : value;
}

export function registerLogicFilters(lib: Library): void {
  lib.filter('default', defaultFilter, { arg: 'required' });
  lib.filter('default_if_none', defaultIfNone, { arg: 'required' });
}
