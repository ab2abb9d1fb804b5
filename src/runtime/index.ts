/**
 * What compiled templates call: one object, handed to every render function
 * when it is made, so generated code never reaches for globals.
 */
import { MISSING, SILENT_FAILURE, callValue, lookupAttr, lookupName } from './lookup.js';
import { display } from './display.js';
import { SafeString, markSafe } from './safestring.js';
import { truthy, pyEquals, pyCompare, pyContains, pyIs, pyIterate, ownItems } from './pyops.js';
import { pyTypeName } from './pyrepr.js';
import { TemplateLimitError, VariableDoesNotExist, annotate, pyError } from '../errors.js';
import { gettextValue, variableDoesNotExist, translateValue } from '../expression.js';
import { getInFrame, setInFrame, type Context } from './context.js';

/** Django's ForNode: what a `for` loop iterates over (None is nothing). */
export function forIterable(values: unknown): ArrayLike<unknown> {
  if (values === null || values === undefined) return [];
  const items = pyIterate(values);
  if (items === undefined) throw pyError('TypeError', `'${pyTypeName(values)}' object is not iterable`);
  return items;
}

/** Unpack one item into `count` loop variables, as Django's ForNode checks it. */
function unpack(item: unknown, count: number): ArrayLike<unknown> {
  let values: ArrayLike<unknown> | undefined;
  if (Array.isArray(item)) values = ownItems(item);
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

/**
 * Output of a node that renders itself, as Django's NodeList joins it:
 * text, or the TypeError Python's `"".join` raises for anything else.
 */
function nodeOutput(s: unknown, index: number): string {
  if (typeof s === 'string') return s;
  if (s instanceof SafeString) return s.value;
  throw pyError('TypeError', `sequence item ${index}: expected str instance, ${pyTypeName(s)} found`);
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

/** A value bound by a compiled tag, called if callable as a context lookup would. */
function boundValue(v: unknown, stringIfInvalid = ''): unknown {
  return typeof v === 'function' ? callValue(v, undefined, stringIfInvalid) : v;
}

// A lookup that failed silently (SILENT_FAILURE) is stringIfInvalid as it is, as Django's _resolve_lookup returns it.
function orNone(v: unknown, stringIfInvalid = ''): unknown {
  return v === MISSING ? null : v === SILENT_FAILURE ? stringIfInvalid : v;
}

function orEmpty(v: unknown): unknown {
  return v === MISSING || v === SILENT_FAILURE ? '' : v;
}

function orValue(v: unknown, invalid: string, stringIfInvalid: string): unknown {
  return v === MISSING ? invalid : v === SILENT_FAILURE ? stringIfInvalid : v;
}

/** A filter's input when stringIfInvalid is set: a silent failure is stringIfInvalid. */
function orSilent(v: unknown, stringIfInvalid: string): unknown {
  return v === SILENT_FAILURE ? stringIfInvalid : v;
}

/** A filter argument: a missing variable raises VariableDoesNotExist. */
function argValue(v: unknown, ctx: Context, lookups: readonly string[], stringIfInvalid: string): unknown {
  if (v === MISSING) throw variableDoesNotExist(ctx, lookups, stringIfInvalid);
  return v === SILENT_FAILURE ? stringIfInvalid : v;
}

/** The output so far, set aside while a loop's iteration writes its own (tags/for.ts). */
function iterationStart(out: string): string | null {
  return out;
}

/** Where `joinIteration` keeps what its search found, so that the search is not optimized away. */
const flatSearch = { index: 0 };

/**
 * Past this many characters of output, an iteration's output joins it as
 * one flat string. A page that large lives through young-generation
 * collections: each piece of it is copied, then marked again in the old
 * generation, and a page of small pieces holds five times the memory of
 * its text. On a smaller page, flattening (a copy) costs more than it saves.
 */
const LARGE_OUTPUT = 1 << 17;

/**
 * The output before an iteration and the iteration's own (tags/for.ts).
 * V8 flattens a string made by concatenation in place when it is searched.
 */
function joinIteration(before: string, iteration: string): string {
  if (before.length > LARGE_OUTPUT && iteration.length > 64) flatSearch.index = iteration.indexOf('\0');
  return before + iteration;
}

/** An `isSafe` filter's output: safe when its input was. */
function safeResult(input: unknown, output: unknown): unknown {
  return input instanceof SafeString ? markSafe(output) : output;
}

/** Python's TypeError, raised where Django's would be (never JavaScript's own). */
function throwTypeError(message: string): never {
  throw pyError('TypeError', message);
}

/** Django's forloop dict: the order of its keys is Django's. */
function forloop(parentloop: unknown, length: number): Record<string, unknown> {
  return { parentloop, length, counter0: 0, counter: 1, revcounter: length, revcounter0: length - 1, first: true, last: length === 1 };
}

function forloopStep(loop: Record<string, unknown>, i: number, length: number): void {
  loop.counter0 = i;
  loop.counter = i + 1;
  loop.revcounter = length - i;
  loop.revcounter0 = length - i - 1;
  loop.first = i === 0;
  loop.last = i === length - 1;
}

/**
 * The forloop of a loop compiled without frames (tags/for.ts), which reads
 * its fields from the index: none in a synchronous render.
 */
function forloopIfAsync(_length: number): Record<string, unknown> | null {
  return null;
}

/** The enclosing loop's forloop (Django's parentloop), or an empty dict. */
function parentloop(ctx: Context): unknown {
  const found = ctx.get('forloop', MISSING);
  return found === MISSING ? {} : found;
}

function loopLimit(max: number): TemplateLimitError {
  return new TemplateLimitError('maxLoopIterations', `The render made more than maxLoopIterations (${max}) loop iterations.`);
}

export function outputLimit(max: number): TemplateLimitError {
  return new TemplateLimitError('maxOutputSize', `The render's output is larger than maxOutputSize (${max} characters).`);
}

/** Outside a streamed render, a stream point does nothing. */
function streamPoint(_ctx: Context, _out: string): void {}

/**
 * Around a `for` loop's sequence and after its iterations: where a streamed
 * render goes through an async iterable's items as they arrive
 * (runtime/async.ts). Nothing here.
 */
function forSequence(): void {}
function forEnd(_loop: Record<string, unknown> | null): void {}
function loopStreamPoint(_ctx: Context, _out: string): void {}

export const runtime = {
  gettextValue,
  streamPoint,
  forSequence,
  forEnd,
  loopStreamPoint,
  loopLimit,
  outputLimit,
  setInFrame,
  getInFrame,
  forloop,
  forloopStep,
  forloopIfAsync,
  parentloop,
  boundValue,
  orNone,
  orEmpty,
  orValue,
  orSilent,
  argValue,
  safeResult,
  iterationStart,
  joinIteration,
  throwTypeError,
  MISSING,
  lookupName,
  lookupAttr,
  callValue,
  display,
  markSafe,
  SafeString,
  truthy,
  pyEquals,
  compare,
  contains,
  pyIs,
  forIterable,
  unpack,
  nodeOutput,
  translateValue,
  VariableDoesNotExist,
  annotate,
};

export type Runtime = typeof runtime;

/** The runtime an engine's compiled templates call (formats and languages are per render, on `ctx.locale`). */
export function createRuntime(): Runtime {
  return runtime;
}
