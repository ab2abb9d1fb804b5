/**
 * What the security suite shares: engines with a small custom library that
 * records every value a template hands it, sentinels a successful payload
 * would set, deep snapshots that prove no object changed, and guards that
 * prove the built-in prototypes were left as they were.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { Engine, Library, markSafe, type EngineOptions } from '../../src/index.js';
import { decode } from '../../spec/values.js';
import { specLibrary } from '../../spec/specLibrary.js';

// ----- sentinels -----

/** The global a payload sets when it runs. */
export const SENTINEL = '__reinhardtPwned';
/** JavaScript that sets the sentinel, for payloads. */
export const PAYLOAD_JS = `globalThis.${SENTINEL}=1`;

/** Template text, names and values built around the payload. */
export const PAYLOAD_STRINGS: readonly string[] = [
  PAYLOAD_JS,
  `";${PAYLOAD_JS};"`,
  `';${PAYLOAD_JS};'`,
  `\`;${PAYLOAD_JS};\``,
  `\${${PAYLOAD_JS}}`,
  `*/${PAYLOAD_JS};/*`,
  `\n${PAYLOAD_JS}//`,
  `\u2028${PAYLOAD_JS}//`,
  `\u2029${PAYLOAD_JS}//`,
  `\r${PAYLOAD_JS}//`,
  `\\";${PAYLOAD_JS};//`,
  `</script><script>${PAYLOAD_JS}</script>`,
  `}};${PAYLOAD_JS};{{`,
  `"+(${PAYLOAD_JS})+"`,
  `\0";${PAYLOAD_JS};"`,
];

export function sentinelFired(): boolean {
  return (globalThis as Record<string, unknown>)[SENTINEL] !== undefined;
}

export function resetSentinel(): void {
  delete (globalThis as Record<string, unknown>)[SENTINEL];
}

// ----- the built-in prototypes never change -----

const builtins: [string, object][] = [
  ['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype], ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype], ['Boolean.prototype', Boolean.prototype],
  ['Symbol.prototype', Symbol.prototype], ['BigInt.prototype', BigInt.prototype],
  ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype], ['Date.prototype', Date.prototype],
  ['RegExp.prototype', RegExp.prototype], ['Error.prototype', Error.prototype], ['Promise.prototype', Promise.prototype],
  ['globalThis', globalThis],
];

const LAZY = Symbol('lazy global');

/** Each built-in's own keys and the identity of its values. */
export function builtinState(): Map<string, Map<PropertyKey, unknown>> {
  const state = new Map<string, Map<PropertyKey, unknown>>();
  for (const [name, obj] of builtins) {
    const own = new Map<PropertyKey, unknown>();
    for (const key of Reflect.ownKeys(obj)) {
      // Vitest keeps its own state on globalThis while tests run.
      if (obj === globalThis && typeof key === 'string' && /^(__vitest|__VITEST|__coverage|__vite)/.test(key)) continue;
      const d = Object.getOwnPropertyDescriptor(obj, key)!;
      // Node defines some globals (btoa, fetch...) lazily: an accessor that
      // becomes a value when first read. Only their presence is compared.
      if (obj === globalThis && !('value' in d)) own.set(key, LAZY);
      else own.set(key, 'value' in d ? d.value : [d.get, d.set]);
    }
    own.set('[[Prototype]]', Object.getPrototypeOf(obj));
    own.set('[[Extensible]]', Object.isExtensible(obj));
    state.set(name, own);
  }
  return state;
}

export function builtinChanges(before: Map<string, Map<PropertyKey, unknown>>): string[] {
  const after = builtinState();
  const changes: string[] = [];
  for (const [name, own] of before) {
    const now = after.get(name)!;
    for (const [k, v] of own) {
      if (v === LAZY && now.has(k)) continue;
      const w = now.get(k);
      const same = Array.isArray(v) && Array.isArray(w) ? v[0] === w[0] && v[1] === w[1] : Object.is(v, w);
      if (!now.has(k) || !same) changes.push(`${name}.${String(k)} changed`);
    }
    for (const k of now.keys()) if (!own.has(k)) changes.push(`${name}.${String(k)} added`);
  }
  return changes;
}

/**
 * In every test of the calling file: the sentinel starts unset and must
 * stay unset, and no built-in prototype (nor globalThis) gains, loses or
 * changes a property.
 */
export function guardEachTest(): void {
  let before: Map<string, Map<PropertyKey, unknown>>;
  beforeEach(() => {
    resetSentinel();
    before = builtinState();
  });
  afterEach(() => {
    const fired = sentinelFired();
    resetSentinel();
    expect(fired, 'a payload ran').toBe(false);
    expect(builtinChanges(before)).toEqual([]);
  });
}

