import { describe, expect, test } from 'vitest';
import { Engine, Library, TemplateDoesNotExist, TemplateSyntaxError, VariableDoesNotExist } from './index.js';

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('TemplateSyntaxError', () => {
  test('has the template name, line, column and an excerpt with a caret', () => {
    const engine = new Engine({ templates: { 'page.html': 'one\ntwo {% if %}\nthree' } });
    const err = thrown(() => engine.getTemplate('page.html'));
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect(err.message).toBe('Template: page.html, Unexpected end of expression in if tag.');
    expect(err.rawErrorMessage).toBe('Unexpected end of expression in if tag.');
    expect([err.templateName, err.line, err.column]).toEqual(['page.html', 2, 5]);
    expect(err.excerpt).toContain('2 | two {% if %}');
    expect(err.excerpt).toMatch(/\|\s{5}\^/);
    expect(err.stack).toContain('in template page.html, line 2, column 5');
  });

  test('points at the innermost tag', () => {
    const engine = new Engine();
    const err = thrown(() => engine.fromString('{% for x in y %}\n{% if x %}\n  {{ x|nosuch }}\n{% endif %}{% endfor %}'));
    expect(err.message).toBe("Invalid filter: 'nosuch'");
    expect([err.line, err.column]).toEqual([3, 3]);
  });

  test('an unclosed tag points at its opening tag', () => {
    const err = thrown(() => new Engine().fromString('a\n\n{% for x in y %}b'));
    expect(err.message).toBe("Unclosed tag on line 3: 'for'. Looking for one of: empty, endfor.");
    expect(err.line).toBe(3);
  });
});

describe('errors while rendering', () => {
  test('an error from a filter gets the position of its variable', () => {
    const lib = new Library().filter('boom', () => {
      throw new RangeError('kaboom');
    });
    const engine = new Engine({ builtins: [lib], templates: { 'a.html': 'x\n{% for i in xs %}\n  {{ i|boom }}{% endfor %}' } });
    const err = thrown(() => engine.renderToString('a.html', { xs: [1] }));
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('kaboom');
    expect([err.templateName, err.line, err.column]).toEqual(['a.html', 3, 3]);
  });

  test('an error in an included template is placed in that template', () => {
    const engine = new Engine({
      templates: { 'outer.html': 'a\n{% include "inner.html" %}', 'inner.html': '\n\n{{ f }}' },
    });
    const err = thrown(() =>
      engine.renderToString('outer.html', {
        f: () => {
          throw new Error('inner failure');
        },
      }),
    );
    expect([err.templateName, err.line]).toEqual(['inner.html', 3]);
  });

  test('an error in a block is placed in the template that defines it, every time the chain renders', () => {
    // From the second render, the root runs code compiled for the chain's blocks (tags/extends.ts).
    const lib = new Library().filter('boom', (v) => {
      if (v === 2) throw new RangeError('kaboom');
      return v;
    });
    const engine = new Engine({
      builtins: [lib],
      templates: {
        'base.html': 'a\n{% for i in xs %}{% block row %}{% endblock %}{% endfor %}\n{% block foot %}{% endblock %}',
        'child.html': '{% extends "base.html" %}\n{% block foot %}{{ 1|boom }}{% endblock %}\n\n{% block row %}\n  {{ i|boom }}{% endblock %}',
      },
    });
    for (const xs of [[1], [1], [1, 2], [1, 2]]) {
      if (xs.length === 1) {
        expect(engine.renderToString('child.html', { xs })).toBe('a\n\n  1\n1');
        continue;
      }
      const err = thrown(() => engine.renderToString('child.html', { xs }));
      expect(err).toBeInstanceOf(RangeError);
      expect([err.templateName, err.line, err.column]).toEqual(['child.html', 5, 3]);
    }
  });

  test('a missing filter argument is VariableDoesNotExist', () => {
    const err = thrown(() => new Engine().fromString('{{ a|default:nope }}').render({}));
    expect(err).toBeInstanceOf(VariableDoesNotExist);
    expect(err.message).toMatch(/^Failed lookup for key \[nope\]/);
  });
});

describe('TemplateDoesNotExist', () => {
  test('lists what was tried', () => {
    const engine = new Engine({ templates: { 'a.html': '' } });
    const err = thrown(() => engine.getTemplate('missing.html'));
    expect(err).toBeInstanceOf(TemplateDoesNotExist);
    expect(err.message).toBe('missing.html');
    expect(err.tried).toEqual([{ name: 'missing.html', loader: 'reinhardt.loaders.MemoryLoader', reason: 'Source does not exist' }]);
  });
});

describe('source maps', () => {
  test('map generated lines back to template lines', () => {
    const t = new Engine().fromString('a\n{{ b }}\n{% if c %}d{% endif %}', 'm.html');
    const map = JSON.parse(t.sourceMap());
    expect(map.version).toBe(3);
    expect(map.sources).toEqual(['m.html']);
    expect(map.sourcesContent).toEqual(['a\n{{ b }}\n{% if c %}d{% endif %}']);
    expect(map.mappings.length).toBeGreaterThan(0);
    expect(t.generatedCode).toContain('//# sourceURL=reinhardt:///m.html');
  });
});

describe('debug mode', () => {
  test('inlines the source map in the generated code', () => {
    const t = new Engine({ debug: true }).fromString('{{ a }}', 'd.html');
    const m = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(t.generatedCode);
    expect(m).not.toBeNull();
    expect(JSON.parse(Buffer.from(m![1], 'base64').toString('utf8')).sources).toEqual(['d.html']);
  });
});
