/**
 * Under load (issue 11): one engine, thousands of renders in flight at once,
 * each with its own data, language and time zone. Every render must give
 * what the same render gives alone: no per-render state (cycles, block
 * queues, include depth, the language, the time zone, the async passes)
 * may leak from one render into another.
 */
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/index.js';

const later = <T>(value: T, ms: number) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

async function* slowRows<T>(items: readonly T[], ms: number): AsyncGenerator<T> {
  for (const item of items) yield await later(item, ms);
}

const templates = {
  'base.html':
    '<title>{% block title %}{{ site }}{% endblock %}</title>'
    + '{% load i18n tz %}<p>{% get_current_language as L %}{{ L }} {% get_current_timezone as TZ %}{{ TZ }}</p>'
    + '{% block body %}{% endblock %}',
  'page.html':
    '{% extends "base.html" %}{% block title %}{{ user.name }} | {{ block.super }}{% endblock %}'
    + '{% block body %}{% for r in rows %}{% include "row.html" %}{% empty %}none{% endfor %}'
    + '<i>{{ when|date:"DATETIME_FORMAT" }}</i><b>{{ amount|floatformat:2 }}</b>'
    + '{% ifchanged user.name %}{{ user.name|upper }}{% endifchanged %}{% endblock %}',
  'row.html': '<li class="{% cycle "odd" "even" %}">{{ forloop.counter }}:{{ r.label }}{% if r.flag %}!{% endif %}</li>',
};

const languages = ['en', 'de', 'fr', 'ru', 'ar', 'ja'];
const timeZones = ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe'];

/** The data of render `i`, plain, or with its values behind Promises and async iterables. */
function dataFor(i: number, asynchronous: boolean) {
  const rows = Array.from({ length: i % 7 }, (_, k) => ({ label: `<${i}.${k}>`, flag: (i + k) % 3 === 0 }));
  const plain = {
    site: `Site ${i}`,
    user: { name: `user-${i}` },
    rows,
    when: new Date(Date.UTC(2024, i % 12, 1 + (i % 28), i % 24, i % 60)),
    amount: i * 1.005,
  };
  if (!asynchronous) return plain;
  const ms = i % 4;
  return {
    site: later(plain.site, ms),
    user: async () => later(plain.user, ms),
    rows: i % 2 ? slowRows(rows, ms) : later(rows, ms),
    when: later(plain.when, ms),
    amount: plain.amount,
  };
}

describe('under load', () => {
  const engine = new Engine({ templates, useTz: true });
  const template = engine.getTemplate('page.html');
  const N = 2000;
  const optionsFor = (i: number) => ({ language: languages[i % languages.length], timeZone: timeZones[i % timeZones.length] });

  test(`${N} concurrent async renders each give what the same render gives alone`, async () => {
    const alone = Array.from({ length: N }, (_, i) => template.render(dataFor(i, false), optionsFor(i)));
    // Distinct outputs: the check below would not notice a swap otherwise.
    expect(new Set(alone).size).toBe(N);
    const together = await Promise.all(Array.from({ length: N }, (_, i) => template.renderAsync(dataFor(i, true), optionsFor(i))));
    for (let i = 0; i < N; i++) expect(together[i], `render ${i}`).toBe(alone[i]);
  });

  test('streamed renders interleaved with string renders each give their own output', async () => {
    const M = 300;
    const alone = Array.from({ length: M }, (_, i) => template.render(dataFor(i, false), optionsFor(i)));
    const read = async (stream: ReadableStream<string>) => {
      let out = '';
      for await (const chunk of stream as unknown as AsyncIterable<string>) out += chunk;
      return out;
    };
    const together = await Promise.all(
      Array.from({ length: M }, (_, i) =>
        i % 2 ? read(template.renderStream(dataFor(i, true), optionsFor(i))) : template.renderAsync(dataFor(i, true), optionsFor(i))),
    );
    for (let i = 0; i < M; i++) expect(together[i], `render ${i}`).toBe(alone[i]);
  });

  test('a failing render among many leaves the others untouched', async () => {
    const M = 200;
    const results = await Promise.allSettled(
      Array.from({ length: M }, (_, i) => {
        const data = dataFor(i, true);
        if (i % 10 === 0) data.user = async () => Promise.reject(new RangeError(`no user ${i}`));
        return template.renderAsync(data, optionsFor(i));
      }),
    );
    results.forEach((r, i) => {
      if (i % 10 === 0) {
        expect(r.status).toBe('rejected');
        expect(((r as PromiseRejectedResult).reason as Error).message).toBe(`no user ${i}`);
      } else {
        expect((r as PromiseFulfilledResult<string>).value).toBe(template.render(dataFor(i, false), optionsFor(i)));
      }
    });
  });
});
