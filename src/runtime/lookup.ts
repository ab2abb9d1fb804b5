/**
 * Django's Variable._resolve_lookup, for JavaScript data.
 *
 * A lookup step tries, as Django does: a dict key (Map key or own property of
 * a plain object), an attribute (own property, or a getter, method or field of
 * a user class's prototype), then a list index. What it finds, if callable, is
 * called with no arguments. Never resolved through an object's machinery:
 * `__proto__`, `constructor`, `prototype` and the members of JavaScript's
 * built-in prototypes, so no template can reach the Function constructor or
 * change an object (such a name is found only as a Map's entry or an own
 * enumerable data property).
 */
import type { Context } from './context.js';
import { SafeString } from './safestring.js';
import { DictView, PyTuple, isDictLike } from './pyrepr.js';

/** What a failed lookup returns (Django raises VariableDoesNotExist). */
export const MISSING: unique symbol = Symbol('reinhardt.missing');
export type Missing = typeof MISSING;

/**
 * What a lookup step gives when the data threw an error marked
 * `silentVariableFailure` (a call, a getter, a Proxy trap): Django's
 * `_resolve_lookup` catches it around the whole chain, so the steps after
 * it pass it on, and whoever takes the variable's value reads it as the
 * engine's stringIfInvalid, unformatted (never VariableDoesNotExist).
 */
export const SILENT_FAILURE: unique symbol = Symbol('reinhardt.silentFailure');

function isSilentFailure(e: unknown): boolean {
  return e !== null && typeof e === 'object' && !!(e as { silentVariableFailure?: unknown }).silentVariableFailure;
}

/** Rethrow what the data threw, unless it asks for a silent failure. */
function silentOrThrow(e: unknown): typeof SILENT_FAILURE {
  if (isSilentFailure(e)) return SILENT_FAILURE;
  throw e;
}

const forbiddenNames = new Set([
  '__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__',
  '__lookupGetter__', '__lookupSetter__', 'caller', 'callee', 'arguments',
]);

const builtinPrototypes = new Set<unknown>([
  Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype,
  Boolean.prototype, Symbol.prototype, BigInt.prototype, Date.prototype, RegExp.prototype,
  Map.prototype, Set.prototype, WeakMap.prototype, WeakSet.prototype, Promise.prototype,
  Error.prototype, ArrayBuffer.prototype, DataView.prototype,
  Object.getPrototypeOf(Int8Array.prototype), Object.getPrototypeOf(function* () {}).prototype,
  Object.getPrototypeOf(async function () {}), Object.getPrototypeOf(function* () {}),
  SafeString.prototype,
]);

const indexPattern = /^\d+$/;

// Read once: before V8 optimizes the code that runs per variable (a cold
// engine's first renders), `Object.hasOwn(...)` is two lookups a call, the
// global and then its property.
const { hasOwn, getPrototypeOf } = Object;
const objectPrototype = Object.prototype;

/** Marks a function that templates must not call (Django's `do_not_call_in_templates`). */
export interface TemplateCallableFlags {
  doNotCallInTemplates?: boolean;
  altersData?: boolean;
}

/**
 * Django calls what a lookup finds when it is callable. `stringIfInvalid` is
 * what an invalid call gives (a function that wants arguments, or one that
 * alters data), and the lookup goes on from it; an error with
 * `silentVariableFailure` gives SILENT_FAILURE, which ends the lookup.
 */
export function callValue(fn: Function, self: unknown, stringIfInvalid: string): unknown {
  // Own flags only: a polluted Object.prototype must not change every call.
  const flags = fn as TemplateCallableFlags;
  if (hasOwn(fn, 'doNotCallInTemplates') && flags.doNotCallInTemplates) return fn;
  if (hasOwn(fn, 'altersData') && flags.altersData) return stringIfInvalid;
  // Python calls and, on TypeError, checks whether arguments were required;
  // JavaScript cannot tell a TypeError of a missing argument, so the arity
  // decides. Classes cannot be called without `new`: leave them as they are.
  if (fn.length > 0) return stringIfInvalid;
  if (isClass(fn)) return fn;
  try {
    return fn.call(self);
  } catch (e) {
    return silentOrThrow(e);
  }
}

function isClass(fn: Function): boolean {
  return hasOwn(fn, 'prototype') && Function.prototype.toString.call(fn).startsWith('class');
}

/** A name's value in the context's frames, not called; MISSING when absent (see lookupName). */
export function findName(ctx: Context, name: string): unknown {
  const dicts = ctx.dicts;
  for (let i = dicts.length - 1; i >= 0; i--) {
    const frame = dicts[i];
    if (hasOwn(frame, name)) {
      try {
        return frame[name];
      } catch (e) {
        return silentOrThrow(e);
      }
    }
  }
  return MISSING;
}

/** The first step of a lookup: a name searched through the context's frames. */
export function lookupName(ctx: Context, name: string, stringIfInvalid = ''): unknown {
  const dicts = ctx.dicts;
  for (let i = dicts.length - 1; i >= 0; i--) {
    const frame = dicts[i];
    if (hasOwn(frame, name)) {
      let v: unknown;
      try {
        // A frame may be the caller's own object, with getters.
        v = frame[name];
      } catch (e) {
        return silentOrThrow(e);
      }
      return typeof v === 'function' ? callValue(v, undefined, stringIfInvalid) : v;
    }
  }
  return MISSING;
}

