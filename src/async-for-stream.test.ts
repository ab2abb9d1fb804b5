/**
 * A streamed `for` loop over an async iterable: each iteration goes out as
 * its item arrives, unless the loop needs its length (runtime/async.ts).
 */
import { describe, expect, test } from 'vitest';
import { Engine, Library } from './index.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An async generator whose items come one by one, each when its gate is opened. */
function gated<T>(items: readonly T[]) {
  const opens: (() => void)[] = [];
  const gates = items.map(() => new Promise<void>((resolve) => opens.push(resolve)));
  const state = { produced: 0, finished: false };
  async function* generate() {
    try {
      for (let i = 0; i < items.length; i++) {
        await gates[i];
        state.produced++;
        yield items[i];
      }
    } finally {
      state.finished = true;
    }
  }
  return { iterable: generate(), open: (i: number) => opens[i]!(), state };
}

/** Resolves once `ready()` holds (polled; the test's timeout bounds it). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await sleep(2);
}

/** An async generator yielding each item after a timer. */
async function* slowly<T>(items: readonly T[], ms = 2): AsyncGenerator<T> {
  for (const item of items) {
    await sleep(ms);
    yield item;
  }
}

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  for await (const chunk of stream as unknown as AsyncIterable<string>) text += chunk;
  return text;
}

const engine = new Engine({
  templates: {
    'base.html': '<head>H</head><body>{% block body %}{% endblock %}</body>',
    'page.html': '{% extends "base.html" %}{% block body %}<ul>{% for r in rows %}{% include "row.html" %}{% endfor %}</ul>{% endblock %}',
    'row.html': '<li>{{ forloop.counter }}:{{ r }}</li>',
    'last.html': '<li>{{ r }}{% if forloop.last %}.{% endif %}</li>',
  },
});

