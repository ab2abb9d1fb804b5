/**
 * Template text, names and arguments reach the generated JavaScript only as
 * escaped literals. Sources, template names (given to `fromString`, kept in
 * memory, included by name) and arguments hold `*∕`, backticks, `${`,
 * `</script>`, U+2028, U+2029, newlines (a name goes into a `sourceURL`
 * comment), quotes, backslashes and NUL, each wrapped around JavaScript
 * that would set a sentinel if it ever ran; variables and loop names are
 * JavaScript keywords and the names of the generated code's own locals.
 */
import { describe, expect, test } from 'vitest';
import { Engine, escape } from '../../src/index.js';
import { attempt, describeOutcome, guardEachTest, makeEngine, PAYLOAD_STRINGS, sentinelFired } from './harness.js';

guardEachTest();

const hasSyntax = (s: string) => /\{[{%#]|[}%#]\}/.test(s);
/** Payloads usable where a template allows no whitespace, quotes or pipes (names). */
const NAME_PAYLOADS = [...new Set(PAYLOAD_STRINGS.map((p) => p.replace(/[\s"'|]/g, '')))];

function sourceUrlLine(code: string): string {
  const lines = code.split('\n');
  const found = lines.filter((l) => l.startsWith('//# sourceURL='));
  expect(found).toHaveLength(1);
  return found[0];
}

/**
 * The generated code has one sourceURL comment, on one line, holding
 * nothing but printable ASCII (the name percent-encoded), so nothing in a
 * name can end the comment. Template text appears in the code only inside
 * string literals; the sentinel proves it never runs.
 */
function expectCleanCode(code: string): void {
  const url = sourceUrlLine(code);
  expect(url).toMatch(/^\/\/# sourceURL=reinhardt:\/\/\/[\x21-\x7e]*$/);
}

describe('template text', () => {
  test.each(PAYLOAD_STRINGS.map((p) => [JSON.stringify(p), p]))('text, comments and verbatim: %s', (_label, p) => {
    const { engine } = makeEngine();
    const src = hasSyntax(p) ? `[{% verbatim %}${p}{% endverbatim %}]` : `[${p}]{# x #}{% comment %}${p}{% endcomment %}[{% verbatim %}${p}{% endverbatim %}]`;
    const template = engine.fromString(src);
    expect(template.render()).toBe(hasSyntax(p) ? `[${p}]` : `[${p}][${p}]`);
    expect(sentinelFired()).toBe(false);
    expectCleanCode(template.generatedCode);
  });

  // (A tag cannot span a newline: such a payload would be text.)
  test.each(PAYLOAD_STRINGS.filter((p) => !p.includes('"') && !p.includes('\n') && !hasSyntax(p)).map((p) => [JSON.stringify(p), p]))('string literals and filter arguments: %s', (_label, p) => {
    const { engine } = makeEngine({ urlResolver: () => undefined });
    const plain = !p.includes('\\');
    const cases: [string, string | null][] = [
      [`{{ "${p}" }}`, p],
      [`{{ x|default:"${p}" }}`, p],
      [`{{ "a"|cut:"${p}" }}`, 'a'],
      [`{{ "${p}"|upper }}`, null],
      [`{{ x|yesno:"${p}" }}`, null],
      [`{{ d|date:"${p}" }}`, null],
      [`{{ 1|stringformat:"${p}" }}`, null],
      [`{% firstof x "${p}" %}`, p],
      [`{% cycle "${p}" "b" %}`, p],
      [`{% with v="${p}" %}{{ v }}{% endwith %}`, p],
      [`{% load sec %}{% echo "${p}" %}`, null],
      [`{% load sec %}{% kw k="${p}" %}`, 'null-proto:k'],
      [`{% load sec %}{{ "a"|wrap:"${p}" }}`, `${p}<a>${p}`],
      [`{% if "${p}" == "${p}" %}T{% endif %}`, 'T'],
      [`{% now "${p}" %}`, null],
      [`{% include "${p}" %}`, null],
      [`{% url "${p}" %}`, null],
      [`{% filter cut:"${p}" %}a{% endfilter %}`, 'a'],
    ];
    for (const [src, want] of cases) {
      const got = attempt(() => {
        const t = engine.fromString(src);
        expectCleanCode(t.generatedCode);
        return t.render({ x: '', d: new Date(0) });
      });
      expect(sentinelFired(), src).toBe(false);
      if (want !== null && plain) expect(got, src).toEqual({ output: want });
      if ('error' in got) expect(['TemplateDoesNotExist', 'NoReverseMatch', 'TemplateSyntaxError', 'ValueError', 'TypeError']).toContain(String((got.error as Error).name));
    }
  });
});

describe('names chosen by the template', () => {
  test.each(NAME_PAYLOADS.filter((p) => p && !hasSyntax(p)).map((p) => [JSON.stringify(p), p]))('block, partial, cycle and loop names: %s', (_label, p) => {
    const { engine } = makeEngine({ templates: { 'base.html': `<{% block ${p} %}base{% endblock %}>` } });
    const cases: [string, string][] = [
      [`{% extends "base.html" %}{% block ${p} %}child{% endblock %}`, '<child>'],
      [`{% partialdef ${p} %}P{% endpartialdef %}[{% partial ${p} %}]`, '[P]'],
      [`{% cycle "a" "b" as ${p} %}{% cycle ${p} %}`, 'ab'],
    ];
    for (const [src, want] of cases) {
      const got = attempt(() => engine.fromString(src).render());
      expect(sentinelFired(), src).toBe(false);
      // A name with characters Django's grammar refuses is a syntax error, never code.
      if ('error' in got) expect(String((got.error as Error).name), `${src}: ${describeOutcome(got)}`).toBe('TemplateSyntaxError');
      else expect(got.output, src).toBe(want);
    }
    const forGot = attempt(() => engine.fromString(`{% for ${p} in l %}x{% endfor %}{% with ${p}=1 %}y{% endwith %}`).render({ l: [1] }));
    expect(sentinelFired()).toBe(false);
    if ('output' in forGot) expect(forGot.output).toBe('xy');
  });

  const keywords = [
    'class', 'function', 'return', 'this', 'new', 'delete', 'typeof', 'void', 'in', 'instanceof', 'let', 'const', 'var', 'yield', 'await', 'async',
    'static', 'enum', 'implements', 'package', 'interface', 'private', 'public', 'protected', 'eval', 'arguments', 'undefined', 'NaN', 'Infinity',
    'globalThis', 'window', 'process', 'require', 'module', 'exports', 'import', 'export', 'super', 'debugger', 'with', 'switch', 'case', 'default',
    'try', 'catch', 'finally', 'throw', 'do', 'while', 'break', 'continue', 'if', 'else', 'true', 'false', 'null',
    // the generated code's own names
    'out', 'ctx', 'rt', 'r', 'r0', 'r1', 't0', 't1', 's0', 'f0', 'pl', 'SII', 'render', 'M', 'd', 'n', 'a', 'e', 'o', 'b', 'i', 'l',
  ];
  test.each(keywords)('%s as a variable, a with name and a loop name', (k) => {
    const { engine } = makeEngine();
    const src = `{% for ${k} in items %}[{{ ${k} }}{{ forloop.counter }}]{% endfor %}{% with ${k}=v %}({{ ${k} }}){% endwith %}{% for ${k}, y in pairs %}<{{ ${k} }}{{ y }}>{% endfor %}{{ ${k}|default:"-" }}`;
    const got = attempt(() => engine.fromString(src).render({ items: ['a', 'b'], v: 'w', pairs: [[1, 2]] }));
    expect(got).toEqual({ output: '[a1][b2](w)<12>-' });
    // An outer value of that name is read, not the generated code's local.
    expect(engine.fromString(`{{ ${k} }}`).render({ [k]: 'outer' })).toBe('outer');
  });
});

describe('template names in the generated code', () => {
  const names = [...PAYLOAD_STRINGS, 'normal.html', 'class', 'function', 'a b.html', 'a?b&c=1.html', '%41%0A.html', 'é/ü.html', '😀.html', '\u2028', '\n', '\r\n', '*/', '//', '`${1}`'];

  test.each(names.map((n) => [JSON.stringify(n), n]))('fromString(source, %s)', (_label, name) => {
    for (const debug of [false, true]) {
      const { engine } = makeEngine({ debug });
      const t = engine.fromString('{{ x }}|{{ missing.y }}', name);
      expect(t.render({ x: 1 })).toBe('1|');
      expectCleanCode(t.generatedCode);
      if (debug) {
        const map = t.generatedCode.split('\n').find((l) => l.startsWith('//# sourceMappingURL=data:application/json;base64,'))!;
        const json = JSON.parse(Buffer.from(map.slice(map.indexOf(',') + 1), 'base64').toString('utf8')) as { sources: string[] };
        expect(json.sources).toEqual([name]);
      }
    }
  });

  test.each(names.map((n) => [JSON.stringify(n), n]))('in-memory template %s, found, included and failing', (_label, name) => {
    for (const debug of [false, true]) {
      const { engine } = makeEngine({ debug, templates: { [name]: '[{{ x }}]{% if boom %}{{ boom.explode }}{% endif %}' } });
      const t = engine.getTemplate(name);
      expect(t.render({ x: 1 })).toBe('[1]');
      expectCleanCode(t.generatedCode);
      expect(engine.fromString('{% include n %}').render({ n: name, x: 2 })).toBe('[2]');
      // An error's position names the template, whatever its name holds.
      const got = attempt(() => t.render({ boom: { get explode(): never { throw new Error('exploded'); } } }));
      // (A name with `)` loses the position.)
      expect(got).toEqual({ error: expect.objectContaining(name.includes(')') ? { message: 'exploded' } : { message: 'exploded', templateName: name, line: 1 }) });
    }
  });

  test.each(PAYLOAD_STRINGS.map((p) => [JSON.stringify(p), p]))('stringIfInvalid %s', (_label, p) => {
    const { engine } = makeEngine({ stringIfInvalid: p });
    const t = engine.fromString('[{{ missing }}|{{ missing|upper }}|{{ x.missing }}]');
    // Django escapes it as any other output, and runs no filter on it.
    const e = String(escape(p));
    expect(t.render({ x: {} })).toBe(`[${e}|${e}|${e}]`);
    expectCleanCode(t.generatedCode);
  });
});

describe('positions survive line and paragraph separators in the text', () => {
  test.each([['CR', '\r'], ['U+2028', '\u2028'], ['U+2029', '\u2029'], ['NUL', '\0'], ['backtick', '`'], ['*/', '*/']])('%s before a failing variable', (_label, sep) => {
    const { engine } = makeEngine();
    // Django counts lines by \n only.
    const got = attempt(() => engine.fromString(`a${sep}b\nc${sep}{{ boom.explode }}`, 'sep.html').render({ boom: { get explode(): never { throw new Error('exploded'); } } }));
    expect(got).toEqual({ error: expect.objectContaining({ message: 'exploded', templateName: 'sep.html', line: 2 }) });
  });
});

describe('unusual template names', () => {
  test.each([['a lone high surrogate', '\ud800.html'], ['a lone low surrogate', '\udc00'], ['surrogates swapped', '\udc00\ud800']])('fromString(source, name) with %s compiles', (_label, name) => {
    expect(attempt(() => new Engine().fromString('{{ 1 }}', name).render())).toEqual({ output: '1' });
  });

  test('fromString(source, "") with debug: true compiles', () => {
    expect(attempt(() => new Engine({ debug: true }).fromString('{{ 1 }}', '').render())).toEqual({ output: '1' });
  });

  test('an error in a template whose name holds ")" keeps its template position', () => {
    const engine = new Engine({ templates: { 'a(1).html': '{{ boom.explode }}' } });
    const got = attempt(() => engine.getTemplate('a(1).html').render({ boom: { get explode(): never { throw new Error('exploded'); } } }));
    expect(got).toEqual({ error: expect.objectContaining({ templateName: 'a(1).html', line: 1 }) });
  });
});

describe('deep nesting: a TemplateSyntaxError, never a stack overflow', () => {
  // Django raises RecursionError for these.
  test.each([
    ['5,000 nested ifs', '{% if a %}'.repeat(5000) + 'x' + '{% endif %}'.repeat(5000)],
    ['1,000 nested fors', '{% for a in l %}'.repeat(1000) + 'x' + '{% endfor %}'.repeat(1000)],
    ['20,000 nots', '{% if ' + 'not '.repeat(20_000) + 'a %}x{% endif %}'],
    ['5,000 unclosed ifs', '{% if a %}'.repeat(5000)],
  ])('%s', (_label, src) => {
    const got = attempt(() => new Engine().fromString(src, 'deep.html').render({ l: [1], a: true, x: 'x' }));
    expect(got, describeOutcome(got)).toEqual({ error: expect.objectContaining({ name: 'TemplateSyntaxError', templateName: 'deep.html' }) });
  });
});

describe('long flat chains render, as in Django', () => {
  // Outputs from Django 6.1. (Django evaluates an operator chain by
  // recursion, and a RecursionError inside it counts as False: for chains
  // this long its result depends on where Python's stack ran out, so these
  // chains are chosen where that does not show.)
  const names = (n: number, op: string) => Array.from({ length: n }, (_, i) => `a${i}`).join(` ${op} `);
  test.each([
    ['a filter chain of 5,000', '{{ x' + '|lower'.repeat(5000) + ' }}', 'x'],
    ['a filter chain of 5,000 with arguments', '{{ 0' + '|add:1'.repeat(5000) + ' }}', '5000'],
    ['an or-chain of 20,000', `{% if ${names(20_000, 'or')} %}x{% endif %}`, ''],
    ['an or-chain of 5,000, true at its end', `{% if ${names(5000, 'or')} %}x{% endif %}`, 'x', { a4999: 1 }],
    ['an and-chain of 5,000', `{% if ${names(5000, 'and')} %}x{% endif %}`, ''],
    ['an ==-chain of 5,000', `{% if ${names(5000, '==')} %}x{% endif %}`, ''],
  ])('%s', (_label, src, want, data: Record<string, unknown> = {}) => {
    const got = attempt(() => new Engine().fromString(src, 'chain.html').render({ x: 'X', ...data }));
    expect(got, describeOutcome(got)).toEqual({ output: want });
  }, 30_000);
});

describe('errors show template text, never run it', () => {
  test.each(PAYLOAD_STRINGS.map((p) => [JSON.stringify(p), p]))('%s in a syntax error', (_label, p) => {
    const { engine } = makeEngine();
    for (const src of [`{% ${p} %}`, `{{ ${p} }}`, `{{ x|${p} }}`, `{% if ${p} %}{% endif %}`, `{% for %}${p}`, `{% load ${p} %}`, `{% block a %}${p}`]) {
      const got = attempt(() => engine.fromString(src, `name${p}`).render());
      expect(sentinelFired(), src).toBe(false);
      if ('error' in got) {
        expect(String((got.error as Error).name), src).toMatch(/TemplateSyntaxError|VariableDoesNotExist/);
        expect(String((got.error as Error).stack)).toContain('TemplateSyntaxError');
      }
    }
  });
});
