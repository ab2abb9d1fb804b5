/**
 * What a fuzz case may end in. A render either gives output or throws one
 * of the documented errors (README, "Errors") with a position inside one of
 * the case's templates. A JavaScript TypeError, RangeError (stack overflow,
 * string too long), ReferenceError or SyntaxError (generated code that does
 * not parse) is a crash in reinhardt; so is any change to a built-in
 * prototype.
 */
import type { CacheStore, Engine, EngineOptions } from '../../src/index.js';
import { SKIPPED, type LoadedSource, type Loader } from '../../src/loaders/types.js';
import type { TriedTemplate } from '../../src/errors.js';
import { caseEngine, runCase, runCaseSync, type Mode, type Outcome } from '../../spec/runCase.js';
import type { FuzzCase } from './grammar.js';

/** The limits every crash-fuzz render runs with. */
export const FUZZ_LIMITS: EngineOptions = {
  maxLoopIterations: 10_000,
  maxOutputSize: 100_000,
  maxIncludeDepth: 20,
};

/** reinhardt's own error classes. */
const TEMPLATE_ERRORS = new Set(['TemplateSyntaxError', 'TemplateDoesNotExist', 'VariableDoesNotExist', 'TemplateLimitError', 'NoReverseMatch']);
/**
 * The Python exceptions Django's filters and tags raise, which reinhardt
 * raises as an `Error` of that name (src/errors.ts `pyError`).
 */
const PYTHON_ERRORS = new Set(['AssertionError', 'AttributeError', 'IndexError', 'InvalidOperation', 'KeyError', 'LookupError',
  'MemoryError', 'OverflowError', 'StopIteration', 'SuspiciousOperation', 'TypeError', 'UnicodeEncodeError', 'ValueError', 'ZeroDivisionError',
  'ZoneInfoNotFoundError']);
/** JavaScript's own errors: never what a template may end in. */
const NATIVE_ERRORS: Function[] = [TypeError, RangeError, ReferenceError, SyntaxError, URIError, EvalError];

function prototypeShape(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Reflect.ownKeys(p).length).join(',');
}
const PROTOTYPES = prototypeShape();

/** The errors a case's data raises (`$raises`), which reach the caller unchanged. */
function raisedByData(value: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) raisedByData(v, names);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$raises' && typeof v === 'string') names.add(v);
      else raisedByData(v, names);
    }
  }
  return names;
}

/** Why an outcome is a crash, or undefined when it is allowed. */
export function crashProblem(c: FuzzCase, got: Outcome): string | undefined {
  if (prototypeShape() !== PROTOTYPES) return 'a built-in prototype changed';
  if ('output' in got) return typeof got.output === 'string' ? undefined : `output is a ${typeof got.output}`;
  const err = got.error;
  if (!(err instanceof Error)) return `threw a non-Error: ${String(err)}`;
  const what = `${err.name}: ${err.message}`;
  if (NATIVE_ERRORS.some((C) => err.constructor === C)) return `JavaScript ${what}\n${err.stack ?? ''}`;
  const named = TEMPLATE_ERRORS.has(err.name) || (err.constructor === Error && (PYTHON_ERRORS.has(err.name) || raisedByData(c.context).has(err.name)));
  if (!named) return `undocumented error ${what}\n${err.stack ?? ''}`;
  const pos = err as Error & { templateName?: string; line?: number; column?: number };
  // The name asked for (a template, or a partial of one) is not a place in a template.
  const entry = c.entry ?? 'index.html';
  if (err.name === 'TemplateDoesNotExist' && pos.templateName === undefined && [entry, entry.split('#')[1]].includes(err.message)) return undefined;
  const source = pos.templateName === undefined ? undefined : c.templates[pos.templateName.split('#')[0]!];
  if (source === undefined) return `${what}: no position in a template of the case (templateName ${String(pos.templateName)})`;
  const lines = source.split('\n');
  const line = pos.line ?? 0;
  const column = pos.column ?? 0;
  if (!(line >= 1 && line <= lines.length && column >= 1 && column <= lines[line - 1]!.length + 1)) {
    return `${what}: position ${line}:${column} outside ${String(pos.templateName)}`;
  }
  return undefined;
}

