/**
 * Prototype pollution: what the suite pollutes, and the render it compares.
 *
 * A polluting merge elsewhere in an application (`merge(target,
 * JSON.parse(body))` with a `__proto__` key) can give every object an
 * inherited property holding attacker data: a string, a boolean, a number,
 * an object or an array, never a function. Whatever the engine reads from an
 * object that is not its own (an option, a flag, a table entry, an array
 * element past the end) then comes from the attacker. The scan below
 * pollutes, one at a time, every property name the engine's source reads
 * (found by reading src/, tags/ and filters/), every runtime helper's name,
 * every engine option and every short key, and renders a template that uses
 * every tag, most filters and every runtime helper.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, markSafe } from '../../src/index.js';
import { runtime } from '../../src/runtime/index.js';
import { attempt, resetSentinel, securityLibrary, sentinelFired, withPollution, type Outcome } from './harness.js';
import { specLibrary } from '../../spec/specLibrary.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every `.name` the engine's own source reads (src/, tags/, filters/, libraries/). */
function namesReadBySource(): string[] {
  const names = new Set<string>();
  for (const dir of ['src', 'tags', 'filters', 'libraries']) {
    if (!existsSync(join(root, dir))) continue;
    for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const text = readFileSync(join(root, dir, file), 'utf8');
      for (const m of text.matchAll(/\.([A-Za-z_$][\w$]*)/g)) names.add(m[1]);
    }
  }
  return [...names];
}

/** The options of `new Engine(...)`, documented and being added. */
export const ENGINE_OPTION_NAMES = [
  'dirs', 'templates', 'loaders', 'autoescape', 'stringIfInvalid', 'debug', 'libraries', 'builtins', 'cache',
  'urlResolver', 'timeZone', 'formats', 'now', 'random', 'maxTemplateSize', 'maxOutputSize', 'maxLoopIterations',
  'maxIncludeDepth', 'renderTimeout', 'allowedLibraries', 'language', 'languages',
];

/**
 * Names whose pollution breaks JavaScript itself rather than the engine
 * (property descriptors are read through the prototype chain by
 * `Object.defineProperty`), and the built-ins' own members, which pollution
 * would replace rather than add to: out of scope.
 */
const outOfScope = new Set(['get', 'set', 'value', 'writable', 'enumerable', 'configurable', '__proto__']);

export function objectPrototypeNames(): string[] {
  const names = new Set<string>([
    ...namesReadBySource(), ...Object.keys(runtime), ...ENGINE_OPTION_NAMES,
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<>&"\'%._-#'.split(''),
    '__repr__', '__str__', '__html__', '__iter__', '__len__', '__getitem__', 'silent_variable_failure', 'do_not_call_in_templates', 'alters_data',
  ]);
  return [...names].filter((n) => !outOfScope.has(n) && !Object.hasOwn(Object.prototype, n)).sort();
}

export function arrayPrototypeNames(): string[] {
  const names = new Set<string>(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '-1', 'items', 'grouper', 'list']);
  return [...names].filter((n) => !Object.hasOwn(Array.prototype, n) && !Object.hasOwn(Object.prototype, n)).sort();
}

