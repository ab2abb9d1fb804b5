import { mkdtempSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Context, Engine, FileSystemLoader, Library, TemplateDoesNotExist } from './index.js';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reinhardt-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the filesystem loader', () => {
  test('finds templates in its folders, in order', () => {
    const a = folder({ 'x.html': 'A' });
    const b = folder({ 'x.html': 'B', 'y.html': 'Y', 'sub/z.html': 'Z' });
    const engine = new Engine({ dirs: [a, b] });
    expect(engine.renderToString('x.html')).toBe('A');
    expect(engine.renderToString('y.html')).toBe('Y');
    expect(engine.renderToString('sub/z.html')).toBe('Z');
  });

  test.each(['../secret.html', '/etc/passwd', 'sub/../../secret.html', 'a\0b'])('refuses %j', (name) => {
    const root = folder({ 'secret.html': 'S', 'inner/x.html': '' });
    const engine = new Engine({ dirs: [join(root, 'inner')] });
    expect(() => engine.getTemplate(name)).toThrow(TemplateDoesNotExist);
  });

  test('refuses a symlink that leads out of the folder', () => {
    const outside = folder({ 'secret.html': 'S' });
    const root = folder({});
    symlinkSync(join(outside, 'secret.html'), join(root, 'link.html'));
    expect(() => new Engine({ dirs: [root] }).getTemplate('link.html')).toThrow(TemplateDoesNotExist);
  });

  test('with debug, notices a changed file', () => {
    const dir = folder({ 'p.html': 'one' });
    const engine = new Engine({ dirs: [dir], debug: true });
    expect(engine.renderToString('p.html')).toBe('one');
    writeFileSync(join(dir, 'p.html'), 'two');
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'p.html'), later, later);
    expect(engine.renderToString('p.html')).toBe('two');
  });

  test('without debug, keeps the compiled template', () => {
    const dir = folder({ 'p.html': 'one' });
    const engine = new Engine({ dirs: [dir] });
    const t = engine.getTemplate('p.html');
    expect(engine.getTemplate('p.html')).toBe(t);
  });

  test('a loader notes modification times unless told not to (an engine not in debug mode never asks)', () => {
    const dir = folder({ 'p.html': 'one' });
    expect(typeof new FileSystemLoader([dir]).load('p.html', [])?.version).toBe('number');
    expect(new FileSystemLoader([dir], 'utf8', { versions: false }).load('p.html', [])).toEqual({ source: 'one', originName: join(dir, 'p.html'), version: undefined });
  });
});

describe('the engine', () => {
  test('in-memory templates come first, then folders', () => {
    const dir = folder({ 'a.html': 'disk', 'b.html': 'disk b' });
    const engine = new Engine({ templates: { 'a.html': 'memory' }, dirs: [dir] });
    expect(engine.renderToString('a.html')).toBe('memory');
    expect(engine.renderToString('b.html')).toBe('disk b');
  });

  test('names of built-in members are not templates', () => {
    const engine = new Engine({ templates: { 'a.html': 'A' } });
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => engine.getTemplate(name)).toThrow(TemplateDoesNotExist);
    }
  });

  test('renderToString takes a list: the first that exists', () => {
    const engine = new Engine({ templates: { 'b.html': 'B' } });
    expect(engine.renderToString(['a.html', 'b.html'])).toBe('B');
    expect(() => engine.renderToString(['x.html', 'y.html'])).toThrow('x.html, y.html');
  });

  test('cache: false compiles every time; an LRU keeps at most max', () => {
    const uncached = new Engine({ templates: { 'a.html': 'A' }, cache: false });
    expect(uncached.getTemplate('a.html')).not.toBe(uncached.getTemplate('a.html'));
    const small = new Engine({ templates: { 'a.html': 'A', 'b.html': 'B' }, cache: { max: 1 } });
    const a = small.getTemplate('a.html');
    small.getTemplate('b.html');
    expect(small.getTemplate('a.html')).not.toBe(a);
  });

  test('the cache grows to max as it fills, keeping what was used last', () => {
    const names = Array.from({ length: 300 }, (_, i) => `t${i}.html`);
    const engine = new Engine({ templates: Object.fromEntries(names.map((n) => [n, n])), cache: { max: 290 } });
    const first = names.slice(0, 50).map((n) => engine.getTemplate(n));
    // Used again before the cache grew: the most recent of all then.
    engine.getTemplate('t0.html');
    first.push(...names.slice(50).map((n) => engine.getTemplate(n)));
    // t1...t10 were the least recently used when the last ten came.
    const kept = (i: number) => engine.getTemplate(names[i]!) === first[i];
    expect(Array.from({ length: 289 }, (_, i) => i + 11).every(kept) && kept(0)).toBe(true);
    expect(Array.from({ length: 10 }, (_, i) => i + 1).some(kept)).toBe(false);
    expect(() => new Engine({ cache: { max: 0 } })).toThrow();
    expect(() => new Engine({ cache: { max: 1.5 } })).toThrow();
  });

  test('autoescape and stringIfInvalid options', () => {
    expect(new Engine({ autoescape: false }).fromString('{{ x }}').render({ x: '<b>' })).toBe('<b>');
    expect(new Engine({ stringIfInvalid: '[%s]' }).fromString('{{ a.b }}').render({})).toBe('[a.b]');
  });

  test('a Context may be passed and is Django-shaped', () => {
    const ctx = new Context({ a: 1 }, { autoescape: false });
    ctx.push({ b: '<i>' });
    expect(new Engine().fromString('{{ a }}{{ b }}').render(ctx)).toBe('1<i>');
    expect(ctx.flatten()).toMatchObject({ a: 1, b: '<i>', True: true });
    ctx.pop();
    expect(ctx.has('b')).toBe(false);
  });

  test('a Map context', () => {
    expect(new Engine().fromString('{{ a }}').render(new Map([['a', 'map']]))).toBe('map');
  });
});

