/**
 * One cold start, run by workload.mjs in a fresh Node process:
 *   node bench/cold.mjs <templates dir> <template name> <data.json>
 * Prints the milliseconds to import reinhardt, to render the page the first
 * time from a new Engine (loading, lexing, parsing and compiling every
 * template it uses, with none of the engine's code optimized yet), and to
 * render it a second time (compiled templates cached).
 */
import { readFileSync } from 'node:fs';

const [dir, name, dataPath] = process.argv.slice(2);
const data = JSON.parse(readFileSync(dataPath, 'utf8'));

const t0 = performance.now();
const { Engine } = await import('reinhardt');
const t1 = performance.now();
const engine = new Engine({ dirs: [dir] });
const first = engine.getTemplate(name).render(data);
const t2 = performance.now();
const second = engine.getTemplate(name).render(data);
const t3 = performance.now();
if (first !== second) throw new Error('the second render differs from the first');

console.log(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, secondMs: t3 - t2 }));
