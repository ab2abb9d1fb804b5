/**
 * The differential fuzzer: `npm run fuzz:django -- --count N [--seed S]`.
 *
 * Generates N cases with the crash fuzzer's grammar, less the README's
 * deliberate differences from Django (grammar.ts, `differential`), renders
 * each on reinhardt (as the conformance suite does, spec/runCase.ts) and on
 * Django 6.1 (one Python process for the whole run, test/fuzz/django_server.py,
 * rendering as spec/django_runner.py does), and fails on any disagreement in
 * output or error class. Each kind of disagreement is shrunk by delta
 * debugging (parts of the template, of the context, other templates cut
 * while Django and reinhardt still disagree the same way) and printed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { runCaseSync, type Outcome } from '../../spec/runCase.js';
import { fuzzCaseArb, tokenize, type FuzzCase } from './grammar.js';

type DjangoResult = ['output', string] | ['error', string, string] | ['timeout'];

/** The source tree (this module also runs compiled, from .cache/fuzz). */
function sourceRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const up = join(here, '..', '..');
  return up.endsWith(join('.cache', 'fuzz')) ? join(up, '..', '..') : up;
}

/** One Django process answering cases in order. */
class Django {
  private readonly waiting: ((r: DjangoResult) => void)[] = [];
  private readonly child;

  constructor(root: string) {
    // scripts/get-django.sh prints `VAR=value ... python3`.
    const words = execFileSync('bash', [join(root, 'scripts', 'get-django.sh')], { encoding: 'utf8' }).trim().split(/\s+/);
    const env = { ...process.env };
    while (words.length > 1 && /^[A-Za-z_]+=/.test(words[0]!)) {
      const [k, ...v] = words.shift()!.split('=');
      env[k!] = v.join('=');
    }
    this.child = spawn(words[0]!, [...words.slice(1), join(root, 'test', 'fuzz', 'django_server.py')], { env, stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.waiting.shift()?.(JSON.parse(line) as DjangoResult));
    this.child.on('exit', (code) => {
      for (const w of this.waiting.splice(0)) w(['error', 'DjangoServerExited', `exit ${String(code)}`]);
    });
  }

  render(c: FuzzCase): Promise<DjangoResult> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(JSON.stringify(c) + '\n');
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** How the two sides ended, in a word each: `output`, or the error's class. */
function reinhardtKind(got: Outcome): string {
  return 'output' in got ? 'output' : String((got.error as { name?: unknown })?.name);
}

/**
 * The disagreement between the two outcomes ('' when they agree): both
 * outputs equal, or both errors of one class. reinhardt's include-depth
 * guard stops runaway recursion with TemplateLimitError where Django
 * reaches Python's RecursionError (README, deliberate differences).
 */
function disagreement(got: Outcome, django: DjangoResult): string {
  const ours = reinhardtKind(got);
  if (django[0] === 'timeout') return '';
  if (django[0] === 'output') return 'output' in got && got.output === django[1] ? '' : `${ours} / output`;
  if (ours === django[1] || (django[1] === 'RecursionError' && ours === 'TemplateLimitError')) return '';
  return `${ours} / ${django[1]}`;
}

function describe(got: Outcome): string {
  if ('output' in got) return `output ${JSON.stringify(got.output)}`;
  const e = got.error as { name?: unknown; message?: unknown; stack?: unknown };
  return `${String(e?.name)}: ${String(e?.message)}`;
}

async function compare(django: Django, c: FuzzCase): Promise<{ kind: string; got: Outcome; theirs: DjangoResult }> {
  const theirs = await django.render(c);
  const got = runCaseSync(c);
  return { kind: disagreement(got, theirs), got, theirs };
}

// ----- shrinking: delta debugging that asks Django again -----

/** Smaller versions of a list: halves, quarters... then each item left out. */
function* smallerLists<T>(items: T[]): Generator<T[]> {
  for (let size = Math.floor(items.length / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let i = 0; i + size <= items.length; i += size) yield [...items.slice(0, i), ...items.slice(i + size)];
  }
}

/** Simpler forms of a JSON value. */
function* simplerValues(v: unknown): Generator<unknown> {
  if (Array.isArray(v)) {
    yield* smallerLists(v);
    for (let i = 0; i < v.length; i++) for (const s of simplerValues(v[i])) yield v.map((x, j) => (j === i ? s : x));
  } else if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.some(([k]) => k.startsWith('$'))) return;
    for (const smaller of smallerLists(entries)) yield Object.fromEntries(smaller);
    for (const [k, x] of entries) for (const s of simplerValues(x)) yield { ...v, [k]: s };
  } else if (typeof v === 'string' && v.length > 0) {
    yield '';
    if (v.length > 1) yield v.slice(0, Math.ceil(v.length / 2)), yield v.slice(Math.ceil(v.length / 2));
  }
}

