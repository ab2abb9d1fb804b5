/**
 * Does rendering leave the process slower than it found it? Run by
 * workload.mjs in a fresh Node process:
 *   node bench/slowdown.mjs <engine | none>
 * Times the hand-written function, then imports the engine and renders the
 * page with it for a while, then times the hand-written function again. With
 * `none`, the middle step renders the hand-written function instead: the
 * control, which shows how much the second timing moves on its own.
 * Prints both timings.
 */
import { renderProducts } from './handwritten.mjs';
import { ENGINES } from './engines.mjs';
import { bestOf, fail, keep, loadWorkload, report } from './lib.mjs';

const name = process.argv[2];
const { data } = loadWorkload();
const measure = () => bestOf([['hand-written', () => keep(renderProducts(data))]], { rounds: 5, maxTime: 0.4 })[0];

const before = measure();
let render = renderProducts;
if (name !== 'none') {
  const engine = ENGINES[name] ?? fail(`no engine called ${name}`);
  render = engine.fromFiles(await engine.load());
}
const until = performance.now() + 500;
while (performance.now() < until) keep(render(data));
const after = measure();

report({ engine: name, before: { hz: before.hz, rme: before.rme }, after: { hz: after.hz, rme: after.rme } });
