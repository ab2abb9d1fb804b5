/**
 * The conformance suite through `reinhardt precompile`: each case's
 * templates precompiled to a module, run on reinhardt/runtime in a realm
 * where eval and new Function throw, must give Django's recorded output (or
 * error). The suite's own library (`{% load spec %}`) is imported by the
 * module, as a user's libraries are. Cases the runtime cannot hold are
 * counted as skipped, by reason. A case in a
 * language other than English, with locale settings or loading i18n or
 * humanize is precompiled with Django's translations and the suite's
 * catalogs (`localePaths`, written into the module), and its engine is
 * given Django's locale data for every language; the others run on the
 * runtime without translations.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadCases, type SpecCase } from './cases.js';
import { urlResolver } from './urls.js';
import { specLibrary } from './specLibrary.js';
import { markSafe } from '../src/index.js';
import { precompile, PrecompileError } from '../src/precompiled/precompile.js';
import { strictRealm, type StrictRealm } from '../test/precompile/strict-vm.js';
import { loadLocaleDataSync, type LocaleData } from '../src/i18n/locale-data.js';
import { LANGUAGES_SHIPPED } from '../src/utils/locale-data/languages.js';

const localeDir = fileURLToPath(new URL('locale', import.meta.url));
/** Django's data for every language, given to the engines of the cases that translate (Node's engine reads it on first use). */
const localeData: LocaleData[] = LANGUAGES_SHIPPED.map((code) => loadLocaleDataSync(code)!);

/** A Django setting's option: USE_THOUSAND_SEPARATOR -> useThousandSeparator (as spec/runCase.ts). */
function settingOptions(settings: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).map(([k, v]) => [k.toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v]));
}

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

/** Whether a case needs Django's translations: a language, locale settings, or a template that translates. */
function translates(c: SpecCase): boolean {
  const o = c.options ?? {};
  const text = c.template ?? Object.values(c.templates ?? {}).join('\n');
  return o.language !== undefined || o.settings !== undefined || /i18n|humanize|_\(/.test(text);
}
let translated = 0;

for (const [file, cases] of loadCases()) {
  describe(`${file} (precompiled)`, () => {
    for (const c of cases) {
      const o = c.options ?? {};
      test(c.name, async () => {
        const templates = c.templates ?? { 'index.html': c.template ?? '' };
        let code: string;
        try {
          code = precompile(templates, {
            stringIfInvalid: o.stringIfInvalid ?? '', libraries: { spec: specLibrary }, librariesImport: 'spec-libraries',
            localePaths: translates(c) ? [localeDir] : undefined,
          }).code;
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
          ...(translates(c) ? { localeData, ...settingOptions(o.settings) } : {}),
        });
        if (translates(c)) translated++;
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
    console.log(`precompiled spec: ${ran} cases ran (${translated} with translations); skipped: ${[...skipped].map(([k, n]) => `${n} (${k})`).join(', ')}`);
    expect(ran).toBeGreaterThan(3500);
    expect(translated).toBeGreaterThan(250);
  });
});
