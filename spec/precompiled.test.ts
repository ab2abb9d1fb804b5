/**
 * The conformance suite through `reinhardt precompile`: each case's
 * templates precompiled to a module, run on reinhardt/runtime in a realm
 * where eval and new Function throw, must give Django's recorded output (or
 * error). The suite's own library (`{% load spec %}`) is imported by the
 * module, as a user's libraries are. Cases the runtime cannot hold are
 * counted as skipped, by reason: the bundled libraries the runtime does not
 * have (i18n, cache: the precompiler refuses them), translations and locale
 * settings (the runtime formats in English with Django's defaults), and the
 * lorem tag's random words. Those it has (static, tz, l10n, humanize) run.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { loadCases, type SpecCase } from './cases.js';
import { urlResolver } from './urls.js';
import { specLibrary } from './specLibrary.js';
import { markSafe } from '../src/index.js';
import { precompile, PrecompileError } from '../src/precompiled/precompile.js';
import { strictRealm, type StrictRealm } from '../test/precompile/strict-vm.js';

let realm: StrictRealm;
beforeAll(async () => {
  realm = await strictRealm();
});

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  return text;
}

/**
 * The suite's resolver across the realms: the realm's safe strings become
 * this one's (its repr quotes them), and its NoReverseMatch the realm's own
 * (an `except` compares classes).
 */
function realmResolver(viewName: string, args: unknown[], kwargs: Record<string, unknown>): ReturnType<typeof urlResolver> {
  const here = (v: unknown) => (v instanceof realm.runtime.SafeString ? markSafe((v as { value: string }).value) : v);
  try {
    return urlResolver(viewName, args.map(here), Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, here(v)])));
  } catch (e) {
    if ((e as Error).name === 'NoReverseMatch') throw new realm.runtime.NoReverseMatch((e as Error).message);
    throw e;
  }
}

const skipped = new Map<string, number>();
let ran = 0;

function skip(reason: string): void {
  skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
}

/** Why the runtime cannot hold a case as it stands, or undefined. */
function reasonToSkip(c: SpecCase): string | undefined {
  const o = c.options ?? {};
  // English is what the runtime renders: a case in English runs.
  return o.language && !/^en(-us)?$/i.test(o.language) ? 'a language' : o.settings ? 'locale settings' : c.template?.includes('random') ? 'random words' : undefined;
}

for (const [file, all] of loadCases()) {
  const cases = all.filter((c) => {
    const why = reasonToSkip(c);
    if (why) skip(why);
    return !why;
  });
  if (!cases.length) continue;
  describe(`${file} (precompiled)`, () => {
    for (const c of cases) {
      const o = c.options ?? {};
      test(c.name, async () => {
        const templates = c.templates ?? { 'index.html': c.template ?? '' };
        let code: string;
        try {
          code = precompile(templates, { stringIfInvalid: o.stringIfInvalid ?? '', libraries: { spec: specLibrary }, librariesImport: 'spec-libraries' }).code;
        } catch (e) {
          if (e instanceof PrecompileError) {
            skip(`a library the runtime lacks (${/library '([^']+)'/.exec((e as Error).message)?.[1] ?? (e as Error).message})`);
            return;
          }
          // Precompiling compiles every template of the case; the engine only those it renders.
          if (c.error === undefined || (e as Error).name !== c.error) {
            skip('a syntax error in a template the case does not render');
            return;
          }
          if (c.errorMessage !== undefined) expect((e as Error).message).toBe(c.errorMessage);
          ran++;
          return;
        }
        // The suite's library, as the realm has it: the module's default import.
        const mod = realm.load(code, { 'spec-libraries': { __esModule: true, default: { spec: realm.runtime.specLibrary } } });
        // Made in the realm, as a page's own values are.
        const inRealm = (value: unknown) => realm.run(`JSON.parse(${JSON.stringify(JSON.stringify(value))})`);
        const engine = mod.createEngine({
          autoescape: o.autoescape ?? true,
          debug: o.debug ?? false,
          urlResolver: o.urls ? realmResolver : undefined,
          now: o.now === undefined ? undefined : realm.run(`() => new Date(${JSON.stringify(`${o.now}Z`)})`),
          staticManifest: o.staticManifest === undefined ? undefined : inRealm(o.staticManifest),
          // Django's CACHES of the runner: two in-memory stores.
          cacheStores: { default: new realm.runtime.MemoryCacheStore(), other: new realm.runtime.MemoryCacheStore() },
        });
        const context = realm.runtime.decode(inRealm(c.context ?? {}));
        const request = o.request ? { GET: new URLSearchParams(o.request.GET ?? '') } : undefined;
        const language = o.language;
        const entry = c.entry ?? 'index.html';
        const renders: [string, () => Promise<string> | string][] = [
          ['sync', () => engine.renderToString(entry, context, { request, language })],
          ['async', () => engine.renderToStringAsync(entry, context, { request, language })],
          ['stream', () => readAll(engine.getTemplate(entry).renderStream(context, { request, language }))],
        ];
        for (const [mode, render] of renders) {
          let output: string | undefined;
          let error: Error | undefined;
          try {
            output = await render();
          } catch (e) {
            error = e as Error;
          }
          if (c.output !== undefined) {
            if (error) throw error;
            expect(output, mode).toBe(c.output);
          } else {
            expect(error, `${mode}: expected an error`).toBeDefined();
            expect(error!.name, mode).toBe(c.error);
            if (c.errorMessage !== undefined) expect(error!.message, mode).toBe(c.errorMessage);
          }
        }
        ran++;
      });
    }
  });
}

describe('the suite through precompile', () => {
  test('most cases run', () => {
    // Printed so that the README's count can be checked.
    console.log(`precompiled spec: ${ran} cases ran; skipped: ${[...skipped].map(([k, n]) => `${n} (${k})`).join(', ')}`);
    expect(ran).toBeGreaterThan(2000);
  });
});