/** One attribute step `current.bit`, then the call Django would make. */
export function lookupAttr(current: unknown, bit: string, stringIfInvalid = ''): unknown {
  let v: unknown;
  try {
    // The common case first: a key of a plain object (a Python dict).
    v = typeof current === 'object' && current !== null && getPrototypeOf(current) === objectPrototype
      && hasOwn(current, bit) ? (current as Record<string, unknown>)[bit] : getMember(current, bit);
  } catch (e) {
    // A getter or a Proxy trap of the data threw.
    return silentOrThrow(e);
  }
  return typeof v === 'function' ? callValue(v, current, stringIfInvalid) : v;
}

/** A lookup step's member (see getMember); an error with `silentVariableFailure` gives SILENT_FAILURE. */
export function lookupMember(current: unknown, bit: string): unknown {
  try {
    return getMember(current, bit);
  } catch (e) {
    return silentOrThrow(e);
  }
}

/** A value's member, or MISSING; never calls what it finds. */
export function getMember(current: unknown, bit: string): unknown {
  if (current === null || current === undefined) return MISSING;
  if (forbiddenNames.has(bit)) return ownData(current, bit);
  switch (typeof current) {
    case 'string':
      return indexPattern.test(bit) ? charAt(current, Number(bit)) : MISSING;
    case 'symbol':
      // A lookup that failed silently ends there.
      return current === SILENT_FAILURE ? current : MISSING;
    case 'object':
      break;
    case 'function':
      // Only a function's own data, never its machinery.
      return hasOwn(current, bit) && Object.prototype.propertyIsEnumerable.call(current, bit)
        ? (current as unknown as Record<string, unknown>)[bit] : MISSING;
    default:
      return MISSING;
  }
  if (current instanceof SafeString) return indexPattern.test(bit) ? charAt(current.value, Number(bit)) : MISSING;
  // Python's dict views (d.items, d.keys, d.values) cannot be indexed.
  if (current instanceof DictView) return MISSING;
  if (Array.isArray(current)) {
    // A named tuple (such as regroup's GroupedResult) also has its fields.
    if (!indexPattern.test(bit)) return current instanceof PyTuple ? attribute(current, bit) : MISSING;
    const i = Number(bit);
    return i < current.length && hasOwn(current, i) ? current[i] : MISSING;
  }
  if (current instanceof Map) {
    if (current.has(bit)) return current.get(bit);
    if (indexPattern.test(bit) && current.has(Number(bit))) return current.get(Number(bit));
    return dictMethod(current, bit);
  }
  if (isDictLike(current)) {
    if (hasOwn(current, bit)) return (current as Record<string, unknown>)[bit];
    return dictMethod(current, bit);
  }
  return attribute(current as object, bit);
}

/**
 * A name never resolved through JavaScript's machinery is still a key of
 * the data, as in Django: a Map's entry, or an object's own enumerable data
 * property (never a function's, nor a prototype's `constructor`, which is
 * not enumerable).
 */
function ownData(current: unknown, bit: string): unknown {
  if (current instanceof Map) return current.has(bit) ? current.get(bit) : MISSING;
  if (typeof current !== 'object' || current === null) return MISSING;
  const d = Object.getOwnPropertyDescriptor(current, bit);
  return d !== undefined && d.enumerable && 'value' in d ? d.value : MISSING;
}

/** An attribute of a user object: own, or from its class's prototype chain. */
function attribute(obj: object, bit: string): unknown {
  if (hasOwn(obj, bit)) return (obj as Record<string, unknown>)[bit];
  for (let p = getPrototypeOf(obj); p !== null && !builtinPrototypes.has(p); p = getPrototypeOf(p)) {
    if (hasOwn(p, bit)) return (obj as Record<string, unknown>)[bit];
  }
  return MISSING;
}

/**
 * Stands for a dict method that needs an argument (`get`, `pop`,
 * `setdefault`, `fromkeys`): Django finds the method and its call without
 * arguments is invalid, which gives stringIfInvalid (callValue: a function
 * that declares a parameter). It is never called.
 */
function dictMethodNeedingArgument(_key: unknown): void {}

/**
 * Python's `items`, `keys` and `values` of a dict, and its methods that need
 * an argument. The methods a template could call without one are left out:
 * `clear`, `popitem` and `update` would change the data, `copy` is the dict.
 */
function dictMethod(d: Record<string, unknown> | Map<unknown, unknown>, bit: string): unknown {
  switch (bit) {
    case 'get':
    case 'pop':
    case 'setdefault':
    case 'fromkeys':
      return dictMethodNeedingArgument;
    case 'items':
      return DictView.make('dict_items', d instanceof Map
        ? [...d.entries()].map(([k, v]) => PyTuple.make(k, v))
        : Object.keys(d).map((k) => PyTuple.make(k, d[k])));
    case 'keys':
      return DictView.make('dict_keys', d instanceof Map ? [...d.keys()] : Object.keys(d));
    case 'values':
      return DictView.make('dict_values', d instanceof Map ? [...d.values()] : Object.keys(d).map((k) => d[k]));
  }
  return MISSING;
}

function charAt(s: string, i: number): unknown {
  let n = 0;
  for (const ch of s) {
    if (n === i) return ch;
    n++;
  }
  return MISSING;
}
