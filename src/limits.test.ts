import { describe, expect, test } from 'vitest';
import { Engine, Library, TemplateLimitError } from './index.js';

function thrown(fn: () => unknown): any {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('nothing was thrown');
}

describe('limits for untrusted templates', () => {
  test('maxTemplateSize', () => {
    const engine = new Engine({ maxTemplateSize: 10, templates: { 'big.html': 'x'.repeat(11) } });
    const err = thrown(() => engine.getTemplate('big.html'));
    expect(err).toBeInstanceOf(TemplateLimitError);
    expect(err.limit).toBe('maxTemplateSize');
    expect(engine.fromString('short').render()).toBe('short');
  });

  test('maxOutputSize, with the position of the write that passed it', () => {
    const engine = new Engine({ maxOutputSize: 50 });
    const t = engine.fromString('{% for x in xs %}\n{{ x }}{% endfor %}', 'out.html');
    expect(t.render({ xs: [1, 2] })).toBe('\n1\n2');
    const err = thrown(() => t.render({ xs: Array.from({ length: 100 }, (_, i) => i) }));
    expect(err.limit).toBe('maxOutputSize');
    expect([err.templateName, err.line]).toEqual(['out.html', 2]);
  });

  test('maxLoopIterations counts all loops of a render together', () => {
    const engine = new Engine({ maxLoopIterations: 10 });
    const t = engine.fromString('{% for a in xs %}{% for b in xs %}.{% endfor %}{% endfor %}');
    expect(t.render({ xs: [1, 2] })).toBe('....');
    expect(thrown(() => t.render({ xs: [1, 2, 3, 4] })).limit).toBe('maxLoopIterations');
    // each render starts again
    expect(t.render({ xs: [1, 2] })).toBe('....');
  });

  test('maxIncludeDepth stops runaway includes and partials', () => {
    const engine = new Engine({
      maxIncludeDepth: 20,
      templates: {
        'self.html': '{% include "self.html" %}',
        'p.html': '{% partialdef p %}{% partial p %}{% endpartialdef %}{% partial p %}',
        'tree.html': '{{ n.name }}{% for c in n.children %}[{% include "tree.html" with n=c %}]{% endfor %}',
      },
    });
    expect(thrown(() => engine.renderToString('self.html')).limit).toBe('maxIncludeDepth');
    expect(thrown(() => engine.renderToString('p.html')).limit).toBe('maxIncludeDepth');
    const tree = { name: 'a', children: [{ name: 'b', children: [{ name: 'c', children: [] }] }] };
    expect(engine.renderToString('tree.html', { n: tree })).toBe('a[b[c]]');
  });

  test('allowedLibraries', () => {
    const lib = new Library().filter('shout', (v: unknown) => `${v}!`);
    const engine = new Engine({ libraries: { ok: lib, other: lib }, allowedLibraries: ['ok'] });
    expect(engine.fromString('{% load ok %}{{ 1|shout }}').render()).toBe('1!');
    const err = thrown(() => engine.fromString('{% load other %}'));
    expect(err).toBeInstanceOf(TemplateLimitError);
    expect(err.limit).toBe('allowedLibraries');
    expect(err.line).toBe(1);
  });
});

describe('renderTimeout', () => {
  test('an async render waits no longer than renderTimeout for its data', async () => {
    const engine = new Engine({ renderTimeout: 30 });
    const t = engine.fromString('{{ a }}|{{ b }}');
    expect(await t.renderAsync({ a: Promise.resolve(1), b: 2 })).toBe('1|2');
    const never = new Promise(() => {});
    const err = await t.renderAsync({ a: never }).catch((e) => e);
    expect(err).toBeInstanceOf(TemplateLimitError);
    expect(err.limit).toBe('renderTimeout');
  });
});