/** A template that runs every tag, most filters and every runtime helper. */
export const SCAN_TEMPLATE = [
  '{% load sec spec %}{{ x }}{{ missing }}{{ missing.a }}{{ f }}{{ g }}{{ d }}{{ l }}{{ d.a }}{{ l.1 }}{{ inst.name }}{{ inst.method }}{{ m.k }}',
  '{% for k, v in d.items %}{{ k }}={{ v }}{{ forloop.counter }}{{ forloop.revcounter0 }}{% endfor %}',
  '{% for x in l %}{% cycle "a" "b" as cy %}{% ifchanged %}{{ x }}{% endifchanged %}{% ifchanged x %}c{% else %}n{% endifchanged %}{% for y in l %}{{ forloop.parentloop.counter }}{% endfor %}{% empty %}E{% endfor %}',
  '{% for a, b in pairs %}{{ a }}{{ b }}{% endfor %}{% for __proto__ in l %}{% endfor %}{% with __proto__=x %}{% lookup "__proto__" %}{% endwith %}',
  '{% if d.a == 1 and not missing or x != y %}T{% endif %}{% if 1 < 2 and 2 >= 1 and x in l and x not in d and x is None and y is not None %}T{% endif %}',
  '{{ x|default:y }}{{ _("tr%") }}{% filter upper %}{{ x }}{% endfilter %}{% autoescape off %}{{ x }}{% endautoescape %}',
  '{{ l|join:"," }}{{ l|first }}{{ l|last }}{{ l|slice:":2" }}{{ l|slice:"::-1" }}{{ l|length }}{{ d|length }}{{ l|unordered_list }}{{ rows|dictsort:"g" }}{{ rows|dictsortreversed:"g" }}',
  '{% regroup rows by g as gg %}{% for g in gg %}{{ g.grouper }}{{ g.list }}{% endfor %}{{ l|random }}{{ l|pprint }}{{ d|pprint }}{{ m }}{{ m.items }}{{ l|safeseq }}{{ l|escapeseq }}',
  '{{ s|upper }}{{ s|lower }}{{ s|title }}{{ s|capfirst }}{{ s|truncatechars:9 }}{{ s|truncatewords:2 }}{{ h|truncatechars_html:9 }}{{ h|truncatewords_html:2 }}{{ s|urlize }}{{ s|urlizetrunc:8 }}',
  '{{ h|striptags }}{{ s|escapejs }}{{ s|json_script }}{{ d|json_script:"i" }}{{ s|slugify }}{{ s|phone2numeric }}{{ s|iriencode }}{{ s|urlencode }}{{ s|addslashes }}{{ s|center:60 }}',
  '{{ s|ljust:60 }}{{ s|rjust:60 }}{{ s|cut:"l" }}{{ s|linebreaks }}{{ s|linebreaksbr }}{{ s|linenumbers }}{{ s|make_list }}{{ s|wordcount }}{{ s|wordwrap:5 }}{{ s|force_escape }}{{ s|escape }}{{ s|safe }}',
  '{{ n|floatformat }}{{ n|floatformat:2 }}{{ n|floatformat:"3g" }}{{ n|add:1 }}{{ n|stringformat:"05.1f" }}{{ n|get_digit:2 }}{{ n|divisibleby:2 }}{{ n|filesizeformat }}{{ big|add:1 }}{{ 3|pluralize }}{{ 1|pluralize:"y,ies" }}{{ True|yesno }}{{ None|yesno:"a,b,c" }}',
  '{{ date|date:"Y-m-d H:i:s D N jS e O T U" }}{{ date|time:"H:i A P" }}{{ date|timesince:later }}{{ date|timeuntil:later }}{{ date }}{{ None|default_if_none:"x" }}',
  '{% widthratio 1 2 100 %}{% templatetag openblock %}{% lorem 2 w %}{% lorem 1 p %}{% firstof missing x %}{% csrf_token %}{% spaceless %}<a> <b>{% endspaceless %}{% verbatim %}{{ v }}{% endverbatim %}',
  '{% include "inc.html" %}{% include "inc.html" with v=1 only %}{% include names %}{% echo x %}{% echo x as ex %}{{ ex }}{% kw a=1 %}{{ x|wrap:"w" }}{{ x|probe }}{% show_kwargs a=1 b=2 %}{% greet "n" %}',
  '{% partialdef p inline %}P{{ x }}{% endpartialdef %}{% partial p %}{% block b %}B{{ block.name }}{% endblock %}{{ e }}{% resetcycle cy %}{% comment %}c{% endcomment %}{# c #}',
].join('');

class Instance {
  name = 'inst';
  method(): string {
    return 'm';
  }
}

export function scanContext(): Record<string, unknown> {
  return {
    x: '<b>', y: 'y', f: () => 'called', g: Object.assign(() => 'nocall', { doNotCallInTemplates: true }),
    d: { a: 1, b: [1, 2] }, l: [3, 1, 2], pairs: [[1, 2], [3, 4]], rows: [{ g: 2 }, { g: 1 }, { g: 2 }],
    s: 'hello http://x.com <i>w</i> www.y.org a@b.co\nline two', h: '<p>one <a href="x">two</a> three http://z.com</p>',
    n: 1234.5678, big: 123456789012345678901234567890n, date: new Date(Date.UTC(2020, 1, 3, 4, 5, 6)), later: new Date(Date.UTC(2021, 5, 7)),
    safe: markSafe('<s>'), m: new Map([['k', 'v']]), inst: new Instance(), names: ['missing.html', 'inc.html'], csrf_token: 'tok',
    e: () => {
      throw Object.assign(new Error('silent'), { silentVariableFailure: true });
    },
  };
}

// Made once, before any pollution: the Library API's own option objects are
// the application's start-up code (OPTION_POLLUTIONS covers engine options).
const scanLibrary = securityLibrary().library;

