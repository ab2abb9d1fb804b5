// Memory under a stream of distinct templates (issue 11, "Under load"):
// `npm run bench:memory`. One engine with a bounded cache compiles 100,000
// distinct template sources; a second compiles as many through `fromString`
// (no cache); a third, with `debug: true`, reloads one file each time it
// changes. The heap in use after a full garbage collection is sampled as
// they go: it must stay flat, whatever the number of templates seen.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from 'reinhardt';

if (typeof globalThis.gc !== 'function') {
  console.error('bench/memory.mjs needs --expose-gc (npm run bench:memory passes it)');
  process.exit(2);
}

const TEMPLATES = 100_000;
const SAMPLES = 10;
const CACHE_MAX = 1_000;

/** A template that differs from every other in its text, its names and its filter arguments. */
function source(i) {
  return `<h1>{{ title_${i}|default:"t${i}" }}</h1>{% for x in items %}<li>{{ forloop.counter }} {{ x.name_${i}|upper }} ${i}</li>{% empty %}none{% endfor %}{% if n > ${i} %}big{% endif %}`;
}
const context = { items: [{ name_1: 'a' }, { name_1: 'b' }], n: 3 };

function heapMB() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs `step(i)` for i below `count`, sampling the heap SAMPLES times. */
function sampled(count, step) {
  const samples = [];
  const every = count / SAMPLES;
  for (let i = 0; i < count; i++) {
    step(i);
    if ((i + 1) % every === 0) samples.push(heapMB());
  }
  return samples;
}

// 1. A loader that makes every name's source: the cache holds at most CACHE_MAX of them.
const generated = {
  name: 'generated',
  load(name) {
    const i = Number(name.slice(1));
    return Number.isInteger(i) ? { source: source(i), originName: name } : undefined;
  },
};
const cached = new Engine({ loaders: [generated], cache: { max: CACHE_MAX } });
const throughCache = sampled(TEMPLATES, (i) => cached.getTemplate(`t${i}`).render(context));

// 2. fromString: compiled, rendered, dropped.
const uncached = new Engine();
const fromString = sampled(TEMPLATES, (i) => uncached.fromString(source(i)).render(context));

// 3. debug reloads of one file that keeps changing.
const RELOADS = 10_000;
const dir = mkdtempSync(join(tmpdir(), 'reinhardt-memory-'));
const file = join(dir, 'page.html');
const debug = new Engine({ dirs: [dir], debug: true });
let reloads;
try {
  reloads = sampled(RELOADS, (i) => {
    writeFileSync(file, source(i));
    // A new modification time each round, however fast the rounds are.
    const when = new Date(1_700_000_000_000 + i * 1000);
    utimesSync(file, when, when);
    const out = debug.getTemplate('page.html').render(context);
    if (!out.includes(` ${i}</li>`)) throw new Error(`reload ${i} rendered a stale template`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const fmt = (xs) => xs.map((x) => x.toFixed(1)).join(' / ');
const growth = (xs) => xs[xs.length - 1] - xs[0];
console.log(`Heap in use after gc, MB, sampled ${SAMPLES} times along each run (Node ${process.version}):\n`);
console.log('| run | heap samples, MB | last minus first, MB |\n|---|---|--:|');
console.log(`| ${TEMPLATES.toLocaleString('en')} distinct templates, getTemplate, cache max ${CACHE_MAX.toLocaleString('en')} | ${fmt(throughCache)} | ${growth(throughCache).toFixed(1)} |`);
console.log(`| ${TEMPLATES.toLocaleString('en')} distinct templates, fromString | ${fmt(fromString)} | ${growth(fromString).toFixed(1)} |`);
console.log(`| ${RELOADS.toLocaleString('en')} debug reloads of a changed file | ${fmt(reloads)} | ${growth(reloads).toFixed(1)} |`);
// Flat: after the first sample (the cache filled, V8 warmed), growth stays within noise.
const LIMIT_MB = 8;
const grew = [['cache', throughCache], ['fromString', fromString], ['debug reloads', reloads]]
  .filter(([, xs]) => xs[xs.length - 1] - xs[0] > LIMIT_MB);
if (grew.length) {
  console.error(`\nMEMORY GREW by more than ${LIMIT_MB} MB: ${grew.map(([n]) => n).join(', ')}`);
  process.exit(1);
}
console.log(`\nflat: no run grew by more than ${LIMIT_MB} MB after its first sample`);