// ----- values a template must never reach -----

const forbiddenValues = new Set<unknown>([
  Function, Object, Array, String, Number, Boolean, Symbol, BigInt, Map, Set, WeakMap, WeakSet, Date, RegExp,
  Promise, Proxy, Reflect, Error, TypeError, JSON, Math, globalThis, eval, setTimeout, setInterval,
  Object.prototype, Function.prototype, Array.prototype, String.prototype, Number.prototype, Boolean.prototype,
  Map.prototype, Set.prototype, Date.prototype, RegExp.prototype, Error.prototype, Promise.prototype,
  Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async () => {}),
  Object.getPrototypeOf(function* () {}).constructor, Object.getPrototypeOf(async () => {}).constructor,
  typeof process === 'undefined' ? undefined : process,
].filter((v) => v !== undefined));

/** A built-in the engine must never hand to a template: a native function, a constructor, a prototype. */
export function isForbiddenValue(v: unknown): boolean {
  if (forbiddenValues.has(v)) return true;
  if (typeof v === 'function') {
    try {
      return Function.prototype.toString.call(v).includes('[native code]');
    } catch {
      return false;
    }
  }
  return false;
}

// ----- a small custom library -----

export interface SecurityLibrary {
  library: Library;
  /** Every value the `probe` tag and filter received, in order. */
  seen: unknown[];
}

/**
 * `{% probe a b k=c %}` records its arguments and prints nothing;
 * `{% echo v %}` gives its argument back; `{% kw a=1 b=2 %}` prints the
 * names of its keyword arguments; `{{ v|probe }}` and `{{ v|probe:arg }}`
 * record and pass the value on; `{{ v|wrap:arg }}` prints `arg<v>arg`.
 */
export function securityLibrary(): SecurityLibrary {
  const seen: unknown[] = [];
  const library = new Library();
  library.simpleTag('probe', (...args: unknown[]) => {
    const keywords = args.pop() as Record<string, unknown>;
    seen.push(...args, ...Object.values(keywords));
    return '';
  }, { params: [], varargs: true, varkw: true });
  library.simpleTag('echo', (value: unknown) => value);
  library.simpleTag('kw', (kwargs: Record<string, unknown>) => {
    seen.push(...Object.values(kwargs));
    return `${Object.getPrototypeOf(kwargs) === null ? 'null-proto' : 'has-proto'}:${Object.keys(kwargs).join(',')}`;
  }, { params: [], varkw: true });
  library.filter('probe', (value: unknown, arg: unknown = undefined) => {
    seen.push(value, arg);
    return value;
  }, { arg: 'optional' });
  library.filter('wrap', (value: unknown, arg: unknown) => markSafe(`${String(arg)}<${String(value)}>${String(arg)}`));
  return { library, seen };
}

/** An engine with Django's built-ins, the `sec` library and the spec suite's `spec` library. */
export function makeEngine(options: EngineOptions = {}): { engine: Engine; seen: unknown[] } {
  const { library, seen } = securityLibrary();
  const engine = new Engine({ ...options, libraries: { sec: library, spec: specLibrary, ...options.libraries } });
  return { engine, seen };
}

export type Outcome = { output: string } | { error: unknown };

export function attempt(fn: () => string): Outcome {
  try {
    return { output: fn() };
  } catch (error) {
    return { error };
  }
}

/** An outcome as text, for messages. */
export function describeOutcome(o: Outcome): string {
  if ('output' in o) return `output ${JSON.stringify(o.output)}`;
  const e = o.error as { name?: unknown; message?: unknown };
  return `error ${String(e?.name)}: ${String(e?.message)}`;
}

export function errorName(o: Outcome): string | undefined {
  return 'error' in o ? String((o.error as { name?: unknown })?.name) : undefined;
}

/** The error classes a hostile template or value may end in. */
export const DOCUMENTED_ERRORS = new Set([
  'TemplateSyntaxError', 'TemplateDoesNotExist', 'VariableDoesNotExist', 'TemplateLimitError', 'NoReverseMatch',
]);

// ----- snapshots: no object changes -----

/**
 * A deep description of a value: own keys (strings and symbols), property
 * descriptors, prototypes, extensibility, Map and Set contents. Two equal
 * snapshots mean nothing was added, removed or replaced.
 */
