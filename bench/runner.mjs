/**
 * One engine measured in a fresh Node process, run by workload.mjs:
 *   node --expose-gc bench/runner.mjs <engine> [--flat]
 *
 * Nothing of another engine is loaded here, so no engine's side effects on
 * the process (nunjucks' safe strings built on `String.prototype`) can slow
 * another, and every ratio is to the hand-written function measured in the
 * same process. Measures:
 *   - the hand-written function's renders per second, before the engine is
 *     loaded, so that an engine that slows the whole process is not compared
 *     with a slowed baseline only;
 *   - whether the page equals expected.html (up to entity spelling); if not,
 *     nothing else;
 *   - warm renders per second, beside the hand-written function's;
 *   - compiling each of the page's templates from source, with no cache;
 *   - heap per cached template: N copies of the page's templates under
 *     distinct names compiled into the engine's cache, divided.
 * `--flat` (reinhardt only): the flat fallback page instead of the workload.
 * Prints one line of JSON.
 */
import { readFileSync } from 'node:fs';
import { renderFlat, renderProducts } from './handwritten.mjs';
import { ENGINES, normalizeEntities, sameAs, version } from './engines.mjs';
import {
  FLAT_TEMPLATES, bestOf, fail, firstDifference, keep, loadWorkload, report,
} from './lib.mjs';

const COPIES = 200;

const name = process.argv[2];
const engine = ENGINES[name] ?? fail(`no engine called ${name}`);
const flat = process.argv.includes('--flat');
if (typeof globalThis.gc !== 'function') fail('runner.mjs needs node --expose-gc');

const { data, expected, flatSource } = loadWorkload();
const handwritten = flat ? renderFlat : renderProducts;
const want = flat ? renderFlat(data) : expected;

// ----- the hand-written function, before the engine is loaded -----

const [clean] = bestOf([['hand-written', () => keep(handwritten(data))]], { rounds: 5, maxTime: 0.6 });

const mod = await engine.load();
const render = engine.fromFiles(mod, flat ? { dir: FLAT_TEMPLATES, page: 'flat.html' } : {});
let html;
try {
  html = render(data);
} catch (e) {
  report({ engine: name, version: version(name), check: null, problem: `${e.name}: ${e.message}` });
  process.exit(0);
}
const check = sameAs(html, want);
if (!check) {
  const difference = firstDifference(normalizeEntities(html), normalizeEntities(want));
  report({ engine: name, version: version(name), check, problem: `it renders, but not the expected bytes: differs ${difference}` });
  process.exit(0);
}

// ----- warm render, beside the hand-written function -----

const [hand, ours] = bestOf([
  ['hand-written', () => keep(handwritten(data))],
  [name, () => keep(render(data))],
], { rounds: 5, maxTime: 0.6 });

// ----- compile from source, no cache -----

const templateSources = flat
  ? { 'flat.html': flatSource }
  : Object.fromEntries(engine.templates.map((t) => [t, readFileSync(`${engine.dir}/${t}`, 'utf8')]));
const compile = engine.compiler(mod);
const compiled = bestOf(
  Object.entries(templateSources).map(([t, source]) => [t, () => keep(String(typeof compile(source, t)))]),
  { rounds: 2, maxTime: 0.5 },
);

// ----- memory per cached template -----

const copies = {};
for (const [t, source] of Object.entries(templateSources)) copies[t] = source; // what the copies extend or include
for (let i = 0; i < COPIES; i++) {
  // A distinct text in each copy, so that V8 cannot share one compiled function between copies.
  for (const [t, source] of Object.entries(templateSources)) copies[`copy${i}/${t}`] = `${source}<!-- copy ${i} -->\n`;
}
const count = Object.keys(copies).length;
gc(); gc();
const heapBefore = process.memoryUsage().heapUsed;
const held = engine.cacheAll(mod, copies);
gc(); gc();
const heapAfter = process.memoryUsage().heapUsed;
keep(String(typeof held));

report({
  engine: name,
  version: version(name),
  check,
  render: { hz: ours.hz, rme: ours.rme, samples: ours.samples },
  handwritten: { hz: clean.hz, rme: clean.rme, samples: clean.samples },
  handwrittenBeside: { hz: hand.hz, rme: hand.rme, samples: hand.samples },
  compile: compiled.map((r) => ({ template: r.name, us: r.mean * 1e6, rme: r.rme })),
  memory: { templates: count, bytesPerTemplate: (heapAfter - heapBefore) / count },
});