/**
 * The engine the scan renders with. Its options object has no prototype, so
 * an option it leaves out is not read from a polluted Object.prototype (that
 * is OPTION_POLLUTIONS' subject): the scan finds the engine's internal reads.
 */
export function scanEngine(): Engine {
  const library = scanLibrary;
  return new Engine(Object.assign(Object.create(null) as object, {
    templates: { 'inc.html': '[{{ v }}{{ x }}]' }, dirs: [], loaders: [], autoescape: true, stringIfInvalid: '',
    debug: false, libraries: { sec: library, spec: specLibrary }, builtins: [], cache: { max: 10 }, urlResolver: () => '/u/',
    timeZone: 'UTC', formats: {}, now: () => new Date(Date.UTC(2024, 0, 1)), random: () => 0,
    maxTemplateSize: 1e7, maxOutputSize: 1e8, maxLoopIterations: 1e6, maxIncludeDepth: 50, allowedLibraries: ['sec', 'spec'],
  }) as ConstructorParameters<typeof Engine>[0]);
}

/** The scan's template rendered with nothing polluted. */
export function scanBaseline(): Outcome {
  return attempt(() => scanEngine().fromString(SCAN_TEMPLATE).render(scanContext()));
}

/**
 * JavaScript that runs when spliced into generated code in place of an
 * identifier, both where a helper is destructured (`const { h: P } = rt`)
 * and where it is called (`P(...)`): a computed key is evaluated at once.
 */
export const IDENTIFIER_PAYLOAD = '{ [globalThis.__reinhardtPwned=1]: pwned }';

/**
 * The same for a helper called as a statement (`P(ctx, out);`): a default
 * that is never needed when destructured, an assignment whose right side
 * runs first when called.
 */
export const STATEMENT_PAYLOAD = 'pwned = globalThis.__reinhardtPwned = Object';

export interface PollutionFinding {
  value: string;
  phase: 'render' | 'compile';
  what: string;
}

function outcomeText(o: Outcome): string {
  if ('output' in o) return o.output;
  const e = o.error as { name?: unknown; message?: unknown };
  return `THROW ${String(e?.name)}: ${String(e?.message)}`;
}

/**
 * Pollute `target[name]` with a marker string, `false` and two code payloads,
 * while compiling and while rendering; report every way the outcome differs
 * from the unpolluted one: the marker in the output (a leak), the payload
 * run (code execution), or any other change (the engine read the property).
 */
export function pollutionFindings(target: object, name: string, baseline: Outcome): PollutionFinding[] {
  const marker = `POLLUTED:${name}`;
  const findings: PollutionFinding[] = [];
  const base = outcomeText(baseline);
  // One template compiled clean serves every render-phase pollution of this name.
  const compiled = scanEngine().fromString(SCAN_TEMPLATE);
  for (const [label, value] of [['marker', marker], ['false', false], ['payload', IDENTIFIER_PAYLOAD], ['statement payload', STATEMENT_PAYLOAD]] as const) {
    for (const phase of ['compile', 'render'] as const) {
      resetSentinel();
      let got: Outcome;
      if (phase === 'compile') {
        got = withPollution(target, name, value, () => attempt(() => scanEngine().fromString(SCAN_TEMPLATE).render(scanContext())));
      } else {
        const context = scanContext();
        got = withPollution(target, name, value, () => attempt(() => compiled.render(context)));
      }
      const fired = sentinelFired();
      resetSentinel();
      const text = outcomeText(got);
      if (fired) findings.push({ value: label, phase, what: `the payload ran (${text.slice(0, 80)})` });
      else if (text.includes(marker)) findings.push({ value: label, phase, what: `the polluted value reached the ${'output' in got ? 'output' : 'error'}: ${excerpt(base, text)}` });
      else if (text !== base) findings.push({ value: label, phase, what: `changed the outcome: ${excerpt(base, text)}` });
    }
  }
  return findings;
}

function excerpt(base: string, got: string): string {
  let i = 0;
  while (i < base.length && base[i] === got[i]) i++;
  return JSON.stringify(got.slice(Math.max(0, i - 15), i + 65));
}

// ----- array holes -----

