/**
 * What compiled templates call: one object, handed to every render function
 * when it is made, so generated code never reaches for globals.
 */
import { MISSING, callValue, lookupAttr, lookupName } from './lookup.js';
import { display } from './display.js';
import { SafeString, markSafe } from './safestring.js';
import { truthy, pyEquals, pyCompare, pyContains, pyIs } from './pyops.js';
import { pyStr, pyTypeName } from './pyrepr.js';
import { VariableDoesNotExist, annotate, pyError } from '../errors.js';
import { variableDoesNotExist, translateValue } from '../expression.js';
import type { Context } from './context.js';

/** Django's ForNode: what a `for` loop iterates over. */
export function forIterable(values: unknown): ArrayLike<unknown> {
  if (values === null || values === undefined) return [];
  if (Array.isArray(values)) return values;
  if (typeof values === 'string') return Array.from(values);
  if (values instanceof SafeString) return Array.from(values.value);
  if (values instanceof Map) return Array.from(values.keys());
  if (typeof values === 'object') {
    if (typeof (values as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(values as Iterable<unknown>);
    const proto = Object.getPrototypeOf(values);
    if (proto === Object.prototype || proto === null) return Object.keys(values);
  }
  throw pyError('TypeError', `'${pyTypeName(values)}' object is not iterable`);
}

/** Unpack one item into `count` loop variables, as Django's ForNode checks it. */
function unpack(item: unknown, count: number): ArrayLike<unknown> {
  let values: ArrayLike<unknown> | undefined;
  if (Array.isArray(item)) values = item;
  else if (typeof item === 'string') values = Array.from(item);
  else if (item instanceof SafeString) values = Array.from(item.value);
  else if (item instanceof Map || item instanceof Set) values = Array.from(item.keys());
  else if (item !== null && typeof item === 'object') {
    const proto = Object.getPrototypeOf(item);
    if (proto === Object.prototype || proto === null) values = Object.keys(item);
  }
  const len = values === undefined ? 1 : values.length;
  if (len !== count) throw pyError('ValueError', `Need ${count} values to unpack in for loop; got ${len}. `);
  return values!;
}

/** Output of a node that renders itself: text, as Django's NodeList joins it. */
function nodeOutput(s: unknown): string {
  if (typeof s === 'string') return s;
  if (s instanceof SafeString) return s.value;
  return pyStr(s);
}

function missingArg(ctx: Context, lookups: readonly string[], stringIfInvalid: string): VariableDoesNotExist {
  return variableDoesNotExist(ctx, lookups, stringIfInvalid);
}

/** Django's `isSafe` rule: a safe input makes the output safe. */
function safeResult(input: unknown, output: unknown): unknown {
  return input instanceof SafeString ? markSafe(output) : output;
}

function compare(a: unknown, b: unknown): number {
  const c = pyCompare(a, b);
  // Python raises TypeError; the if tag turns that into False.
  if (c === undefined) throw pyError('TypeError', `'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  return c;
}

function contains(container: unknown, item: unknown): boolean {
  const r = pyContains(container, item);
  if (r === undefined) throw pyError('TypeError', `argument of type '${pyTypeName(container)}' is not iterable`);
  return r;
}

export const runtime = {
  MISSING,
  lookupName,
  lookupAttr,
  callValue,
  display,
  markSafe,
  SafeString,
  safeResult,
  truthy,
  pyEquals,
  compare,
  contains,
  pyIs,
  forIterable,
  unpack,
  nodeOutput,
  missingArg,
  translateValue,
  VariableDoesNotExist,
  annotate,
};

export type Runtime = typeof runtime;
