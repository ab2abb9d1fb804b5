import { describe, expect, test } from 'vitest';
import { Context, Engine, Library, TemplateSyntaxError, markSafe } from './index.js';

function engineWith(lib: Library, templates: Record<string, string> = {}): Engine {
  return new Engine({ libraries: { custom: lib }, templates });
}

describe('simpleTag', () => {
  const lib = new Library()
    .simpleTag('greet', (name: string, greeting = 'Hello') => `${greeting}, ${name}!`)
    .simpleTag('ctxtag', (context: Context, key: string) => `${key}=${String(context.get(key))}`, { takesContext: true })
    .simpleTag('many', (first: unknown, ...rest: unknown[]) => [first, ...rest].join('+'))
    .simpleTag('kw', (a: unknown, kwargs: Record<string, unknown>) => `${a}|${Object.entries(kwargs).map(([k, v]) => `${k}:${v}`).join(',')}`, { varkw: true })
    .simpleTag('safe', () => markSafe('<b>ok</b>'));
  const render = (src: string, ctx: Record<string, unknown> = {}) => engineWith(lib).fromString(`{% load custom %}${src}`).render(ctx);

  test('positional, keyword and default arguments', () => {
    expect(render('{% greet "Ada" %}|{% greet name="Ada" greeting="Hi" %}|{% greet who greeting="Yo" %}', { who: 'Bob' }))
      .toBe('Hello, Ada!|Hi, Ada!|Yo, Bob!');
  });
  test('the result is escaped unless safe; as var stores it', () => {
    expect(render('{% greet "<i>" %}{% safe %}')).toBe('Hello, &lt;i&gt;!<b>ok</b>');
    expect(render('{% greet "x" as g %}[{{ g }}]')).toBe('[Hello, x!]');
  });
  test('takesContext, varargs and varkw', () => {
    expect(render('{% ctxtag "a" %}', { a: 5 })).toBe('a=5');
    expect(render('{% many 1 2 3 %}')).toBe('1+2+3');
    expect(render('{% kw 1 b=2 c=3 %}')).toBe('1|b:2,c:3');
  });
  test.each([
    ['{% greet %}', "'greet' did not receive value(s) for the argument(s): 'name'"],
    ['{% greet "a" "b" "c" %}', "'greet' received too many positional arguments"],
    ['{% greet nope="x" %}', "'greet' received unexpected keyword argument 'nope'"],
    ['{% greet name="a" name="b" %}', "'greet' received multiple values for keyword argument 'name'"],
    ['{% greet name="a" "b" %}', "'greet' received some positional argument(s) after some keyword argument(s)"],
  ])('%s is a TemplateSyntaxError', (src, message) => {
    expect(() => render(src)).toThrow(TemplateSyntaxError);
    expect(() => render(src)).toThrow(message);
  });
  test('takesContext needs a first parameter named context', () => {
    expect(() => new Library().simpleTag('bad', (x: unknown) => x, { takesContext: true }))
      .toThrow("'bad' is decorated with takes_context=True so it must have a first argument of 'context'");
  });
});

describe('simpleBlockTag and inclusionTag', () => {
  test('the block content comes first', () => {
    const lib = new Library().simpleBlockTag('wrap', (content: string, tag = 'p') => markSafe(`<${tag}>${content}</${tag}>`));
    expect(engineWith(lib).fromString('{% load custom %}{% wrap "div" %}{{ x }}{% endwrap %}').render({ x: '<' })).toBe('<div>&lt;</div>');
  });
  test('an inclusion tag renders its template with the context it returns', () => {
    const lib = new Library().inclusionTag('card', 'card.html', (title: string) => ({ title, n: 3 }));
    const engine = engineWith(lib, { 'card.html': '<h2>{{ title }}</h2>{{ n }}{{ outer }}' });
    expect(engine.fromString('{% load custom %}{% card "T&" %}').render({ outer: 'hidden' })).toBe('<h2>T&</h2>3');
  });
});

describe('what a function says of itself', () => {
  test('a filter argument is required, optional or absent as its parameters say', () => {
    const lib = new Library()
      .filter('none', (v: unknown) => v)
      .filter('req', (v: unknown, a: unknown) => `${v}${a}`)
      .filter('opt', (v: unknown, a = 'x') => `${v}${a}`)
      .filter('ae', (v: unknown, _a: unknown, autoescape?: boolean) => `${v}${autoescape}`, { needsAutoescape: true, arg: 'none' });
    expect([...lib.filters.values()].map((f) => f.arg)).toEqual(['none', 'required', 'optional', 'none']);
    const e = new Engine({ builtins: [lib] });
    expect(e.fromString('{{ 1|opt }}{{ 1|opt:2 }}{{ 1|req:3 }}').render()).toBe('1x1213');
    expect(() => e.fromString('{{ 1|req }}')).toThrow('req requires 2 arguments, 1 provided');
  });

  test('a rest parameter takes the keyword object last', () => {
    const lib = new Library().simpleTag('t', (a: unknown, ...rest: unknown[]) => {
      const kwargs = rest.pop() as Record<string, unknown>;
      return `${a}|${rest.join(',')}|${Object.entries(kwargs).join(';')}`;
    }, { varkw: true });
    expect(new Engine({ builtins: [lib] }).fromString('{% t 1 2 3 k=4 %}').render()).toBe('1|2,3|k,4');
  });
});