/** The templates of the case being rendered, for an engine made once. */
class CaseLoader implements Loader {
  readonly name = 'fuzz.CaseLoader';
  templates = new Map<string, string>();
  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined {
    if (skip?.has(templateName)) {
      tried.push({ name: templateName, loader: this.name, reason: SKIPPED });
      return undefined;
    }
    const source = this.templates.get(templateName);
    if (source !== undefined) return { source, originName: templateName };
    tried.push({ name: templateName, loader: this.name, reason: 'Source does not exist' });
    return undefined;
  }
}

/** A `{% cache %}` store emptied before each case, as the Django runner empties its caches. */
class CaseCacheStore implements CacheStore {
  readonly entries = new Map<string, unknown>();
  get(key: string): unknown {
    return this.entries.get(key);
  }
  set(key: string, value: unknown, timeoutSeconds: number | null): void {
    if (timeoutSeconds !== null && timeoutSeconds <= 0) this.entries.delete(key);
    else this.entries.set(key, value);
  }
}

/**
 * Engines kept by the options of the cases that use them: making an engine
 * (its built-in library) costs more than most fuzz renders. Each reads the
 * case's templates through its loader and compiles them afresh (no cache).
 */
interface CaseEngine {
  engine: Engine;
  loader: CaseLoader;
  stores: CaseCacheStore[];
  /** The state of the engine's `random`, set again before each render. */
  random: { state: number };
}
const engines = new Map<string, CaseEngine>();

/** A clock that stands still, for cases that do not stop it themselves: the three renders of a case see one time. */
const FUZZ_NOW = new Date('2026-01-02T03:04:05Z');

function engineFor(c: FuzzCase): CaseEngine {
  const key = JSON.stringify(c.options ?? {});
  let found = engines.get(key);
  if (found === undefined) {
    const loader = new CaseLoader();
    const stores = [new CaseCacheStore(), new CaseCacheStore()];
    // A small seeded generator, so that `|random` and `{% lorem random %}` give the same in every render of a case.
    const random = { state: 1 };
    const next = () => (random.state = (random.state * 48271) % 2147483647) / 2147483647;
    const engine = caseEngine(c, {
      ...FUZZ_LIMITS, templates: {}, loaders: [loader], cache: false, cacheStores: { default: stores[0]!, other: stores[1]! }, random: next,
      ...(c.options?.now === undefined ? { now: () => FUZZ_NOW } : {}),
    });
    found = { engine, loader, stores, random };
    engines.set(key, found);
  }
  found.loader.templates = new Map(Object.entries(c.templates));
  for (const store of found.stores) store.entries.clear();
  found.random.state = 1;
  return found;
}

/** Render a case with the limits on; the outcome and the time it took. */
export function renderWithLimits(c: FuzzCase): { got: Outcome; ms: number } {
  const start = performance.now();
  const got = runCaseSync(c, FUZZ_LIMITS, engineFor(c).engine);
  return { got, ms: performance.now() - start };
}

/** Render a case through renderAsync or renderStream with the limits on; the outcome and the time it took. */
export async function renderAsyncWithLimits(c: FuzzCase, mode: Exclude<Mode, 'sync'>): Promise<{ got: Outcome; ms: number }> {
  const start = performance.now();
  const got = await runCase(c, mode, FUZZ_LIMITS, engineFor(c).engine);
  return { got, ms: performance.now() - start };
}

/**
 * How an asynchronous render's outcome differs from the synchronous one's,
 * or undefined when they agree: the same output, or an error of the same
 * class with the same message at the same place.
 */
export function disagreement(c: FuzzCase, sync: Outcome, other: Outcome, mode: Mode): string | undefined {
  const show = (o: Outcome) => ('output' in o ? `output ${JSON.stringify(o.output)}` : `error ${errorText(o.error)}`);
  if ('output' in sync && 'output' in other) return sync.output === other.output ? undefined : `${mode} differs from render: ${show(other)}, render gave ${show(sync)}`;
  if ('error' in sync && 'error' in other && errorText(sync.error) === errorText(other.error)) return undefined;
  return `${mode} differs from render: ${show(other)}, render gave ${show(sync)}`;
}

function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const pos = e as Error & { templateName?: string; line?: number; column?: number };
  return `${e.name}: ${e.message}${pos.templateName === undefined ? '' : ` (${pos.templateName} ${String(pos.line)}:${String(pos.column)})`}`;
}
