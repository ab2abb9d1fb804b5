/**
 * What the benches share: where the workload is, running a benchmark.js
 * suite in bounded time, running a bench script in a fresh process, and
 * printing tables.
 */
import { execFileSync } from 'node:child_process';
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
  return counted(suiteOnce(cases, maxTime));
}

function suiteOnce(cases, maxTime) {
  const suite = new Benchmark.Suite();
  for (const [name, fn] of cases) suite.add(name, fn, { maxTime, minSamples: 5 });
  suite.run({ async: false });
  return suite.map((b) => {
    if (b.error) fail(`benchmark "${b.name}" threw: ${b.error.stack ?? b.error}`);
    return { name: b.name, hz: b.hz, rme: b.stats.rme, mean: b.stats.mean, samples: b.stats.sample.length };
  });
}

/** Results that are reported: their margins of error count towards the noise warning. */
function counted(results) {
  for (const r of results) worstRme = Math.max(worstRme, r.rme);
  return results;
}

/**
 * Runs the cases in `rounds` suites one after the other and keeps each case's
 * fastest round: on a shared machine a neighbour's burst slows one round, not
 * all of them, and cases measured side by side take turns.
 */
export function bestOf(cases, { rounds = 3, maxTime = 1 } = {}) {
  let best = null;
  for (let round = 0; round < rounds; round++) {
    const results = suiteOnce(cases, maxTime);
    best = best ? best.map((b, i) => (results[i].hz > b.hz ? results[i] : b)) : results;
  }
  return counted(best);
}

/** Says so when a measurement of this run was noisy (the machine was busy). */
export function noiseWarning(worst = worstRme) {
  if (worst <= 10) return;
  console.log(`\n!!! Noisy run: a measurement had ±${worst.toFixed(1)}%. The machine was busy; run again before trusting the ratios.`);
}

// ----- fresh processes -----

/**
 * Runs `bench/<script> ...args` in a new Node process and gives the JSON it
 * prints as its last line of output; its stderr goes to ours.
 */
export function runFresh(script, args = [], { nodeOptions = [], timeout = 120_000 } = {}) {
  let out;
  try {
    out = execFileSync(process.execPath, [...nodeOptions, here(script), ...args], {
      encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24,
    });
  } catch (e) {
    fail(`node bench/${script} ${args.join(' ')} failed: ${e.message}`);
  }
  return JSON.parse(out.trim().split('\n').pop());
}

/** Prints a result as the last line of output, for `runFresh`. */
export function report(result) {
  console.log(JSON.stringify({ ...result, worstRme }));
}

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ----- printing -----

export const num = (x, digits = 0) =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (x) => `±${x.toFixed(2)}%`;
export const ratio = (x) => `${x.toFixed(2)}x`;
/** Bytes in KB, with one decimal. */
export const kb = (bytes) => num(bytes / 1024, 1);

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
