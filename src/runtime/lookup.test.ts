import { describe, expect, test } from 'vitest';
import { Engine } from '../index.js';

const render = (source: string, context: Record<string, unknown> = {}) => new Engine().fromString(source).render(context);

describe('what a template can never reach', () => {
  test.each([
    '{{ obj.constructor }}',
    '{{ obj.constructor.constructor }}',
    '{{ fn.prototype }}',
    '{{ fn.constructor }}',
    '{{ s.constructor }}',
    '{{ list.constructor }}',
    '{{ obj.toString }}',
    '{{ obj.valueOf }}',
    '{{ obj.hasOwnProperty }}',
    '{{ list.length }}',
    '{{ list.map }}',
    '{{ s.length }}',
    '{{ s.toUpperCase }}',
    '{{ m.size }}',
    '{{ m.get }}',
    '{{ d.getTime }}',
    '{{ inst.constructor }}',
  ])('%s is missing', (source) => {
    class Thing {
      method() {
        return 'm';
      }
    }
    const fn = Object.assign(() => 1, { doNotCallInTemplates: true });
    const out = render(source, { obj: {}, fn, s: 'abc', list: [1, 2], m: new Map([['a', 1]]), d: new Date(0), inst: new Thing() });
    expect(out).toBe('');
  });

  test('names starting with an underscore do not even compile', () => {
    expect(() => render('{{ obj.__proto__ }}')).toThrow("Variables and attributes may not begin with underscores: 'obj.__proto__'");
  });

  test('a polluted Object.prototype is never read', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.polluted = 'LEAK';
    try {
      expect(render('{{ polluted }}{{ obj.polluted }}{{ list.polluted }}{{ inst.polluted }}', {
        obj: {}, list: [], inst: new (class {})(),
      })).toBe('');
    } finally {
      delete proto.polluted;
    }
  });

  test('a polluted Array.prototype index never fills a hole', () => {
    const proto = Array.prototype as unknown as Record<string, unknown>;
    proto[1] = 'LEAK';
    try {
      // eslint-disable-next-line no-sparse-arrays
      expect(render('{{ list.1 }}|{{ list }}', { list: [0, , 2] })).toBe('|[0, None, 2]');
    } finally {
      delete proto[1];
    }
  });

  test('names leaving an object through a Map or a getter are fine, the machinery is not', () => {
    class User {
      constructor(readonly first: string) {}
      get name() {
        return `${this.first}!`;
      }
      greet() {
        return `hi ${this.first}`;
      }
    }
    expect(render('{{ u.name }} {{ u.greet }} {{ u.first }}', { u: new User('Ada') })).toBe('Ada! hi Ada Ada');
  });
});

describe('calling what a lookup finds', () => {
  test('a function is called with its object as this', () => {
    const obj = { n: 2, twice() { return this.n * 2; } };
    expect(render('{{ obj.twice }}', { obj })).toBe('4');
  });

  test('a function wanting arguments, altersData and doNotCallInTemplates', () => {
    const wants = (x: number) => x;
    const alters = Object.assign(() => 'changed', { altersData: true });
    const keep = Object.assign(() => 'called', { doNotCallInTemplates: true, label: 'kept' });
    const engine = new Engine({ stringIfInvalid: 'INVALID' });
    expect(engine.fromString('{{ wants }} {{ alters }} {{ keep.label }}').render({ wants, alters, keep })).toBe('INVALID INVALID kept');
  });

  test('an error marked silentVariableFailure gives stringIfInvalid', () => {
    const fail = () => {
      throw Object.assign(new Error('quiet'), { silentVariableFailure: true });
    };
    expect(new Engine({ stringIfInvalid: '?' }).fromString('[{{ fail }}]').render({ fail })).toBe('[?]');
  });
});

describe('rendering never changes the data', () => {
  test('the context object is left as it was', () => {
    const data = Object.freeze({ items: Object.freeze([1, 2]) });
    expect(render('{% for x in items %}{% cycle "a" "b" as c %}{{ x }}{% endfor %}{% with y=1 %}{{ y }}{% endwith %}', data as Record<string, unknown>)).toBe('a1b21');
  });
});

describe('names that are JavaScript machinery, bound by tags', () => {
  test('__proto__ as a with name or loop variable is just a key', () => {
    const before = Object.getPrototypeOf({});
    const out = render('{% with __proto__=evil %}{% for __proto__ in items %}{% for y in items %}{{ y }}{% endfor %}{% endfor %}{% endwith %}', {
      evil: { polluted: 1 }, items: [1, 2],
    });
    expect(out).toBe('1212');
    expect(Object.getPrototypeOf({})).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