describe('a streamed for loop over an async iterable', () => {
  test('sends each row as its item arrives, before the last item is produced', async () => {
    const rows = gated(['a', 'b', 'c']);
    const reader = engine.getTemplate('page.html').renderStream({ rows: rows.iterable }).getReader();
    let sent = '';
    /** Read until the output so far ends with `text`. */
    const readUntil = async (text: string) => {
      while (!sent.endsWith(text)) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`the stream ended with ${JSON.stringify(sent)}`);
        sent += value;
      }
    };
    await readUntil('<ul>');
    rows.open(0);
    await readUntil('<li>1:a</li>');
    expect(rows.state.produced).toBe(1);
    rows.open(1);
    await readUntil('<li>2:b</li>');
    expect(rows.state.produced).toBe(2);
    rows.open(2);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      sent += value;
    }
    expect(sent).toBe(engine.renderToString('page.html', { rows: ['a', 'b', 'c'] }));
    expect(sent).toBe('<head>H</head><body><ul><li>1:a</li><li>2:b</li><li>3:c</li></ul></body>');
  });

  test('with items on timers, the first row is out before the last item is produced', async () => {
    let produced = 0;
    async function* rows() {
      for (let i = 1; i <= 10; i++) {
        await sleep(15);
        produced++;
        yield i;
      }
    }
    const seen: [string, number][] = [];
    for await (const chunk of engine.getTemplate('page.html').renderStream({ rows: rows() }) as unknown as AsyncIterable<string>) {
      seen.push([chunk, produced]);
    }
    const firstRow = seen.find(([chunk]) => chunk.includes('<li>1:1</li>'))!;
    expect(firstRow[1]).toBeLessThan(10);
    expect(seen.map(([c]) => c).join('')).toBe(engine.renderToString('page.html', { rows: Array.from({ length: 10 }, (_, i) => i + 1) }));
  });

  test('a loop that reads forloop.last waits for every item, with the same output', async () => {
    const rows = gated(['a', 'b']);
    const t = engine.fromString('<ul>{% for r in rows %}{% include "last.html" %}{% endfor %}</ul>');
    const reader = t.renderStream({ rows: rows.iterable }).getReader();
    expect((await reader.read()).value).toBe('<ul>');
    rows.open(0);
    // The first row reads forloop.last: nothing more goes out until the end is known.
    const next = reader.read();
    await sleep(20);
    expect(rows.state.produced).toBe(1);
    rows.open(1);
    let rest = (await next).value ?? '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
    expect(`<ul>${rest}`).toBe('<ul><li>a</li><li>b.</li></ul>');
  });

  test('rows before the first read of the length are sent as they arrive', async () => {
    const rows = gated([1, 2, 3]);
    const t = engine.fromString('{% for r in rows %}[{{ r }}{% if r > 1 %}/{{ forloop.revcounter }}{% endif %}]{% endfor %}');
    const reader = t.renderStream({ rows: rows.iterable }).getReader();
    rows.open(0);
    expect((await reader.read()).value).toBe('[1]');
    rows.open(1);
    rows.open(2);
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
    expect(`[1]${rest}`).toBe(t.render({ rows: [1, 2, 3] }));
  });

  const sameAsString: [string, string][] = [
    ['counter, first and {% empty %}', '{% for r in rows %}{{ forloop.counter0 }}{{ forloop.first|yesno }}{{ r }}{% empty %}none{% endfor %}'],
    ['length fields', '{% for r in rows %}{{ forloop.length }}{{ forloop.revcounter }}{{ forloop.revcounter0 }}{{ forloop.last }}{% endfor %}'],
    ['{{ forloop }} printed whole', '{% for r in rows %}{{ forloop }}{% endfor %}'],
    ['forloop passed on', '{% for r in rows %}{% with f=forloop %}{{ f.last }}{% endwith %}{% endfor %}'],
    ['parentloop', '{% for r in rows %}{% for c in "xy" %}{{ forloop.parentloop.last }}{{ c }}{% endfor %}{% endfor %}'],
    ['nested streamed loops', '{% for r in rows %}({% for s in rows %}{{ r }}{{ s }}{% endfor %}){% endfor %}'],
    ['reversed', '{% for r in rows reversed %}{{ r }}{{ forloop.counter }}{% endfor %}'],
    ['a filtered sequence', '{% for r in rows|slice:":2" %}{{ r }}{% endfor %}'],
    ['unpacking', '{% for a, b in pairs %}{{ a }}={{ b }};{% endfor %}'],
    ['the iterable used again after its loop', '{% for r in rows %}{{ r }}{% endfor %}|{{ rows|length }}|{% for r in rows %}{{ r }}{% endfor %}'],
    ['its length before its loop', '{{ rows|length }}{% for r in rows %}{{ r }}{% endfor %}'],
    ['inside filter, spaceless and with', '{% filter upper %}{% spaceless %}{% with x="b" %}{% for r in rows %} <i>{{ x }}{{ r }}</i> {% endfor %}{% endwith %}{% endspaceless %}{% endfilter %}'],
    ['inside ifchanged and an include with a block', '{% ifchanged %}{% for r in rows %}{{ r }}{% endfor %}{% endifchanged %}{% include "page.html" %}'],
    ['cycle and ifchanged', '{% for r in rows %}{% cycle "a" "b" %}{% ifchanged %}{{ r }}{% endifchanged %}{% endfor %}'],
  ];
  for (const [name, source] of sameAsString) {
    test(`the stream is byte-identical to the string render: ${name}`, async () => {
      const t = engine.fromString(source);
      for (const items of [[], [1], [1, 1, 2, 3]]) {
        const pairs = items.map((i) => [i, i * 2]);
        const expected = t.render({ rows: items, pairs });
        expect(await readAll(t.renderStream({ rows: slowly(items), pairs: slowly(pairs) }))).toBe(expected);
        expect(await t.renderAsync({ rows: slowly(items), pairs: slowly(pairs) })).toBe(expected);
      }
    });
  }

  test('an async filter in the last row arrived so far does not wait for the next item', async () => {
    const rows = gated(['a', 'b']);
    const e = new Engine({ builtins: [new Library().filter('slow_upper', async (v: unknown) => String(await sleep(1).then(() => v)).toUpperCase())] });
    const t = e.fromString('{% for r in rows %}[{{ r|slow_upper }}]{% endfor %}');
    const reader = t.renderStream({ rows: rows.iterable }).getReader();
    rows.open(0);
    expect((await reader.read()).value).toBe('[A]');
    expect(rows.state.produced).toBe(1);
    rows.open(1);
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
    expect(rest).toBe('[B]');
  });

  test('an iterable that throws midway: the rows before it were sent, then the positioned error', async () => {
    async function* rows() {
      yield 1;
      await sleep(5);
      yield 2;
      await sleep(5);
      throw new RangeError('cursor lost');
    }
    const t = engine.fromString('<ul>\n{% for r in rows %}<li>{{ r }}</li>{% endfor %}</ul>', 'rows.html');
    const sent: string[] = [];
    const reader = t.renderStream({ rows: rows() }).getReader();
    const err = await (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return undefined;
        sent.push(value);
      }
    })().catch((e: unknown) => e as RangeError & { line?: number });
    expect(sent.join('')).toBe('<ul>\n<li>1</li><li>2</li>');
    expect(err).toBeInstanceOf(RangeError);
    expect([err!.message, err!.line]).toEqual(['cursor lost', 2]);
  });

  test('cancelling the stream stops reading the iterable', async () => {
    const rows = gated([1, 2, 3, 4, 5, 6]);
    const reader = engine.fromString('{% for r in rows %}{{ r }}{% endfor %}').renderStream({ rows: rows.iterable }).getReader();
    rows.open(0);
    expect((await reader.read()).value).toBe('1');
    await reader.cancel();
    // The generator is awaiting its next item: it can only be stopped after that.
    rows.open(1);
    await until(() => rows.state.finished);
    expect(rows.state.produced).toBe(2);
  });

  test('a loop over plain data is sent in chunks of about 8 KB, not one per iteration', async () => {
    let release!: (v: string) => void;
    const tail = new Promise<string>((resolve) => (release = resolve));
    const t = engine.fromString('{% for r in rows %}<p>{{ r }}</p>{% endfor %}{{ tail }}');
    const rows = Array.from({ length: 100 }, (_, i) => String(i).padStart(200, '.'));
    const chunks: string[] = [];
    const reading = (async () => {
      for await (const c of t.renderStream({ rows, tail }) as unknown as AsyncIterable<string>) chunks.push(c);
    })();
    await until(() => chunks.length >= 2);
    await sleep(10);
    // 100 rows of 207 characters: two chunks past 8 KB went out before the tail is known.
    expect(chunks.map((c) => c.length)).toEqual([8280, 8280]);
    release('end');
    await reading;
    expect(chunks.join('')).toBe(t.render({ rows, tail: 'end' }));
  });

  test('renderAsync collects the iterable once, without streaming passes', async () => {
    let pulls = 0;
    async function* rows() {
      for (let i = 0; i < 50; i++) {
        await sleep(0);
        pulls++;
        yield i;
      }
    }
    const t = engine.fromString('{% for r in rows %}{{ r }},{% endfor %}');
    expect(await t.renderAsync({ rows: rows() })).toBe(t.render({ rows: Array.from({ length: 50 }, (_, i) => i) }));
    expect(pulls).toBe(50);
  });
});
