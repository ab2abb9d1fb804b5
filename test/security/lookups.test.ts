/**
 * Reaching `Function` and the built-in prototypes: `constructor`,
 * `constructor.constructor`, `__proto__`, `prototype`, `__defineGetter__`,
 * `valueOf`/`toString` and the other members of JavaScript's machinery,
 * looked up on every kind of JavaScript value, through every position a
 * template can use a value in. A small custom library (`{% probe %}`,
 * `{{ v|probe }}`) records every value a template hands to custom code:
 * none may be a built-in function, constructor or prototype, no output may
 * show one, no input may change, and every failure is a documented error.
 * (django-cases.test.ts checks the same names against Django's output.)
 */
import { describe, expect, test } from 'vitest';
import { Library, markSafe } from '../../src/index.js';
import {
  DOCUMENTED_ERRORS, attempt, deepFreeze, describeOutcome, guardEachTest, isForbiddenValue, makeEngine, snapshot,
} from './harness.js';

guardEachTest();

const PATHS = [
  'constructor', 'constructor.constructor', 'constructor.constructor.constructor', 'constructor.prototype', 'constructor.name',
  'prototype', 'prototype.constructor', 'valueOf', 'valueOf.constructor', 'toString', 'toString.constructor', 'toString.call',
  'call', 'apply', 'bind', 'caller', 'callee', 'arguments', 'then', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable',
  'toLocaleString', 'length', 'name', 'at', 'map', 'push', 'set', 'get', 'entries', 'forEach', 'description', 'message', 'stack',
  'source', 'flags', 'buffer', 'byteLength', 'next', 'return', 'throw', 'size', 'getTime', 'setTime',
  '0.constructor', 'a.constructor', 'items.constructor', 'keys.constructor', 'values.constructor', 'items.0.constructor',
  'items.0.0.constructor', 'forloop.constructor',
];
/** Names Django refuses at compile time (a leading underscore). */
const UNDERSCORE_PATHS = ['__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'constructor.__proto__', '__proto__.constructor', 'a.__proto__'];

class Account {
  a = 1;
  get balance(): number {
    return 10;
  }
  deposit(): string {
    return 'deposited';
  }
}
class Static {
  static a = 'static';
}

/** Every kind of value data can hold (frozen, so a change would throw). */
function values(): Record<string, unknown> {
  return deepFreeze({
    plain: { a: 1 },
    instance: new Account(),
    klass: Account,
    staticKlass: Static,
    nullProto: Object.assign(Object.create(null), { a: 1 }),
    array: [1, 2],
    nested: [[1, 2], [3, 4]],
    string: 'abc',
    safe: markSafe('<b>'),
    number: 5,
    float: 1.5,
    bigint: 10n ** 30n,
    boolean: true,
    symbol: Symbol('s'),
    map: new Map<unknown, unknown>([['a', 1], [1, 2]]),
    set: new Set([1, 2]),
    date: new Date(0),
    regexp: /x/g,
    error: new Error('e'),
    promise: Promise.resolve(1),
    fn: () => ({ a: 1 }),
    uncalled: Object.assign(() => 1, { doNotCallInTemplates: true }),
    bound: function bound(this: unknown) {
      return this;
    }.bind(null),
    asyncFn: async () => 1,
    generatorFn: function* gen() {
      yield 1;
    },
    typed: new Uint8Array([1, 2]),
    buffer: new ArrayBuffer(2),
    weak: new WeakMap(),
    proxy: new Proxy({ a: 1 }, {}),
    ownData: { constructor: { constructor: 'own' }, prototype: 'own', toString: 'own' },
  });
}

/** Positions: `V` is the looked-up value, `L` a list of the value, `P` the path alone. */
const POSITIONS: Record<string, string> = {
  output: '[{{ V }}]',
  tag: '{% load sec %}{% probe V %}',
  tagKeyword: '{% load sec %}{% probe k=V %}',
  tagAs: '{% load sec %}{% echo V as e %}{% probe e %}[{{ e }}]',
  filter: '{% load sec %}{{ V|probe }}',
  filterArgument: '{% load sec %}{{ 1|probe:V }}',
  with: '{% load sec %}{% with v=V %}{% probe v %}{% endwith %}',
  for: '{% load sec %}{% for a in V %}{% probe a %}{% endfor %}',
  forUnpack: '{% load sec %}{% for a, b in V %}{% probe a b %}{% endfor %}',
  if: '{% if V %}T{% else %}F{% endif %}',
  ifCompare: '{% if V == V and V in L %}T{% endif %}',
  firstof: '{% load sec %}{% firstof V "d" as f %}{% probe f %}',
  cycle: '{% load sec %}{% cycle V "c" as c silent %}{% probe c %}',
  include: '{% include "probe.html" with v=V %}',
  regroup: '{% load sec %}{% regroup L by P as g %}{% for x in g %}{% probe x.grouper %}{% endfor %}',
  dictsort: '{% load sec %}{{ L|dictsort:"P"|probe }}',
  filterChain: '{% load sec %}{{ V|default:V|first|last|join:""|probe }}',
  ifchanged: '{% load sec %}{% for x in L %}{% ifchanged V %}{% probe V %}{% endifchanged %}{% endfor %}',
};

function renderAll(path: string, value: unknown, name: string) {
  const { engine, seen } = makeEngine({ templates: { 'probe.html': '{% load sec %}{% probe v %}' } });
  const results: { position: string; outcome: ReturnType<typeof attempt> }[] = [];
  for (const [position, template] of Object.entries(POSITIONS)) {
    const src = template.replaceAll('V', `o.${path}`).replaceAll('L', 'list').replaceAll('P', path);
    const context = { o: value, list: [value] };
    results.push({ position: `${position} ${src} on ${name}`, outcome: attempt(() => engine.fromString(src).render(context)) });
  }
  return { results, seen };
}

function expectSafe(results: { position: string; outcome: ReturnType<typeof attempt> }[], seen: unknown[]): void {
  for (const { position, outcome } of results) {
    if ('output' in outcome) {
      expect(outcome.output, position).not.toMatch(/native code|function Function|<function (Object|Array|String|eval|Function)>/);
    } else {
      const name = String((outcome.error as Error)?.name);
      // Python's own errors for data a filter cannot use are the data's errors.
      expect(DOCUMENTED_ERRORS.has(name) || ['TypeError', 'ValueError', 'AttributeError', 'KeyError', 'IndexError'].includes(name), `${position}: ${describeOutcome(outcome)}`).toBe(true);
      if (name === 'TypeError') expect(String((outcome.error as Error).message), position).not.toMatch(/is not a function|Cannot read properties|undefined/);
    }
  }
  const forbidden = seen.filter(isForbiddenValue);
  expect(forbidden.map((v) => String(v).slice(0, 60)), 'built-ins handed to custom code').toEqual([]);
}

describe('no lookup reaches Function, a constructor or a prototype', () => {
  test.each(PATHS)('%s', (path) => {
    const all = values();
    const before = snapshot(all);
    for (const [name, value] of Object.entries(all)) {
      const { results, seen } = renderAll(path, value, name);
      expectSafe(results, seen);
    }
    expect(snapshot(all)).toEqual(before);
  });

  test.each(UNDERSCORE_PATHS)('%s is a TemplateSyntaxError, as in Django', (path) => {
    const { engine } = makeEngine();
    for (const template of Object.values(POSITIONS)) {
      if (!template.includes('V')) continue;
      const src = template.replaceAll('V', `o.${path}`).replaceAll('L', 'list');
      const got = attempt(() => engine.fromString(src).render({ o: {} }));
      expect(got, src).toEqual({ error: expect.objectContaining({ name: 'TemplateSyntaxError', message: `Variables and attributes may not begin with underscores: 'o.${path}'` }) });
    }
  });
});

describe('what data gives is data', () => {
  test("a plain object's own keys named like machinery are its data (Django's dict keys)", () => {
    const { engine, seen } = makeEngine();
    const o = deepFreeze({ constructor: { constructor: 'own' }, toString: 'ts', valueOf: 'vo', hasOwnProperty: 'hop', then: 'then' });
    const got = engine.fromString('{% load sec %}[{{ o.constructor.constructor }}|{{ o.toString }}|{{ o.valueOf }}|{{ o.hasOwnProperty }}|{{ o.then }}]{% probe o.constructor %}').render({ o });
    expect(got).toBe('[own|ts|vo|hop|then]');
    expect(seen).toEqual([{ constructor: 'own' }]);
  });

  test('a class is not called and shows nothing of its machinery', () => {
    const { engine, seen } = makeEngine();
    const got = engine.fromString('{% load sec %}[{{ K }}|{{ K.name }}|{{ K.prototype }}|{{ K.a }}|{{ K.length }}]{% probe K.constructor K.prototype K.name %}').render({ K: Static });
    expect(got).toBe('[&lt;function Static&gt;|||static|]');
    expect(seen).toEqual(['', '', '']);
  });

  test("a function's own machinery is never reached, even when it is not called", () => {
    const { engine } = makeEngine();
    const f = Object.assign(function named() {
      return 'called';
    }, { doNotCallInTemplates: true, data: 'own' });
    const got = engine.fromString('[{{ f.name }}|{{ f.length }}|{{ f.call }}|{{ f.apply }}|{{ f.bind }}|{{ f.constructor }}|{{ f.toString }}|{{ f.caller }}|{{ f.arguments }}|{{ f.data }}]').render({ f });
    expect(got).toBe('[|||||||||own]');
  });

  test("a string's and a list's methods are not found (Django: no such attribute)", () => {
    const { engine } = makeEngine();
    const got = engine.fromString('[{{ s.toUpperCase }}|{{ s.length }}|{{ s.constructor.constructor }}|{{ l.map }}|{{ l.length }}|{{ l.constructor }}|{{ n.toFixed }}|{{ d.getTime }}|{{ m.get }}|{{ m.size }}]').render({
      s: 'abc', l: [1], n: 1, d: new Date(0), m: new Map(),
    });
    expect(got).toBe('[|||||||||]');
  });

  test('a user class instance: its fields, getters and methods, never the machinery of its prototype chain', () => {
    const { engine } = makeEngine();
    const got = engine.fromString('[{{ a.a }}|{{ a.balance }}|{{ a.deposit }}|{{ a.constructor }}|{{ a.toString }}|{{ a.hasOwnProperty }}]').render({ a: new Account() });
    expect(got).toBe('[1|10|deposited|||]');
  });
});

describe('registries inherit nothing', () => {
  const machinery = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString'];

  test.each(machinery)('%s as a filter, tag, library, template, block and partial name', (name) => {
    const lib = new Library().filter('x', (v: unknown) => v);
    const { engine } = makeEngine({
      templates: { 'page.html': '{% partialdef card %}C{% endpartialdef %}', 'base.html': `<{% block ${name} %}base{% endblock %}>` },
      libraries: { lib },
    });
    const cases: [string, string][] = [
      [`{{ 1|${name} }}`, 'TemplateSyntaxError'],
      [`{% load lib %}{{ 1|${name} }}`, 'TemplateSyntaxError'],
      [`{% load sec %}{{ 1|${name}:2 }}`, 'TemplateSyntaxError'],
      [`{% ${name} %}`, 'TemplateSyntaxError'],
      [`{% load sec %}{% ${name} x %}`, 'TemplateSyntaxError'],
      [`{% load ${name} %}`, 'TemplateSyntaxError'],
      [`{% load ${name} from lib %}`, 'TemplateSyntaxError'],
      [`{% load x from ${name} %}`, 'TemplateSyntaxError'],
      [`{% filter ${name} %}x{% endfilter %}`, 'TemplateSyntaxError'],
      [`{% templatetag ${name} %}`, 'TemplateSyntaxError'],
      [`{% autoescape ${name} %}x{% endautoescape %}`, 'TemplateSyntaxError'],
      [`{% cycle ${name} %}`, 'TemplateSyntaxError'],
      [`{% cycle "a" as c %}{% resetcycle ${name} %}`, 'TemplateSyntaxError'],
      [`{% partial ${name} %}`, 'TemplateSyntaxError'],
      [`{% include "${name}" %}`, 'TemplateDoesNotExist'],
      [`{% extends "${name}" %}`, 'TemplateDoesNotExist'],
      [`{% include n %}`, 'TemplateDoesNotExist'],
    ];
    for (const [src, error] of cases) {
      const got = attempt(() => engine.fromString(src).render({ n: name }));
      if (name.startsWith('__') && src.includes('|')) {
        // A filter name may begin with an underscore; it is simply unknown.
        expect(got, src).toEqual({ error: expect.objectContaining({ name: 'TemplateSyntaxError' }) });
      } else {
        expect(got, src).toEqual({ error: expect.objectContaining({ name: error }) });
      }
    }
    for (const entry of [name, `page.html#${name}`, `${name}#card`]) {
      expect(attempt(() => engine.getTemplate(entry).render()), entry).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
    }
    // A block of that name is an ordinary block.
    expect(engine.fromString(`{% extends "base.html" %}{% block ${name} %}child{% endblock %}`).render()).toBe('<child>');
    expect(engine.fromString(`{% partialdef ${name} %}P{% endpartialdef %}[{% partial ${name} %}]`).render()).toBe('[P]');
  });

  test('the same names, when they are registered, are found as themselves', () => {
    const lib = new Library();
    const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty'];
    for (const n of names) lib.filter(n, (v: unknown) => `${n}(${String(v)})`).simpleTag(n, () => `tag ${n}`);
    const libraries: Record<string, Library> = {};
    for (const n of names) libraries[n] = lib;
    const templates: Record<string, string> = {};
    for (const n of names) templates[n] = `template ${n}`;
    const { engine } = makeEngine({ libraries, templates });
    for (const n of names) {
      expect(engine.fromString(`{% load ${n} %}{{ 1|${n} }}|{% ${n} %}|{% include "${n}" %}`).render()).toBe(`${n}(1)|tag ${n}|template ${n}`);
      expect(engine.fromString(`{% load ${n} from ${n} %}{{ 1|${n} }}`).render()).toBe(`${n}(1)`);
    }
  });

  test('keyword arguments of a custom tag arrive in an object without a prototype', () => {
    const { engine } = makeEngine();
    const got = engine.fromString('{% load sec %}{% kw constructor=1 __proto__=2 toString=3 valueOf=4 hasOwnProperty=5 %}').render();
    expect(got).toBe('null-proto:constructor,__proto__,toString,valueOf,hasOwnProperty');
  });

  test('names bound by with, for, cycle and firstof stay in their own frames', () => {
    const { engine } = makeEngine();
    const src = '{% load spec %}{% with __proto__=a constructor=b toString=c %}[{% lookup "__proto__" %}|{% lookup "constructor" %}|{% lookup "toString" %}|{% lookup "hasOwnProperty" %}]{% endwith %}'
      + '{% for __proto__, valueOf in pairs %}[{% lookup "__proto__" %}{% lookup "valueOf" %}]{% endfor %}{% cycle "x" as __proto__ silent %}[{% lookup "__proto__" %}]';
    const context = deepFreeze({ a: { polluting: 'yes' }, b: 'B', c: 'C', pairs: [['p', 'v']] });
    expect(engine.fromString(src).render(context)).toBe("[{&#x27;polluting&#x27;: &#x27;yes&#x27;}|B|C|?][pv][x]");
    expect(({} as Record<string, unknown>).polluting).toBeUndefined();
  });
});
