/**
 * A polluted Object.prototype or Array.prototype (set, then removed, in each
 * test) never reaches a render: no lookup, registry or loader finds an
 * inherited property, no engine option or internal flag is read from one,
 * and no polluted value is ever output or run as code.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { Engine, Library, markSafe } from '../../src/index.js';
import { attempt, describeOutcome, guardEachTest, makeEngine, resetSentinel, sentinelFired, withPollution, type Outcome } from './harness.js';
import {
  ARRAY_HOLE_TEMPLATES, IDENTIFIER_PAYLOAD, OPTION_POLLUTIONS, STATEMENT_PAYLOAD, arrayPrototypeNames, removePollutionFiles, objectPrototypeNames, optionOutcome,
  pollutionFindings, scanBaseline,
} from './pollution.js';

guardEachTest();
afterAll(removePollutionFiles);

const POLLUTED = 'POLLUTED';

function renderPolluted(target: object, key: PropertyKey, value: unknown, src: string, context: Record<string, unknown>, engine?: Engine): Outcome {
  const e = engine ?? makeEngine({ templates: { 'a.html': 'A', 'inc.html': '[{{ v }}]' } }).engine;
  return withPollution(target, key, value, () => attempt(() => e.fromString(src).render(context)));
}

describe('a polluted Object.prototype is found by no lookup', () => {
  class User {
    name = 'ada';
  }
  const context = () => ({ d: { a: 1 }, u: new User(), m: new Map([['a', 1]]), l: [1, 2], s: 'str', n: 5, f: () => ({ a: 1 }), nul: Object.create(null) });
  const templates: [string, string][] = [
    ['variable', '[{{ polluted }}]'],
    ['dict attribute', '[{{ d.polluted }}]'],
    ['instance attribute', '[{{ u.polluted }}]'],
    ['Map key', '[{{ m.polluted }}]'],
    ['list attribute', '[{{ l.polluted }}]'],
    ['string attribute', '[{{ s.polluted }}]'],
    ['number attribute', '[{{ n.polluted }}]'],
    ['callable result attribute', '[{{ f.polluted }}]'],
    ['null-prototype attribute', '[{{ nul.polluted }}]'],
    ['filter argument', '[{{ "x"|default:d.polluted }}]'],
    ['with', '{% with v=d.polluted %}[{{ v }}]{% endwith %}'],
    ['for', '{% for x in d.polluted %}[{{ x }}]{% empty %}[]{% endfor %}'],
    ['for over a dict', '{% for k in d %}[{{ k }}]{% endfor %}'],
    ['for over items', '{% for k, v in d.items %}[{{ k }}{{ v }}]{% endfor %}'],
    ['if', '{% if d.polluted %}[POLLUTED]{% else %}[]{% endif %}'],
    ['in', '{% if "polluted" in d %}[POLLUTED]{% else %}[]{% endif %}'],
    ['custom tag argument', '{% load sec %}[{% echo d.polluted %}]'],
    ['custom tag keywords', '{% load sec %}[{% kw a=1 %}]'],
    ['include with', '{% include "inc.html" with v=d.polluted %}'],
    ['dict repr', '[{{ d }}]'],
    ['dictsort', '[{{ l|dictsort:"polluted" }}]'],
    ['json_script', '{{ d|json_script }}'],
    ['length', '[{{ d|length }}]'],
    ['context lookup by a tag', '{% load spec %}[{% lookup "polluted" %}]'],
  ];
  const expected: Record<string, Outcome> = {
    'filter argument': { error: expect.objectContaining({ name: 'VariableDoesNotExist', message: "Failed lookup for key [polluted] in {'a': 1}" }) },
  };
  const outputs: Record<string, string> = {
    'for over a dict': '[a]', 'for over items': '[a1]', 'dict repr': "[{&#x27;a&#x27;: 1}]", json_script: '<script type="application/json">{"a": 1}</script>',
    length: '[1]', 'custom tag keywords': '[null-proto:a]', 'context lookup by a tag': '[?]', 'include with': '[]',
  };
  test.each(templates)('%s', (_label, src) => {
    for (const value of [POLLUTED, { polluted: POLLUTED }, [POLLUTED], true, 1]) {
      const got = renderPolluted(Object.prototype, 'polluted', value, src, context());
      expect(got, `${describeOutcome(got)} with ${JSON.stringify(value)}`).toEqual(expected[_label] ?? { output: outputs[_label] ?? '[]' });
    }
  });

  test('registries and loaders: filter, tag, library, template and partial names', () => {
    const { engine } = makeEngine({ templates: { 'page.html': '{% partialdef card %}C{% endpartialdef %}' } });
    const lib = { tags: new Map(), filters: new Map() };
    const cases: [string, string][] = [
      ['{{ 1|polluted }}', 'TemplateSyntaxError'],
      ['{% polluted %}', 'TemplateSyntaxError'],
      ['{% load polluted %}', 'TemplateSyntaxError'],
      ['{% load echo from polluted %}', 'TemplateSyntaxError'],
      ['{% include "polluted" %}', 'TemplateDoesNotExist'],
      ['{% extends "polluted" %}', 'TemplateDoesNotExist'],
      ['{% partial polluted %}', 'TemplateSyntaxError'],
      ['{% filter polluted %}x{% endfilter %}', 'TemplateSyntaxError'],
      ['{% templatetag polluted %}', 'TemplateSyntaxError'],
    ];
    for (const value of [POLLUTED, lib, { 'a.html': POLLUTED }]) {
      for (const [src, error] of cases) {
        const got = renderPolluted(Object.prototype, 'polluted', value, src, {}, engine);
        expect(got, src).toEqual({ error: expect.objectContaining({ name: error }) });
      }
      const partial = withPollution(Object.prototype, 'polluted', value, () => attempt(() => engine.getTemplate('page.html#polluted').render()));
      expect(partial).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
      const template = withPollution(Object.prototype, 'polluted', value, () => attempt(() => engine.getTemplate('polluted').render()));
      expect(template).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
    }
  });
});

describe('a polluted Array.prototype fills no missing element', () => {
  test('an index past the end', () => {
    const cases: [string, string][] = [
      ['[{{ l.5 }}]', '[]'], ['[{{ l.0 }}]', '[]'], ['{% for x in l %}[{{ x }}]{% endfor %}', ''], ['[{{ l|join:"," }}]', '[]'],
      ['{{ l|slice:"3:6" }}', '[]'], ['[{{ l|last }}]', '[]'], ['[{{ l|first }}]', '[]'], ['{{ l }}', '[]'], ['[{{ l|random }}]', '[]'],
    ];
    for (const [src, want] of cases) {
      const got = renderPolluted(Array.prototype, 5, POLLUTED, src, { l: [] });
      expect(got, src).toEqual(want === 'IndexError' ? { error: expect.objectContaining({ name: 'IndexError' }) } : { output: want });
    }
  });
  test('a string index past the end', () => {
    const got = renderPolluted(String.prototype, 5, POLLUTED, '[{{ s.5 }}|{{ s|slice:"5:" }}]', { s: 'abc' });
    expect(got).toEqual({ output: '[|]' });
  });
  test.each(ARRAY_HOLE_TEMPLATES)('a hole: %s', (src) => {
    // eslint-disable-next-line no-sparse-arrays
    const context = () => ({ l: ['a.html', , 'c'], pairs: [['a', ,]], l2: ['a.html', POLLUTED, 'c'] });
    const { engine } = makeEngine({ templates: { 'a.html': 'A' }, random: () => 0.5 } as ConstructorParameters<typeof Engine>[0]);
    const clean = attempt(() => engine.fromString(src).render(context()));
    const got = renderPolluted(Array.prototype, 1, POLLUTED, src, context(), engine);
    expect(describeOutcome(got)).not.toContain(POLLUTED);
    expect(got).toEqual(clean);
  });
});

describe('engine options never come from Object.prototype', () => {
  test.each(OPTION_POLLUTIONS.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const clean = optionOutcome(p);
    expect(withPollution(Object.prototype, p.name, p.value, () => optionOutcome(p))).toBe(clean);
  });
});

describe('no property the engine reads is taken from a polluted prototype', () => {
  const baseline = scanBaseline();
  test('the scan template renders', () => {
    expect('output' in baseline, describeOutcome(baseline)).toBe(true);
  });
  test.each(objectPrototypeNames())('Object.prototype.%s', (name) => {
    expect(pollutionFindings(Object.prototype, name, baseline)).toEqual([]);
  });
  test.each(arrayPrototypeNames())('Array.prototype[%s]', (name) => {
    expect(pollutionFindings(Array.prototype, name, baseline)).toEqual([]);
  });
});

describe('libraries registered while Object.prototype is polluted', () => {
  test('a registry lookup of a polluted name finds nothing', () => {
    const got = withPollution(Object.prototype, 'shout', POLLUTED, () => {
      const lib = new Library().filter('quiet', (v: unknown) => String(v).toLowerCase());
      const engine = new Engine({ libraries: { lib } });
      return attempt(() => engine.fromString('{% load lib %}{{ "A"|quiet }}{{ "A"|shout }}').render());
    });
    expect(got).toEqual({ error: expect.objectContaining({ name: 'TemplateSyntaxError', message: "Invalid filter: 'shout'" }) });
  });
});

describe('Library registration while Object.prototype is polluted', () => {
  test.each([
    ['isSafe', true, (lib: Library) => lib.filter('f', (v: unknown) => `<${String(v)}>`), '{% load lib %}{{ s|f }}', '&lt;&lt;i&gt;&gt;'],
    ['takesContext', true, (lib: Library) => lib.simpleTag('t', () => 'T'), '{% load lib %}{% t %}', 'T'],
    ['varargs', true, (lib: Library) => lib.simpleTag('t', () => 'T'), '{% load lib %}{% t 1 %}', 'TemplateSyntaxError'],
  ] as const)('the registration option %s is never read from the prototype chain', (name, value, register, src, want) => {
    const got = attempt(() => {
      const lib = withPollution(Object.prototype, name, value, () => register(new Library()));
      return new Engine({ libraries: { lib } }).fromString(src).render({ s: markSafe('<i>') });
    });
    expect(got).toEqual(want === 'TemplateSyntaxError' ? { error: expect.objectContaining({ name: want }) } : { output: want });
  });
});

/** Run `fn`; report whether the sentinel fired, and leave it unset for the guard. */
function fires(fn: () => unknown): boolean {
  resetSentinel();
  try {
    fn();
  } catch {
    // the payload may run and the template still fail
  }
  const fired = sentinelFired();
  resetSentinel();
  return fired;
}

