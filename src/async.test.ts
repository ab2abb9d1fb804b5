import { describe, expect, test } from 'vitest';
import { Engine, Library } from './index.js';

const later = <T>(value: T, ms = 1) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

async function* rows(n: number) {
  for (let i = 1; i <= n; i++) {
    await later(null);
    yield { id: i, name: `<row ${i}>` };
  }
}

describe('renderAsync', () => {
  const engine = new Engine({
    templates: {
      'base.html': '<h1>{% block title %}{{ site }}{% endblock %}</h1>{% block body %}{% endblock %}',
      'page.html': '{% extends base %}{% block body %}{% for r in rows %}{% include "row.html" %}{% endfor %}|{{ user.name|upper }}|{% if count > 2 %}many{% endif %}{% endblock %}',
      'row.html': '[{{ forloop.counter }}:{{ r.name }}:{{ r.extra }}]',
    },
  });

  test('promises, async functions and async iterables in every position', async () => {
    let calls = 0;
    const out = await engine.renderToStringAsync('page.html', {
      base: later('base.html'),
      site: later('Site & Co'),
      rows: rows(2),
      user: async () => {
        calls++;
        return { name: later('ada') };
      },
      count: later(3),
    });
    expect(out).toBe('<h1>Site &amp; Co</h1>[1:&lt;row 1&gt;:][2:&lt;row 2&gt;:]|ADA|many');
    expect(calls).toBe(1);
  });

  test('the same output as the synchronous render for plain data', async () => {
    const data = { base: 'base.html', site: 'S', rows: [{ name: 'a', extra: 1 }], user: { name: 'b' }, count: 1 };
    expect(await engine.renderToStringAsync('page.html', data)).toBe(engine.renderToString('page.html', data));
  });

  test('a rejected promise is thrown with the template position', async () => {
    const t = engine.fromString('line 1\n{{ a }}\n{{ bad.x }}', 'reject.html');
    const err = await t.renderAsync({ a: later(1), bad: Promise.reject(new RangeError('no data')) }).catch((e) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect([err.templateName, err.line]).toEqual(['reject.html', 3]);
  });

  test('async filters and simple tags', async () => {
    const lib = new Library()
      .filter('slow_upper', async (v: unknown) => String(await later(v)).toUpperCase())
      .simpleTag('fetched', async (key: string) => later(`<${key}>`));
    const e = new Engine({ builtins: [lib] });
    expect(await e.fromString('{{ x|slow_upper }} {% fetched "k" %}').renderAsync({ x: later('y') })).toBe('Y &lt;k&gt;');
  });

  test('concurrent renders each get their own output', async () => {
    const t = engine.fromString('{{ v }}-{% for x in xs %}{{ x }}{% endfor %}');
    const outs = await Promise.all(Array.from({ length: 50 }, (_, i) => t.renderAsync({ v: later(i, i % 5), xs: later([i, i + 1]) })));
    outs.forEach((o, i) => expect(o).toBe(`${i}-${i}${i + 1}`));
  });
});

describe('renderStream', () => {
  async function chunksOf(stream: ReadableStream<string>, onChunk?: (c: string) => void): Promise<string[]> {
    const chunks: string[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      chunks.push(value);
      onChunk?.(value);
    }
  }

  const engine = new Engine({
    templates: {
      'base.html': '<head>{% block head %}H{% endblock %}</head><body>{% block body %}{% endblock %}</body>',
      'page.html': '{% extends "base.html" %}{% block body %}<h1>{{ title }}</h1>{% for r in rows %}{% include "row.html" %}{% endfor %}<p>{{ slow }}</p>{% endblock %}',
      'row.html': '<li>{{ r }}</li>',
    },
  });

  test('the head goes out before the slow part, and the whole equals renderAsync', async () => {
    let release!: (v: string) => void;
    const slow = new Promise<string>((resolve) => (release = resolve));
    const sentBeforeSlow: string[] = [];
    const data = { title: 'T', rows: ['a', 'b'], slow };
    const stream = engine.getTemplate('page.html').renderStream(data);
    const reading = chunksOf(stream, (c) => sentBeforeSlow.push(c));
    await later(null, 20);
    expect(sentBeforeSlow.join('')).toBe('<head>H</head><body><h1>T</h1><li>a</li><li>b</li>');
    release('done');
    const chunks = await reading;
    expect(chunks.join('')).toBe('<head>H</head><body><h1>T</h1><li>a</li><li>b</li><p>done</p></body>');
    expect(chunks.join('')).toBe(await engine.renderToStringAsync('page.html', { ...data, slow: 'done' }));
  });

  test('an error destroys the stream with the positioned error', async () => {
    const stream = engine.fromString('a{{ x }}\n{{ bad }}', 'err.html').renderStream({ x: later(1), bad: Promise.reject(new Error('boom')) });
    const err = await chunksOf(stream).catch((e) => e);
    expect(err.message).toBe('boom');
    expect(err.line).toBe(2);
  });

  test('cancelling stops the render', async () => {
    let reached = false;
    // The items' functions are reached only in a second pass, once `a` is known.
    const item = { f: async () => { reached = true; return 'y'; } };
    const stream = engine.fromString('{% for x in a %}{{ x.f }}{% endfor %}').renderStream({ a: later([item], 5) });
    const reader = stream.getReader();
    await reader.cancel();
    await later(null, 20);
    expect(reached).toBe(false);
  });
});

describe('renderNodeStream', () => {
  test('a Node Readable of the same output', async () => {
    const engine = new Engine();
    const readable = engine.fromString('<h1>{{ a }}</h1>{% for x in xs %}{{ x }}{% endfor %}').renderNodeStream({ a: later('A'), xs: [1, 2] });
    let text = '';
    for await (const chunk of readable) text += chunk;
    expect(text).toBe('<h1>A</h1>12');
  });
});

describe('async functions reached by tags that render through the generic path', () => {
  test('are called once per render, and a rejection is not left unhandled', async () => {
    const engine = new Engine();
    const t = engine.fromString('{% ifchanged user.name %}{{ user.name }}{% endifchanged %}{% firstof user.nick user.name %}');
    let calls = 0;
    const user = async () => {
      calls++;
      return { name: 'ada' };
    };
    expect(await t.renderAsync({ user })).toBe('adaada');
    expect(calls).toBe(1);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const err = await t.renderAsync({ user: async () => Promise.reject(new RangeError('gone')) }).catch((e) => e);
      expect(err).toBeInstanceOf(RangeError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
