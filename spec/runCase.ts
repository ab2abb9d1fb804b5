/**
 * How a conformance case runs on reinhardt: the engine Django's runner
 * (spec/django_runner.py) mirrors, the case's context decoded, rendered
 * through render, renderAsync or renderStream. Shared by the suite
 * (spec/spec.test.ts) and the differential fuzzer (test/fuzz/).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, MemoryCacheStore, type EngineOptions } from '../src/index.js';
import { decode } from './values.js';
import { urlResolver } from './urls.js';
import { specLibrary } from './specLibrary.js';
import { loadCases, type SpecCase } from './cases.js';

export { loadCases, type SpecCase };

/** The suite's catalogs (spec/locale/<lang>/LC_MESSAGES/django.po). */
const localeDir = join(dirname(fileURLToPath(import.meta.url)), 'locale');

/** A Django setting's engine option: USE_THOUSAND_SEPARATOR -> useThousandSeparator. */
function settingOptions(settings: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]));
}

export type Outcome = { output: string } | { error: unknown };

/**
 * The three ways a case is rendered: all must give Django's output. `again`
 * is the synchronous render's second on the same engine: a root template
 * rendered through an `extends` chain runs code of its own from then on.
 */
export type Mode = 'sync' | 'async' | 'stream' | 'again';

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
}

/** The case's engine; `extra` adds options (the fuzzers' limits). */
export function caseEngine(c: SpecCase, extra: EngineOptions = {}): Engine {
  return new Engine({
    templates: c.templates ?? { 'index.html': c.template ?? '' },
    autoescape: c.options?.autoescape ?? true,
    stringIfInvalid: c.options?.stringIfInvalid ?? '',
    debug: c.options?.debug ?? false,
    // The routes of spec/urls.json, reversed as Django's reverse() does.
    urlResolver: c.options?.urls ? urlResolver : undefined,
    // The suite's custom library, `{% load spec %}` (spec/spec_library.py for Django).
    libraries: { spec: specLibrary },
    localePaths: [localeDir],
    // Django's CACHES of the runner: two in-memory stores.
    cacheStores: { default: new MemoryCacheStore(), other: new MemoryCacheStore() },
    now: c.options?.now === undefined ? undefined : (() => new Date(`${c.options!.now}Z`)),
    staticManifest: c.options?.staticManifest,
    ...settingOptions(c.options?.settings),
    ...extra,
  });
}

interface Prepared {
  engine: Engine;
  entry: string;
  context: Record<string, unknown>;
  options: { request?: { GET: URLSearchParams }; language?: string };
}

function prepare(c: SpecCase, extra: EngineOptions, engine = caseEngine(c, extra)): Prepared {
  // Rendering for a request, as a server would: its GET is a URLSearchParams.
  const request = c.options?.request ? { GET: new URLSearchParams(c.options.request.GET ?? '') } : undefined;
  return {
    engine,
    entry: c.entry ?? 'index.html',
    context: decode(c.context ?? {}) as Record<string, unknown>,
    options: { request, language: c.options?.language },
  };
}

/** The case through the synchronous render (on `engine` when given: one made by caseEngine). */
export function runCaseSync(c: SpecCase, extra: EngineOptions = {}, engine?: Engine): Outcome {
  try {
    const p = prepare(c, extra, engine);
    return { output: p.engine.renderToString(p.entry, p.context, p.options) };
  } catch (error) {
    return { error };
  }
}

/** The case through one of the three renders (on `engine` when given: one made by caseEngine). */
export async function runCase(c: SpecCase, mode: Mode = 'sync', extra: EngineOptions = {}, engine?: Engine): Promise<Outcome> {
  if (mode === 'sync') return runCaseSync(c, extra, engine);
  if (mode === 'again') {
    const e = engine ?? caseEngine(c, extra);
    runCaseSync(c, extra, e);
    return runCaseSync(c, extra, e);
  }
  try {
    const { engine: e, entry, context, options } = prepare(c, extra, engine);
    if (mode === 'async') return { output: await e.renderToStringAsync(entry, context, options) };
    return { output: await readAll(e.getTemplate(entry).renderStream(context, options)) };
  } catch (error) {
    return { error };
  }
}