// The code writer once looked up runtime helper names in a plain object and
// a filter's missing argument in an array, so a polluted string was spliced
// into the generated JavaScript: these guard against its return.
describe('a polluted prototype never reaches the generated code', () => {
  const helpers: [string, string][] = [
    ['nodeOutput', '{% load sec %}{% echo 1 %}'],
    ['parentloop', '{% for x in l %}{% endfor %}'],
    ['unpack', '{% for a, b in l %}{% endfor %}'],
    ['argValue', '{{ a|default:b }}'],
    ['pyEquals', '{% if a == b %}{% endif %}'],
    ['compare', '{% if a < b %}{% endif %}'],
    ['contains', '{% if a in l %}{% endif %}'],
    ['pyIs', '{% if a is b %}{% endif %}'],
    ['getInFrame', '{% load spec %}{% with __proto__=1 %}{% lookup "__proto__" %}{% endwith %}'],
    ['setInFrame', '{% for __proto__ in l %}{% endfor %}'],
    ['throwTypeError', '{{ a|linebreaks:1 }}'],
    ['loopLimit', '{% for x in l %}{% endfor %}'],
    ['outputLimit', 'x{{ a }}'],
  ];
  const statementHelpers: [string, string][] = [
    ['streamPoint', '{% load sec %}{% echo 1 %}'],
    ['setInFrame', '{% with __proto__=1 %}{% endwith %}'],
  ];
  test.each(helpers)('Object.prototype.%s = <payload> never runs when a template using it is compiled (%s)', (name, src) => {
    const fired = fires(() => withPollution(Object.prototype, name, IDENTIFIER_PAYLOAD, () => {
      makeEngine({ maxLoopIterations: 100, maxOutputSize: 1000 } as ConstructorParameters<typeof Engine>[0]).engine.fromString(src).render({ l: [], a: 1, b: 2 });
    }));
    expect(fired).toBe(false);
  });

  test.each(statementHelpers)('Object.prototype.%s = <statement payload> never runs when a template using it renders (%s)', (name, src) => {
    const fired = fires(() => withPollution(Object.prototype, name, STATEMENT_PAYLOAD, () => {
      makeEngine().engine.fromString(src).render({});
    }));
    expect(fired).toBe(false);
  });

  test.each([['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype]])('%s[0] = <payload> never runs when a filter that needs autoescape gets no argument ({{ a|linebreaks }})', (_label, target) => {
    const fired = fires(() => withPollution(target, 0, IDENTIFIER_PAYLOAD, () => makeEngine().engine.fromString('{{ a|linebreaks }}').render({ a: 1 })));
    expect(fired).toBe(false);
  });
});
