/**
 * reinhardt's benchmarks (`npm run bench`; see bench/README.md):
 *   1. rendering the product page, against a hand-written JavaScript function;
 *   2. compiling each template from source, and a cold engine's first render;
 *   3. rendering the page at 10 to 10,000 rows.
 * `--flat` measures the flat fallback page even when the workload renders.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Engine } from 'reinhardt';
import { renderFlat, renderProducts } from './handwritten.mjs';
import {
  FLAT_TEMPLATES, WORKLOAD_DATA, WORKLOAD_TEMPLATES, fail, firstDifference, keep, loadWorkload, noiseWarning, note, num,
  pct, printTable, ratio, runSuite,
} from './lib.mjs';

const { data, expected, sources, flatSource } = loadWorkload();

console.log(`reinhardt benchmarks: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, ${new Date().toISOString()}`);
console.log('Absolute numbers on a shared machine are noise; compare the ratios within one run.');

// ----- the baseline must produce Django's bytes -----

if (renderProducts(data) !== expected) {
  fail(`bench/handwritten.mjs does not produce expected.html, ${firstDifference(renderProducts(data), expected)}`);
}

// ----- which page reinhardt is measured on -----

const PAGES = {
  workload: {
    label: 'the workload: products.html extending base.html, including row.html 100 times',
    dirs: [WORKLOAD_TEMPLATES], name: 'products.html', handwritten: renderProducts,
  },
  flat: {
    label: 'the FLAT FALLBACK: bench/templates/flat.html (one file, no extends/include/floatformat)',
    dirs: [FLAT_TEMPLATES], name: 'flat.html', handwritten: renderFlat,
  },
};

/** Whether reinhardt renders the workload byte for byte as Django does; if not, why. */
function workloadProblem() {
  let output;
  try {
    output = new Engine({ dirs: [WORKLOAD_TEMPLATES] }).getTemplate('products.html').render(data);
  } catch (e) {
    return `${e.name}: ${e.message}`;
  }
  return output === expected ? null : `it renders, but not Django's bytes: differs ${firstDifference(output, expected)}`;
}

const problem = workloadProblem();
const page = (problem || process.argv.includes('--flat')) ? PAGES.flat : PAGES.workload;
const template = new Engine({ dirs: page.dirs }).getTemplate(page.name);

console.log(`\nMeasured: ${page.label}.`);
if (problem) console.log(`Why: reinhardt cannot render the workload as Django does yet. ${problem}`);
else if (page === PAGES.flat) console.log('The workload renders byte-identical to Django, but --flat asked for the flat page.');
else console.log("reinhardt renders the workload byte-identical to Django's expected.html.");

/** The page's data with `rows` products, repeating the workload's 100. */
function withRows(rows) {
  return { ...data, products: Array.from({ length: rows }, (_, i) => data.products[i % data.products.length]) };
}

function checkSame(pageData, what) {
  const got = template.render(pageData);
  const want = page.handwritten(pageData);
  if (got !== want) fail(`reinhardt and the hand-written twin differ on ${what}, ${firstDifference(got, want)}`);
}
checkSame(data, page.name);

// ----- 1. render: reinhardt against hand-written -----

{
  const results = runSuite([
    ['hand-written', () => keep(page.handwritten(data))],
    [`reinhardt ${page.name}`, () => keep(template.render(data))],
  ], { maxTime: 3 });
  const base = results[0].hz;
  printTable(
    `1. Render the page (${data.products.length} rows, warm engine)`,
    ['', 'ops/sec', '±', 'ms/render', 'samples', 'vs hand-written'],
    results.map((r) => [r.name, num(r.hz), pct(r.rme), num(r.mean * 1e3, 3), r.samples, ratio(base / r.hz)]),
  );
  note('vs hand-written: how many times slower than the hand-written function (1.00x = as fast).');
}

// ----- 2. compile cost and cold start -----

{
  const compiler = new Engine({ dirs: [WORKLOAD_TEMPLATES, FLAT_TEMPLATES] });
  const all = { ...sources, 'flat.html': flatSource };
  const cases = [];
  const failures = new Map();
  for (const [name, source] of Object.entries(all)) {
    try {
      compiler.fromString(source, name);
      cases.push([name, () => keep(compiler.fromString(source, name).source)]);
    } catch (e) {
      failures.set(name, `${e.name}: ${e.message.replace(/^Template: [^,]*, /, '')}`);
    }
  }
  const results = new Map(runSuite(cases, { maxTime: 2 }).map((r) => [r.name, r]));
  printTable(
    '2a. Compile from source, no cache: engine.fromString(source, name) (lex + parse + generate code + new Function)',
    ['template', 'bytes', 'µs/compile', '±', 'compiles/sec'],
    Object.entries(all).map(([name, source]) => {
      const r = results.get(name);
      return r
        ? [name, num(source.length), num(r.mean * 1e6, 1), pct(r.rme), num(r.hz)]
        : [name, num(source.length), 'cannot compile yet', '', ''];
    }),
  );
  for (const [name, why] of failures) note(`${name}: ${why}`);

  const runs = Array.from({ length: 5 }, () => {
    const args = [fileURLToPath(new URL('cold.mjs', import.meta.url)), page.dirs[0], page.name, WORKLOAD_DATA];
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 }));
  });
  const median = (key) => runs.map((r) => r[key]).sort((a, b) => a - b)[2];
  const coldRender = () => keep(new Engine({ dirs: page.dirs }).getTemplate(page.name).render(data));
  const [warm] = runSuite([['new Engine + first render', coldRender]], { maxTime: 2 });
  printTable(
    `2b. Cold start of ${page.name} (every template it uses loaded from disk and compiled)`,
    ['', 'ms'],
    [
      ['fresh process: import reinhardt', num(median('importMs'), 2)],
      ['fresh process: new Engine + first render', num(median('firstMs'), 2)],
      ['fresh process: second render (cached)', num(median('secondMs'), 2)],
      ['warm process: new Engine + first render', num(warm.mean * 1e3, 3)],
    ],
  );
  note('fresh process: median of 5 runs of bench/cold.mjs, each a new Node process (engine code not yet optimized).');
  note(`warm process: benchmark.js, ${pct(warm.rme)}, after the engine code is hot.`);
}

// ----- 3. scaling with the number of rows -----

{
  const rows = [];
  for (const n of [10, 100, 1_000, 10_000]) {
    const pageData = withRows(n);
    checkSame(pageData, `${n} rows`);
    const [hand, ours] = runSuite([
      ['hand-written', () => keep(page.handwritten(pageData))],
      ['reinhardt', () => keep(template.render(pageData))],
    ], { maxTime: 1.5 });
    rows.push([
      num(n), num(ours.mean * 1e3, 3), pct(ours.rme), num((ours.mean * 1e6) / n, 3),
      num((hand.mean * 1e6) / n, 3), ratio(hand.hz / ours.hz),
    ]);
  }
  printTable(
    `3. Scaling: ${page.name} with the 100 products repeated`,
    ['rows', 'reinhardt ms', '±', 'reinhardt µs/row', 'hand-written µs/row', 'vs hand-written'],
    rows,
  );
  note('Linear rendering keeps µs/row flat; a fixed per-render cost shows as a higher µs/row at 10 rows.');
}

noiseWarning();
