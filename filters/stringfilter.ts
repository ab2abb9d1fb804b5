/**
 * Django's @stringfilter: the filter receives its value as text (Python's
 * `str()`), and a safe value stays a SafeString so that `isSafe` can keep it
 * safe.
 */
import { SafeString } from '../src/runtime/safestring.js';
import { pyStr } from '../src/runtime/pyrepr.js';

export type StringFilter<A extends unknown[], R> = (value: string, ...args: A) => R;

/** Python's `str(value)`, keeping a SafeString as the text it holds. */
export function toText(value: unknown): string {
  return value instanceof SafeString ? value.value : pyStr(value);
}

export function stringfilter<A extends unknown[], R>(fn: StringFilter<A, R>): (value: unknown, ...args: A) => R {
  // A filter gets at most an argument and the autoescape flag: no rest array
  // to allocate on every call.
  const call = fn as unknown as (value: string, arg?: unknown, autoescape?: unknown) => R;
  const wrapped = ((value: unknown, arg?: unknown, autoescape?: unknown): R => call(toText(value), arg, autoescape)) as unknown as (value: unknown, ...args: A) => R;
  Object.defineProperty(wrapped, 'length', { value: fn.length });
  return wrapped;
}
