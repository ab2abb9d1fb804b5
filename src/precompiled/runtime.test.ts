import { expect, test } from 'vitest';
import { examplePageImports, measureRuntime } from '../../scripts/size.mjs';
import { registerBuiltinFilters, type FilterRegistrar } from '../../filters/index.js';
import { Library } from '../library.js';
import { precompiledClasses, precompiledFunctions } from './registry.js';
import * as runtime from './runtime.js';

test('reinhardt/runtime holds no lexer, parser or compiler, and no Node built-in', async () => {
  const { inputs, imports, gzipped } = await measureRuntime();
  const paths = inputs.map((i) => i.path);
  expect(paths).toContain('src/precompiled/runtime.ts');
  expect(paths).toContain('filters/text.ts');
  for (const machine of ['src/lexer.ts', 'src/parser.ts', 'src/compiler.ts', 'src/smartif.ts', 'src/engine.ts']) expect(paths).not.toContain(machine);
  expect(paths.filter((p) => p.includes('node_modules'))).toEqual([]);
  expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
  // Measured, not asserted tightly: see "Precompiling for the browser" in the README.
  expect(gzipped).toBeGreaterThan(0);
});

test('a precompiled module imports only what its templates use: a page of plain-text filters bundles no HTML parser', async () => {
  const names = await examplePageImports();
  expect(names).toContain('filterTruncatewords');
  const page = await measureRuntime(names);
  const all = await measureRuntime();
  const paths = page.inputs.filter((i) => i.bytesInOutput > 0).map((i) => i.path);
  for (const unused of ['src/utils/html5entities.ts', 'filters/html.ts', 'filters/numbers.ts', 'tags/url.ts']) expect(paths).not.toContain(unused);
  // Of the HTML parser, only its regular expressions stay (built from strings, which a bundler cannot prove pure).
  expect(page.inputs.find((i) => i.path === 'src/utils/htmlparser.ts')?.bytesInOutput ?? 0).toBeLessThan(1000);
  // A guard, not a benchmark: a top-level call a bundler cannot drop (mark it /* @__PURE__ */) brings back whole modules.
  expect(page.gzipped).toBeLessThan(all.gzipped / 2);
});

test('the render core bundles neither the formats of dates and numbers nor the translation machinery', async () => {
  const core = await measureRuntime(['loadTemplates']);
  const bytes = (path: string) => core.inputs.find((i) => i.path === path)?.bytesInOutput ?? 0;
  // {{ }} writes a datetime in English without DateFormat (dateformat's defaultDatetimeFormat); I18n.localize the rest.
  for (const unused of ['src/utils/numberformat.ts', 'src/utils/decimal.ts', 'src/i18n/translation.ts']) expect(bytes(unused)).toBe(0);
  expect(bytes('src/utils/dateformat.ts')).toBeLessThan(1500);
  // Built-in filters give their arg: no reading of parameters from sources.
  expect(core.inputs.some((i) => i.path === 'src/library.ts' && i.bytesInOutput > 600)).toBe(false);
});

test('the runtime exports a registrar for every built-in filter, and every class and function of registry.ts', () => {
  const filters = new Library();
  registerBuiltinFilters(filters);
  for (const name of filters.filters.keys()) {
    const registrar = 'filter' + name.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
    const lib = new Library();
    (runtime as unknown as Record<string, FilterRegistrar>)[registrar](lib, {});
    expect([...lib.filters.keys()]).toEqual([name]);
    // reinhardt/runtime's table takes a built-in filter's arg as given.
    (runtime as unknown as Record<string, FilterRegistrar>)[registrar]({ filter: (_n, _f, options) => expect(options?.arg).toBeDefined() }, {});
  }
  for (const [name, value] of [...precompiledClasses, ...precompiledFunctions]) expect((runtime as Record<string, unknown>)[name]).toBe(value);
});