/** Cases a little simpler than `c`. */
function* simplerCases(c: FuzzCase): Generator<FuzzCase> {
  const entry = (c.entry ?? 'index.html').split('#')[0]!;
  const source = c.templates[entry] ?? '';
  const tokens = tokenize(source);
  for (const fewer of smallerLists(tokens)) yield { ...c, templates: { ...c.templates, [entry]: fewer.join('') } };
  // Words of a tag or variable, and parts of a filter chain.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!/^\{[{%]/.test(t)) continue;
    const inner = t.slice(2, -2).trim();
    for (const sep of [' ', '|', '.']) {
      const parts = inner.split(sep);
      if (parts.length < 2) continue;
      for (const fewer of smallerLists(parts)) {
        const shorter = [...tokens];
        shorter[i] = `${t.slice(0, 2)} ${fewer.join(sep)} ${t.slice(-2)}`;
        yield { ...c, templates: { ...c.templates, [entry]: shorter.join('') } };
      }
    }
  }
  for (const name of Object.keys(c.templates)) {
    if (name === entry) continue;
    const { [name]: _dropped, ...rest } = c.templates;
    yield { ...c, templates: rest };
  }
  for (const context of simplerValues(c.context)) yield { ...c, context: context as Record<string, unknown> };
  if (c.options && Object.keys(c.options).length > 0) {
    const { options: _options, ...plain } = c;
    yield plain as FuzzCase;
  }
}

async function shrink(django: Django, c: FuzzCase, kind: string, budget = 400): Promise<FuzzCase> {
  let best = c;
  for (let progress = true; progress && budget > 0;) {
    progress = false;
    for (const candidate of simplerCases(best)) {
      if (--budget <= 0) break;
      if ((await compare(django, candidate)).kind === kind) {
        best = candidate;
        progress = true;
        break;
      }
    }
  }
  return best;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      count: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      show: { type: 'string', default: '5' },
    },
  });
  const count = Number(values.count);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  console.log(`differential fuzz against Django: ${count} cases, seed ${seed}`);
  const start = performance.now();
  const cases = fc.sample(fuzzCaseArb({ differential: true }), { seed, numRuns: count });
  const django = new Django(sourceRoot());
  // All cases go to Django at once; the answers come back in order.
  const results = await Promise.all(cases.map((c) => compare(django, c)));
  const byKind = new Map<string, { c: FuzzCase; index: number }>();
  let failed = 0;
  let timeouts = 0;
  results.forEach((r, index) => {
    if (r.theirs[0] === 'timeout') timeouts++;
    if (!r.kind) return;
    failed++;
    // For a disagreement in output, the template's first tag or filter tells kinds apart.
    if (!byKind.has(r.kind)) byKind.set(r.kind, { c: cases[index]!, index });
  });
  let shown = 0;
  for (const [kind, { c, index }] of byKind) {
    if (shown++ >= Number(values.show)) break;
    const small = await shrink(django, c, kind);
    const { got, theirs } = await compare(django, small);
    console.log(`\nDISAGREEMENT (${kind}) in case ${index}${c.name === 'generated' ? '' : ` (mutated from spec case ${c.name})`}, shrunk to:`);
    console.log(JSON.stringify(small, null, 2));
    console.log(`  reinhardt: ${describe(got)}`);
    console.log(`  Django:    ${theirs[0] === 'output' ? `output ${JSON.stringify(theirs[1])}` : theirs.slice(1).join(': ')}`);
  }
  django.close();
  const seconds = (performance.now() - start) / 1000;
  if (byKind.size > 0) console.log(`\n${byKind.size} kinds of disagreement; replay: npm run fuzz:django -- --count ${count} --seed ${seed}`);
  if (timeouts > 0) console.log(`${timeouts} cases ran past Django's time limit and were not compared`);
  console.log(`${count} cases in ${seconds.toFixed(1)} s`);
  console.log(`${count - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
