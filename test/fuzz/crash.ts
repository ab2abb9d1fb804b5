/**
 * The crash fuzzer: `npm run fuzz -- --count N [--seed S] [--workers W]`.
 *
 * Renders N generated and mutated cases (test/fuzz/grammar.ts) with the
 * limits on (test/fuzz/check.ts) and fails on the first crash, slow render
 * or hang, printing fast-check's shrunk counterexample and how to replay it.
 * The cases are split over worker threads, worker w taking seed S + w; a
 * worker that makes no progress for --hang-ms is stopped, and the case it
 * was on is regenerated from its seed and run index.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { crashProblem, renderWithLimits } from './check.js';
import { fuzzCaseArb, type FuzzCase } from './grammar.js';

interface Job {
  seed: number;
  count: number;
  /** fast-check's replay path, to run one case again. */
  path?: string;
  slowMs: number;
  /** Worker w writes the index of the case it is on at progress[w]. */
  progress: Int32Array;
  index: number;
}

interface Result {
  ran: number;
  failure?: { seed: number; path: string; counterexample: FuzzCase; problem: string; shrinks: number };
}

const arb = fuzzCaseArb({ differential: false });

function runJob(job: Job): Result {
  let ran = 0;
  let shrinking = false;
  const property = fc.property(arb, (c) => {
    if (!shrinking) Atomics.store(job.progress, job.index, ++ran);
    const { got, ms } = renderWithLimits(c);
    const problem = crashProblem(c, got);
    if (problem !== undefined) {
      shrinking = true;
      throw new Error(problem);
    }
    if (ms > job.slowMs) {
      shrinking = true;
      throw new Error(`slow: ${ms.toFixed(0)} ms (over --slow-ms ${job.slowMs})`);
    }
  });
  const details = fc.check(property, { seed: job.seed, numRuns: job.count, ...(job.path === undefined ? {} : { path: job.path }) });
  if (!details.failed || details.counterexample === null) return { ran };
  const problem = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    ran,
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
    },
  });
  const count = Number(values.count);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  const workers = values.path === undefined ? Math.max(1, Math.min(Number(values.workers), count)) : 1;
  const hangMs = Number(values['hang-ms']);
  const slowMs = Number(values['slow-ms']);
  console.log(`crash fuzz: ${count} cases, seed ${seed}, ${workers} worker${workers === 1 ? '' : 's'} (worker w runs seed ${seed} + w)`);

  const progress = new Int32Array(new SharedArrayBuffer(4 * workers));
  const start = performance.now();
  const results = await Promise.all(Array.from({ length: workers }, (_, w) => new Promise<Result>((resolve) => {
    const job: Job = {
      seed: seed + w, count: Math.floor(count / workers) + (w < count % workers ? 1 : 0), slowMs, progress, index: w,
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
      resolve({ ran: index + 1, failure: { seed: job.seed, path: String(index), counterexample: caseAt(job.seed, index)!, problem: `worker died: ${String(e)}`, shrinks: 0 } });
    });
  })));
  const seconds = (performance.now() - start) / 1000;
  const ran = results.reduce((n, r) => n + r.ran, 0);
  const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
  for (const f of failures) printFailure(f);
  console.log(`${ran} cases in ${seconds.toFixed(1)} s (${Math.round(ran / seconds)}/s)`);
  console.log(`${failures.length === 0 ? ran : ran - failures.length} passed, ${failures.length} failed`);
  return failures.length === 0 ? 0 : 1;
}

if (isMainThread) {
  process.exitCode = await main();
} else {
  const job = workerData as Job;
  parentPort!.postMessage(runJob(job));
}
