/**
 * The crash fuzzer: `npm run fuzz -- --count N [--seed S] [--workers W]`.
 *
 * Renders N generated and mutated cases (test/fuzz/grammar.ts) with the
 * limits on (test/fuzz/check.ts) and fails on the first crash, slow render
 * or hang, printing fast-check's shrunk counterexample and how to replay it.
 * Every --async-every'th case (and every case while shrinking or replaying)
 * is also rendered through renderAsync and renderStream, under the same
 * rules, and each must agree with the synchronous render.
 * The cases are split over worker threads, worker w taking seed S + w; a
 * worker that makes no progress for --hang-ms is stopped, and the case it
 * was on is regenerated from its seed and run index.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { crashProblem, disagreement, renderAsyncWithLimits, renderWithLimits } from './check.js';
import { fuzzCaseArb, type FuzzCase } from './grammar.js';

interface Job {
  seed: number;
  count: number;
  /** fast-check's replay path, to run one case again. */
  path?: string;
  slowMs: number;
  /** Every asyncEvery'th case also goes through renderAsync and renderStream (0: none). */
  asyncEvery: number;
  /** Worker w writes the index of the case it is on at progress[w]. */
  progress: Int32Array;
  index: number;
}

interface Result {
  ran: number;
  /** How many of them also went through renderAsync and renderStream. */
  ranAsync: number;
  failure?: { seed: number; path: string; counterexample: FuzzCase; problem: string; shrinks: number };
}

const arb = fuzzCaseArb({ differential: false });

async function runJob(job: Job): Promise<Result> {
  let ran = 0;
  let ranAsync = 0;
  let shrinking = false;
  const fail = (problem: string): never => {
    shrinking = true;
    throw new Error(problem);
  };
  const property = fc.asyncProperty(arb, async (c) => {
    if (!shrinking) Atomics.store(job.progress, job.index, ++ran);
    const sync = renderWithLimits(c);
    const problem = crashProblem(c, sync.got);
    if (problem !== undefined) fail(problem);
    if (sync.ms > job.slowMs) fail(`slow: ${sync.ms.toFixed(0)} ms (over --slow-ms ${job.slowMs})`);
    if (!(shrinking || job.path !== undefined || (job.asyncEvery > 0 && ran % job.asyncEvery === 0))) return;
    if (!shrinking) ranAsync++;
    for (const mode of ['async', 'stream'] as const) {
      const { got, ms } = await renderAsyncWithLimits(c, mode);
      const modeProblem = crashProblem(c, got) ?? disagreement(c, sync.got, got, mode);
      if (modeProblem !== undefined) fail(`${mode}: ${modeProblem}`);
      if (ms > job.slowMs) fail(`${mode}: slow: ${ms.toFixed(0)} ms (over --slow-ms ${job.slowMs})`);
    }
  });
  const details = await fc.check(property, { seed: job.seed, numRuns: job.count, ...(job.path === undefined ? {} : { path: job.path }) });
  if (!details.failed || details.counterexample === null) return { ran, ranAsync };
  const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    ran,
    ranAsync,
    failure: { seed: job.seed, path: details.counterexamplePath!, counterexample: details.counterexample[0], problem, shrinks: details.numShrinks },
  };
}

/** The case a seed gives at a run index, without running it. */
function caseAt(seed: number, index: number): FuzzCase | undefined {
  let found: FuzzCase | undefined;
  fc.check(fc.property(arb, (c) => {
    found = c;
  }), { seed, numRuns: 1, path: String(index) });
  return found;
}

function printFailure(f: NonNullable<Result['failure']>): void {
  console.log(`\nFAILED after shrinking ${f.shrinks} times: ${f.problem}`);
  console.log('The smallest case (conformance-case shape):');
  console.log(JSON.stringify(f.counterexample, null, 2));
  console.log(`Replay: npm run fuzz -- --workers 1 --seed ${f.seed} --path ${f.path}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '10000' },
      seed: { type: 'string' },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      path: { type: 'string' },
      'hang-ms': { type: 'string', default: '30000' },
      'slow-ms': { type: 'string', default: '5000' },
      'async-every': { type: 'string', default: '4' },
    },
  });
  const count = Number(values.count);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const workers = values.path === undefined ? Math.max(1, Math.min(Number(values.workers), count)) : 1;
  const hangMs = Number(values['hang-ms']);
  const slowMs = Number(values['slow-ms']);
  const asyncEvery = Number(values['async-every']);
  console.log(`crash fuzz: ${count} cases, seed ${seed}, ${workers} worker${workers === 1 ? '' : 's'} (worker w runs seed ${seed} + w)`
    + `, every ${asyncEvery === 0 ? 'none' : asyncEvery === 1 ? 'one' : `${asyncEvery}th`} also through renderAsync and renderStream`);

  const progress = new Int32Array(new SharedArrayBuffer(4 * workers));
  const start = performance.now();
  const results = await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<Result>((resolve) => {
    const job: Job = {
      seed: seed + w, count: Math.floor(count / workers) + (w < count % workers ? 1 : 0), slowMs, asyncEvery, progress, index: w,
      ...(values.path === undefined ? {} : { path: values.path }),
    };
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    let last = -1;
    let lastChange = performance.now();
    const watch = setInterval(() => {
      const now = Atomics.load(progress, w);
      if (now !== last) {
        last = now;
        lastChange = performance.now();
      } else if (performance.now() - lastChange > hangMs) {
        clearInterval(watch);
        void worker.terminate();
        const index = now - 1;
        resolve({
          ran: now,
          ranAsync: 0,
          failure: { seed: job.seed, path: String(index), counterexample: caseAt(job.seed, index)!, problem: `hang: no progress for ${hangMs} ms`, shrinks: 0 },
        });
      }
    }, 250);
    worker.on('message', (r: Result) => {
      clearInterval(watch);
      resolve(r);
    });
    worker.on('error', (e) => {
      clearInterval(watch);
      const index = Atomics.load(progress, w) - 1;
      resolve({ ran: index + 1, ranAsync: 0, failure: { seed: job.seed, path: String(index), counterexample: caseAt(job.seed, index)!, problem: `worker died: ${String(e)}`, shrinks: 0 } });
    });
  })));
  const seconds = (performance.now() - start) / 1000;
  const ran = results.reduce((n, r) => n + r.ran, 0);
  const ranAsync = results.reduce((n, r) => n + r.ranAsync, 0);
  const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
  for (const f of failures) printFailure(f);
  console.log(`${ran} cases in ${seconds.toFixed(1)} s (${Math.round(ran / seconds)}/s), ${ranAsync} of them also through renderAsync and renderStream`);
  console.log(`${failures.length === 0 ? ran : ran - failures.length} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

if (isMainThread) {
  process.exitCode = await main();
} else {
  const job = workerData as Job;
  parentPort!.postMessage(await runJob(job));
}
