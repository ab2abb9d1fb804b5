/** Engine options of the bundled libraries that the conformance suite cannot show. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Engine, type CacheStore } from './index.js';

describe('cache', () => {
  test('a store of the application receives Django keys and timeouts', () => {
    const calls: [string, unknown, number | null][] = [];
    const data = new Map<string, unknown>();
    const store: CacheStore = {
      get: (key) => data.get(key),
      set: (key, value, timeout) => {
        calls.push([key, value, timeout]);
        data.set(key, value);
      },
    };
    const engine = new Engine({ cacheStores: { default: store } });
    const t = engine.fromString('{% load cache %}{% cache 30 frag x %}{{ x }}{% endcache %}');
    expect(t.render({ x: 1 })).toBe('1');
    expect(t.render({ x: 1 })).toBe('1');
    // Django: make_template_fragment_key('frag', [1]), md5 of b"1:1,".
    expect(calls).toEqual([['template.cache.frag.6709aa7b0015b3f2257cda58f6ae8ed0', '1', 30]]);
  });

  test('the default store is per engine', () => {
    const a = new Engine({ templates: { t: '{% load cache %}{% cache 30 f %}{{ x }}{% endcache %}' } });
    const b = new Engine({ templates: { t: '{% load cache %}{% cache 30 f %}{{ x }}{% endcache %}' } });
    expect(a.renderToString('t', { x: 1 })).toBe('1');
    expect(a.renderToString('t', { x: 2 })).toBe('1');
    expect(b.renderToString('t', { x: 2 })).toBe('2');
  });
});

/** A Redis-like store: every call answers later, through a Promise. */
function fakeAsyncStore(log: string[]): CacheStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const later = <T>(value: () => T) => new Promise<T>((resolve) => setTimeout(() => resolve(value()), 5));
  return {
    data,
    get: (key) => {
      log.push(`get ${key}`);
      return later(() => data.get(key));
    },
    set: (key, value, timeout) => {
      log.push(`set ${key} ${String(value)} ${timeout}`);
      return later(() => void data.set(key, value));
    },
  };
}

describe('cache with an asynchronous store', () => {
  const source = '{% load cache %}<{% cache 60 frag %}{{ x }}{% endcache %}>';
  const key = 'template.cache.frag.d41d8cd98f00b204e9800998ecf8427e';

  test('an async render awaits get and set, each once', async () => {
    const log: string[] = [];
    const store = fakeAsyncStore(log);
    const t = new Engine({ cacheStores: { default: store } }).fromString(source);
    expect(await t.renderAsync({ x: Promise.resolve(1) })).toBe('<1>');
    expect(log).toEqual([`get ${key}`, `set ${key} 1 60`]);
    expect(store.data.get(key)).toBe('1');
    log.length = 0;
    expect(await t.renderAsync({ x: 2 })).toBe('<1>');
    expect(log).toEqual([`get ${key}`]);
  });

  test('a stream gives the string render, byte for byte', async () => {
    const store = fakeAsyncStore([]);
    const t = new Engine({ cacheStores: { default: store } }).fromString(`head ${source} tail`);
    let streamed = '';
    for await (const chunk of t.renderStream({ x: 'a' }) as unknown as AsyncIterable<string>) streamed += chunk;
    expect(streamed).toBe('head <a> tail');
    expect(await t.renderAsync({ x: 'b' })).toBe('head <a> tail');
  });

  test('using= chooses the store', async () => {
    const log: string[] = [];
    const other = fakeAsyncStore(log);
    const engine = new Engine({ cacheStores: { default: fakeAsyncStore([]), other } });
    const t = engine.fromString('{% load cache %}{% cache 5 f using="other" %}{{ x }}{% endcache %}');
    expect(await t.renderAsync({ x: 3 })).toBe('3');
    expect([...other.data.values()]).toEqual(['3']);
    expect(log.length).toBe(2);
  });

  test("a store's failure is the render's error, with the tag's position", async () => {
    const store: CacheStore = { get: () => Promise.reject(new Error('connection refused')), set: () => Promise.resolve() };
    const t = new Engine({ cacheStores: { default: store } }).fromString('a\n{% load cache %}{% cache 5 f %}x{% endcache %}');
    const err = await t.renderAsync().catch((e: Error & { line?: number }) => e);
    expect([(err as Error).message, (err as { line?: number }).line]).toEqual(['connection refused', 2]);
  });

  test('a synchronous render with an async store is a clear error', () => {
    const t = new Engine({ cacheStores: { default: fakeAsyncStore([]) } }).fromString(source);
    expect(() => t.render({ x: 1 })).toThrow('The cache store of {% cache %} is asynchronous (its get returned a Promise): render with renderAsync or renderStream.');
  });
});

describe('static', () => {
  test('a manifest given as a path is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-static-'));
    const path = join(dir, 'staticfiles.json');
    writeFileSync(path, JSON.stringify({ version: '1.1', paths: { 'a.css': 'a.123.css' } }));
    const engine = new Engine({ staticManifest: path, staticUrl: 'https://cdn.example.com/s/' });
    expect(engine.fromString('{% load static %}{% static "a.css" %}').render()).toBe('https://cdn.example.com/s/a.123.css');
  });
});

describe('tz', () => {
  test('concurrent renders in different time zones', async () => {
    const engine = new Engine({ useTz: true, timeZone: 'UTC' });
    const t = engine.fromString('{{ d|date:"H:i T" }}');
    const d = new Date('2024-07-15T12:30:00Z');
    const [paris, tokyo] = await Promise.all([
      t.renderAsync({ d: Promise.resolve(d) }, { timeZone: 'Europe/Paris' }),
      t.renderAsync({ d: Promise.resolve(d) }, { timeZone: 'Asia/Tokyo' }),
    ]);
    expect([paris, tokyo]).toEqual(['14:30 CEST', '21:30 JST']);
    expect(t.render({ d })).toBe('12:30 UTC');
  });

  test("{% now %} is in the render's time zone with useTz, in the engine's without", () => {
    const now = () => new Date('2024-07-15T12:30:00Z');
    const source = '{% now "H:i e O" %}';
    const aware = new Engine({ useTz: true, timeZone: 'Europe/Paris', now }).fromString(source);
    expect(aware.render()).toBe('14:30 CEST +0200');
    expect(aware.render({}, { timeZone: 'Asia/Tokyo' })).toBe('21:30 JST +0900');
    // Django's naive datetime.now() is TIME_ZONE's wall time: activate() does not move it.
    const naive = new Engine({ useTz: false, timeZone: 'Europe/Paris', now }).fromString(source);
    expect(naive.render({}, { timeZone: 'Asia/Tokyo' })).toBe('14:30  +0200');
  });
});