export function snapshot(value: unknown, seen = new Map<object, number>()): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
    return typeof value === 'number' && Object.is(value, -0) ? '-0' : typeof value === 'bigint' ? `${value}n` : typeof value === 'symbol' ? value.toString() : value;
  }
  if (seen.has(value)) return `<ref ${seen.get(value)}>`;
  seen.set(value, seen.size);
  const out: Record<string, unknown> = {
    proto: protoName(Object.getPrototypeOf(value)),
    extensible: Object.isExtensible(value),
    frozen: Object.isFrozen(value),
  };
  const props: unknown[] = [];
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key)!;
    props.push([String(key), d.enumerable, d.configurable, 'value' in d ? [d.writable, snapshot(d.value, seen)] : [d.get, d.set]]);
  }
  out.props = props;
  if (value instanceof Map) out.entries = [...value].map(([k, v]) => [snapshot(k, seen), snapshot(v, seen)]);
  if (value instanceof Set) out.values = [...value].map((v) => snapshot(v, seen));
  if (value instanceof Date) out.time = value.getTime();
  return out;
}

function protoName(p: unknown): string {
  for (const [name, obj] of builtins) if (p === obj) return name;
  if (p === null) return 'null';
  return typeof (p as { constructor?: { name?: unknown } })?.constructor?.name === 'string'
    ? `class ${String((p as { constructor: { name: string } }).constructor.name)}`
    : 'other';
}

/** Freeze a value and everything reachable from it (Map and Set contents too). */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return value;
  seen.add(value);
  for (const key of Reflect.ownKeys(value as object)) {
    const d = Object.getOwnPropertyDescriptor(value as object, key)!;
    if ('value' in d) deepFreeze(d.value, seen);
  }
  if (value instanceof Map) for (const [k, v] of value) deepFreeze(k, seen), deepFreeze(v, seen);
  if (value instanceof Set) for (const v of value) deepFreeze(v, seen);
  // A typed array's elements cannot be frozen: its shape still can.
  if (ArrayBuffer.isView(value)) Object.preventExtensions(value);
  else Object.freeze(value);
  return value;
}

// ----- prototype pollution -----

/**
 * Run `fn` while `target[key]` holds `value`, set by plain assignment as a
 * polluting merge would set it (enumerable), and removed afterwards.
 */
export function withPollution<T>(target: object, key: PropertyKey, value: unknown, fn: () => T): T {
  const had = Object.getOwnPropertyDescriptor(target, key);
  // Array.prototype is an array: an index past its end grows its length.
  const length = Array.isArray(target) ? target.length : undefined;
  (target as Record<PropertyKey, unknown>)[key] = value;
  try {
    return fn();
  } finally {
    if (had) Object.defineProperty(target, key, had);
    else delete (target as Record<PropertyKey, unknown>)[key];
    if (length !== undefined) (target as unknown[]).length = length;
  }
}

// ----- the Django-recorded cases -----

export interface RecordedCase {
  name: string;
  template?: string;
  templates?: Record<string, string>;
  entry?: string;
  context?: unknown;
  options?: { stringIfInvalid?: string };
  output?: string;
  error?: string;
  errorMessage?: string;
}

/**
 * The suite's tagged values (spec/values.ts), except that a plain object's
 * own `__proto__` key stays an own key, as JSON.parse made it (spec/values.ts
 * rebuilds objects by assignment, which sets the prototype instead).
 */
export function decodeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  if (keys.some((k) => k.startsWith('$'))) return decode(value);
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    Object.defineProperty(out, k, { value: decodeValue((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function runRecordedCase(c: RecordedCase): Outcome {
  // Only the libraries Django's side has: `{% load %}` errors list them.
  const engine = new Engine({
    templates: c.templates ?? { 'index.html': c.template ?? '' },
    stringIfInvalid: c.options?.stringIfInvalid ?? '',
    libraries: { spec: specLibrary },
  });
  return attempt(() => engine.renderToString(c.entry ?? 'index.html', decodeValue(c.context ?? {}) as Record<string, unknown>));
}

/**
 * Does reinhardt's outcome match Django's? Errors match by class, and by
 * message when Django's is recorded. Where Django overflows Python's stack
 * (RecursionError), reinhardt's include-depth guard stops first with its
 * own documented error.
 */
export function matchesDjango(c: RecordedCase, got: Outcome): boolean {
  if (c.output !== undefined) return 'output' in got && got.output === c.output;
  if (!('error' in got)) return false;
  const e = got.error as { name?: unknown; message?: unknown };
  if (c.error === 'RecursionError') return e.name === 'TemplateLimitError' || e.name === 'RecursionError';
  if (e.name !== c.error) return false;
  return c.errorMessage === undefined || normalizedMessage(String(e.message)) === normalizedMessage(c.errorMessage);
}

/** A message without what depends on the engine's set-up: the libraries `{% load %}` lists. */
function normalizedMessage(message: string): string {
  const cut = message.indexOf(' Must be one of:');
  return cut < 0 ? message : message.slice(0, cut + ' Must be one of:'.length);
}
