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
});