/** Templates that read a list with a hole at index 1 (`['a.html', , 'c']`). */
export const ARRAY_HOLE_TEMPLATES: readonly string[] = [
  '{% for x in l %}[{{ x }}]{% endfor %}', '{% for x in l reversed %}[{{ x }}]{% endfor %}', '{{ l|join:"," }}', '[{{ l.1 }}]',
  '{{ l|first }}', '{{ l|last }}', '{{ l|slice:":" }}', '{{ l|slice:"1:2" }}', '{{ l }}', '{{ l|length }}', '{{ l|unordered_list }}',
  '{{ l|random }}', '{{ l|pprint }}', '{{ l|safeseq }}', '{{ l|escapeseq }}', '{{ l|json_script }}', '{{ l|dictsort:0 }}',
  '{% if "POLLUTED" in l %}IN{% endif %}', '{% for a, b in pairs %}[{{ a }}{{ b }}]{% endfor %}', '{% firstof l.1 "x" %}',
  '{% cycle l.1 "x" %}', '{% regroup l by 0 as g %}{{ g }}', '{{ l|yesno }}', '{% include l %}', '{{ l|stringformat:"s" }}',
  '{% load spec %}{% join_all l %}', '{% load spec %}{% echo l %}', '{% with a=l %}{{ a }}{% endwith %}',
  '{% ifchanged l %}{{ l }}{% endifchanged %}', '{% if l == l2 %}EQ{% endif %}',
];

// ----- engine options -----

const secretDir = mkdtempSync(join(tmpdir(), 'reinhardt-pollution-'));
writeFileSync(join(secretDir, 'secret.html'), 'SECRET FILE');
/** Remove the folder OPTION_POLLUTIONS' `dirs` points at (call it in afterAll). */
export function removePollutionFiles(): void {
  rmSync(secretDir, { recursive: true, force: true });
}

export interface OptionPollution {
  /** The option polluted on Object.prototype. */
  name: string;
  /** A value a JSON merge could put there. */
  value: unknown;
  /** A template whose outcome the option changes. */
  template: string;
  /** Options the engine is given (never `name`). */
  options?: Record<string, unknown>;
}

export const OPTION_POLLUTIONS: readonly OptionPollution[] = [
  { name: 'autoescape', value: false, template: '{{ x }}' },
  { name: 'stringIfInvalid', value: 'POLLUTED', template: '[{{ missing }}]' },
  { name: 'templates', value: { 'a.html': 'POLLUTED' }, template: '{% include "a.html" %}' },
  { name: 'dirs', value: [secretDir], template: '{% include "secret.html" %}' },
  { name: 'loaders', value: [{ name: 'POLLUTED' }], template: '{% include "a.html" %}' },
  { name: 'libraries', value: { evil: { tags: [], filters: [] } }, template: '{% load evil %}' },
  { name: 'builtins', value: [{ tags: [['if', 'POLLUTED']], filters: [] }], template: '{% if 1 %}x{% endif %}' },
  { name: 'cache', value: { max: 'POLLUTED' }, template: '{% include "a.html" %}', options: { templates: { 'a.html': 'A' } } },
  { name: 'debug', value: true, template: '{{ x }}' },
  { name: 'formats', value: { DATE_FORMAT: '[POLLUTED]' }, template: '{{ d|date }}' },
  { name: 'timeZone', value: 'Asia/Tokyo', template: '{% now "e" %}' },
  { name: 'now', value: 0, template: '{% now "Y" %}' },
  { name: 'random', value: 0, template: '{{ "a"|make_list|random }}' },
  { name: 'urlResolver', value: 'POLLUTED', template: '{% url "home" %}' },
  { name: 'maxTemplateSize', value: 1, template: 'abc' },
  { name: 'maxOutputSize', value: 1, template: 'abc' },
  { name: 'maxLoopIterations', value: 1, template: '{% for x in "abc" %}{% endfor %}' },
  { name: 'maxIncludeDepth', value: 0, template: '{% include "a.html" %}', options: { templates: { 'a.html': 'A' } } },
  { name: 'allowedLibraries', value: ['POLLUTED'], template: '{% load spec %}', options: { libraries: { spec: specLibrary } } },
];

/** An option's observable effect: the render's outcome, and whether source maps are inlined (debug). */
export function optionOutcome(p: OptionPollution): string {
  const got = attempt(() => {
    const template = new Engine((p.options ?? {}) as ConstructorParameters<typeof Engine>[0]).fromString(p.template);
    return template.render({ x: '<b>', d: new Date(0) }) + (template.generatedCode.includes('sourceMappingURL') ? ' [source map]' : '');
  });
  return 'output' in got ? `output ${JSON.stringify(got.output)}` : `error ${String((got.error as Error)?.name)}: ${String((got.error as Error)?.message)}`;
}
