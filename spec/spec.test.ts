/**
 * The conformance suite on reinhardt. The same cases run on real Django
 * (spec/django_runner.py); both must pass every one.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { Engine, MemoryCacheStore } from '../src/index.js';
import { decode } from './values.js';
import { urlResolver } from './urls.js';
import { specLibrary } from './specLibrary.js';
import { loadCases, type SpecCase } from './cases.js';

/** The suite's catalogs (spec/locale/<lang>/LC_MESSAGES/django.po). */
const localeDir = join(dirname(fileURLToPath(import.meta.url)), 'locale');

/** A Django setting's engine option: USE_THOUSAND_SEPARATOR -> useThousandSeparator. */
function settingOptions(settings: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]));
}

type Outcome = { output: string } | { error: unknown };

/** The three ways a case is rendered: all must give Django's output. */
type Mode = 'sync' | 'async' | 'stream';

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
}

function caseEngine(c: SpecCase): Engine {
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
  });
}

export async function runCase(c: SpecCase, mode: Mode = 'sync'): Promise<Outcome> {
  try {
    const engine = caseEngine(c);
    const context = decode(c.context ?? {}) as Record<string, unknown>;
    // Rendering for a request, as a server would: its GET is a URLSearchParams.
    const request = c.options?.request ? { GET: new URLSearchParams(c.options.request.GET ?? '') } : undefined;
    const options = { request, language: c.options?.language };
    const entry = c.entry ?? 'index.html';
    if (mode === 'sync') return { output: engine.renderToString(entry, context, options) };
    if (mode === 'async') return { output: await engine.renderToStringAsync(entry, context, options) };
    return { output: await readAll(engine.getTemplate(entry).renderStream(context, options)) };
  } catch (error) {
    return { error };
  }
}

// Every case through the synchronous render, the async one and the stream.
for (const mode of ['sync', 'async', 'stream'] as const) {
for (const [file, cases] of loadCases()) {
  describe(mode === 'sync' ? file : `${file} (${mode})`, () => {
    for (const c of cases) {
      // The lorem tag's random words differ between two renders.
      if (mode !== 'sync' && c.template?.includes('random')) continue;
      test(c.name, async () => {
        const got = await runCase(c, mode);
        if (c.output !== undefined) {
          if ('error' in got) throw got.error;
          expect(got.output).toBe(c.output);
        } else {
          expect('error' in got, 'expected an error').toBe(true);
          const err = (got as { error: Error }).error;
          expect(err.name).toBe(c.error);
          if (c.errorMessage !== undefined) expect(err.message).toBe(c.errorMessage);
        }
      });
    }
  });
}
}