describe('settings for tests and formats', () => {
  test('now, random and formats options', () => {
    const engine = new Engine({
      now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      random: () => 0.99,
      formats: { DATE_FORMAT: 'Y-m-d', DATETIME_FORMAT: 'Y-m-d H:i' },
    });
    const t = engine.fromString('{% now "Y-m-d H:i" %}|{{ d|date }}|{{ d }}|{{ old|timesince }}|{{ l|random }}');
    const out = t.render({ d: new Date(Date.UTC(2020, 5, 6, 7, 8)), old: new Date(Date.UTC(2023, 0, 2, 3, 4, 5)), l: [1, 2, 3] });
    expect(out).toBe('2024-01-02 03:04|2020-06-06|2020-06-06 07:08|1\u00a0year|3');
  });

  test('timeZone shifts {% now %}', () => {
    const engine = new Engine({ now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), timeZone: 'Asia/Tokyo' });
    expect(engine.fromString('{% now "H:i" %}').render()).toBe('12:04');
  });
});

describe('the render locale', () => {
  test('language and time zone are per render, defaulting to the engine', () => {
    const seen: unknown[] = [];
    const lib = new Library().filter('where', (_v: unknown, _a: unknown, _ae: unknown, locale?: { language: string; timeZone: string }) => {
      seen.push(locale);
      return `${locale?.language}/${locale?.timeZone}`;
    }, { needsLocale: true, arg: 'none' });
    const engine = new Engine({ builtins: [lib], languageCode: 'de', timeZone: 'Europe/Berlin' });
    const t = engine.fromString('{{ x|where }}');
    expect(t.render({ x: 1 })).toBe('de/Europe/Berlin');
    expect(t.render({ x: 1 }, { language: 'fr', timeZone: 'UTC' })).toBe('fr/UTC');
  });
});

describe("the engine's random option", () => {
  test('feeds the random filter and {% lorem ... random %}, so a seeded engine renders the same text every time', () => {
    const seeded = () => {
      let state = 1;
      return new Engine({ random: () => (state = (state * 48271) % 2147483647) / 2147483647 })
        .fromString('{{ xs|random }} {% lorem 5 w random %}|{% lorem 2 p random %}');
    };
    const xs = ['a', 'b', 'c', 'd'];
    const first = seeded().render({ xs });
    expect(seeded().render({ xs })).toBe(first);
    expect(first).toMatch(/^[abcd] \w+( \w+){4}\|<p>[A-Z].*<\/p>\n\n<p>[A-Z].*<\/p>$/s);
  });
});
