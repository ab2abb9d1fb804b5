/**
 * One cold start, run by workload.mjs in a fresh Node process:
 *   node bench/cold.mjs <engine> [--flat]
 * Prints the milliseconds to import the engine, to render the page the first
 * time from a new engine (reading, parsing and compiling every template it
 * uses, with none of the engine's code optimized yet), and to render it a
 * second time (compiled templates cached), the page faults of the first
 * render (memory the process touched for the first time), and whether the
 * first render gave the expected page.
 *   node bench/cold.mjs handwritten [--flat]
 * does the same for the hand-written function (import it, render twice): the
 * floor a fresh process sets, since its first render runs before V8 has
 * optimized anything either.
 */
import { ENGINES, sameAs } from './engines.mjs';
import { FLAT_TEMPLATES, fail, loadWorkload, report } from './lib.mjs';

const name = process.argv[2];
const flat = process.argv.includes('--flat');
/** The hand-written function behind the engines' interface, for its own cold figures. */
const HANDWRITTEN = {
  load: () => import('./handwritten.mjs'),
  fromFiles: (mod) => (flat ? mod.renderFlat : mod.renderProducts),
};
const engine = name === 'handwritten' ? HANDWRITTEN : ENGINES[name] ?? fail(`no engine called ${name}`);
const { data, expected } = loadWorkload();

// Page faults: the memory the first render maps for the first time (see pages.mjs).
const faults = () => process.resourceUsage().minorPageFault;
const t0 = performance.now();
const mod = await engine.load();
const t1 = performance.now();
const f1 = faults();
const render = engine.fromFiles(mod, flat ? { dir: FLAT_TEMPLATES, page: 'flat.html' } : {});
const first = render(data);
const t2 = performance.now();
const f2 = faults();
const second = render(data);
const t3 = performance.now();
if (first !== second) fail(`${name}: the second render differs from the first`);

const { renderFlat } = await import('./handwritten.mjs');
report({ importMs: t1 - t0, firstMs: t2 - t1, firstFaults: f2 - f1, secondMs: t3 - t2, check: sameAs(first, flat ? renderFlat(data) : expected) });
