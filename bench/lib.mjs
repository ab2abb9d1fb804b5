/**
 * What the benches share: where the workload is, running a benchmark.js
 * suite in bounded time, and printing tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The shared workload, outside the package: `../shared/bench-workload/` from the project root. */
export const WORKLOAD = here('../../shared/bench-workload/');
export const WORKLOAD_TEMPLATES = WORKLOAD + 'templates';
export const WORKLOAD_DATA = WORKLOAD + 'data.json';
/** The flat fallback page: `bench/templates/flat.html`. */
export const FLAT_TEMPLATES = here('templates');

export function loadWorkload() {
  if (!existsSync(WORKLOAD_DATA)) {
    throw new Error(`the bench workload is missing: expected it at ${WORKLOAD}`);
  }
  const read = (path) => readFileSync(path, 'utf8');
  return {
    data: JSON.parse(read(WORKLOAD_DATA)),
    expected: read(WORKLOAD + 'expected.html'),
    sources: {
      'base.html': read(WORKLOAD_TEMPLATES + '/base.html'),
      'products.html': read(WORKLOAD_TEMPLATES + '/products.html'),
      'row.html': read(WORKLOAD_TEMPLATES + '/row.html'),
    },
    flatSource: read(FLAT_TEMPLATES + '/flat.html'),
  };
}

/** Where two strings first differ, with a little of each around it (for error messages). */
export function firstDifference(actual, expected) {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const around = (s) => JSON.stringify(s.slice(Math.max(0, i - 40), i + 40));
  return `at byte ${i} (lengths ${actual.length} and ${expected.length}):\n  got      ${around(actual)}\n  expected ${around(expected)}`;
}

/** Stops the process with a message nobody can miss. */
export function fail(message) {
  console.error(`\n!!! BENCH FAILED: ${message}\n`);
  process.exit(1);
}

// Results are written here so that no engine can skip a render whose output is unused.
export let sink = 0;
export const keep = (s) => { sink += s.length; };

// The largest margin of error seen in this run.
let worstRme = 0;

/**
 * Runs `[name, fn]` cases in one benchmark.js suite, one after the other, each
 * for about `maxTime` seconds; gives each case's ops/sec, relative margin of
 * error (%), mean seconds per op and number of samples.
 */
export function runSuite(cases, { maxTime = 1 } = {}) {
  const suite = new Benchmark.Suite();
  for (const [name, fn] of cases) suite.add(name, fn, { maxTime, minSamples: 5 });
  suite.run({ async: false });
  return suite.map((b) => {
    if (b.error) fail(`benchmark "${b.name}" threw: ${b.error.stack ?? b.error}`);
    worstRme = Math.max(worstRme, b.stats.rme);
    return { name: b.name, hz: b.hz, rme: b.stats.rme, mean: b.stats.mean, samples: b.stats.sample.length };
  });
}

/** Says so when a measurement of this run was noisy (the machine was busy). */
export function noiseWarning() {
  if (worstRme <= 10) return;
  console.log(`\n!!! Noisy run: a measurement had ±${worstRme.toFixed(1)}%. The machine was busy; run again before trusting the ratios.`);
}

// ----- printing -----

export const num = (x, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (x) => `±${x.toFixed(2)}%`;
export const ratio = (x) => `${x.toFixed(2)}x`;

/** Prints a table: the first column left-aligned, the others right-aligned. */
export function printTable(title, headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map(String));
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r) => r.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  console.log(`\n${title}\n`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Prints notes under a table, indented. */
export function note(...lines) {
  for (const l of lines) console.log(`  ${l}`);
}
