/**
 * Template names that try to leave the loader's folders: `..`, absolute
 * paths, NUL bytes, `file:` and `http:` URLs, names Windows would read
 * differently, and symlinks pointing out of the folders (in temporary
 * folders made for the test). Every file the engine reads is recorded
 * (node:fs is wrapped): none may lie outside the folders, and no secret may
 * reach the output. A name that leaves its folder is not found there
 * (TemplateDoesNotExist), as Django's `safe_join` refuses it; a relative
 * name (`./`, `../`) that leaves the template hierarchy is Django's
 * TemplateSyntaxError. The fetch loader is held to its base URL the same
 * way: every URL it asks for is checked.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { Engine, FetchLoader } from '../../src/index.js';
import { attempt, describeOutcome, guardEachTest, withPollution } from './harness.js';

const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const record = <F extends (...args: never[]) => unknown>(fn: F): F => ((...args: Parameters<F>) => {
    reads.push(String(args[0]));
    return fn(...args);
  }) as F;
  const wrapped = {
    ...fs,
    readFileSync: record(fs.readFileSync),
    openSync: record(fs.openSync),
    readFile: record(fs.readFile),
    createReadStream: record(fs.createReadStream),
  };
  return { ...wrapped, default: wrapped };
});

guardEachTest();

const root = realpathSync(mkdtempSync(join(tmpdir(), 'reinhardt-loaders-')));
const A = join(root, 'templates');
const B = join(root, 'templatesB');
function file(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}
file(join(A, 'a.html'), 'A{{ x }}');
file(join(A, 'sub', 'b.html'), 'B');
file(join(A, 'sub', 'rel.html'), '{% include n %}');
file(join(A, 'sub', 'up.html'), '{% include "../a.html" %}');
file(join(B, 'b2.html'), 'B2');
file(join(root, 'templates-secret', 's.html'), 'SECRET beside the folder');
file(join(root, 'secret.html'), 'SECRET above the folder');
file(join(root, 'secretdir', 's.html'), 'SECRET in another folder');
symlinkSync(join(A, 'a.html'), join(A, 'link-in.html'));
symlinkSync(join(root, 'secret.html'), join(A, 'link-out.html'));
symlinkSync('../secret.html', join(A, 'link-out-relative.html'));
symlinkSync(join(root, 'secretdir'), join(A, 'dir-out'));
symlinkSync(join(B, 'b2.html'), join(A, 'link-to-B.html'));
symlinkSync(join(root, 'missing.html'), join(A, 'dangling.html'));
symlinkSync(join(A, 'loop.html'), join(A, 'loop.html'));

afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  reads.length = 0;
});

function engine(options = {}): Engine {
  return new Engine({ dirs: [A, B], ...options });
}

/** Every read is inside one of the folders, and no secret is shown. */
function expectContained(label: string, got: ReturnType<typeof attempt>): void {
  const outside = reads.filter((p) => !p.startsWith(A + sep) && !p.startsWith(B + sep));
  expect(outside, `${label} read outside the folders`).toEqual([]);
  expect(describeOutcome(got), label).not.toContain('SECRET');
}

const leaving: string[] = [
  '../secret.html', '../../secret.html', 'sub/../../secret.html', 'a.html/../../secret.html', '../templates-secret/s.html',
  `${root}/secret.html`, `${root}/secretdir/s.html`, '/etc/passwd', '/etc/hostname', `file://${root}/secret.html`, `file:${root}/secret.html`,
  'file:///etc/passwd', 'http://127.0.0.1/secret.html', 'https://example.com/a.html', '//example.com/a.html', 'a.html\0', 'a.html\0../secret.html',
  '\0', '..', '.', 'sub', 'sub/', `${A}`, `${A}/`, '..\\secret.html', '%2e%2e/secret.html', '%2e%2e%2fsecret.html', '~/secret.html',
  'link-out.html', 'link-out-relative.html', 'dir-out/s.html', 'link-to-B.html', 'dangling.html', 'loop.html', '\ud800.html', 'a.html\n',
  `${A}/../secret.html`, `${A}${sep}..${sep}secret.html`, 'C:\\Windows\\win.ini', 'templates/../secret.html',
];

describe('names that leave the folders are not found', () => {
  test.each(leaving.map((n) => [JSON.stringify(n), n]))('getTemplate(%s)', (_label, name) => {
    const got = attempt(() => engine().getTemplate(name).render({ x: 1 }));
    expectContained(name, got);
    expect(got, describeOutcome(got)).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
  });

  test.each(leaving.map((n) => [JSON.stringify(n), n]))('include, extends and a list of names: %s', (_label, name) => {
    const e = engine();
    for (const src of ['{% include n %}', '{% extends n %}', '{% include names %}']) {
      reads.length = 0;
      const got = attempt(() => e.fromString(src).render({ n: name, names: [name, 'missing.html'] }));
      expectContained(`${src} ${name}`, got);
      // Django: include resolves a relative name (and a template without a
      // name cannot); extends looks a variable's value up as it is.
      const error = src === '{% include n %}' && /^\.\.?\//.test(name) ? 'TemplateSyntaxError' : 'TemplateDoesNotExist';
      expect(got, `${src}: ${describeOutcome(got)}`).toEqual({ error: expect.objectContaining({ name: error }) });
    }
  });

  test.each(leaving.map((n) => [JSON.stringify(n), n]))('renderToString([%s, fallback]) falls back', (_label, name) => {
    const got = attempt(() => engine().renderToString([name, 'sub/b.html']));
    expectContained(name, got);
    expect(got).toEqual({ output: 'B' });
  });

  test('a relative name that leaves the hierarchy is Django\'s TemplateSyntaxError', () => {
    // From sub/rel.html, one `..` stays in the hierarchy (and finds nothing), two leave it.
    for (const [name, error] of [['./../secret.html', 'TemplateDoesNotExist'], ['../secret.html', 'TemplateDoesNotExist'], ['./../../secret.html', 'TemplateSyntaxError'], ['../../templates-secret/s.html', 'TemplateSyntaxError']]) {
      reads.length = 0;
      const got = attempt(() => engine().getTemplate('sub/rel.html').render({ n: name }));
      expectContained(name, got);
      expect(got, `${name}: ${describeOutcome(got)}`).toEqual({ error: expect.objectContaining({ name: error }) });
    }
    for (const src of ['{% include "../x.html" %}', '{% extends "../x.html" %}', '{% include "./../x.html" %}']) {
      expect(attempt(() => engine({ templates: { 'top.html': src } }).getTemplate('top.html').render()), src).toEqual({ error: expect.objectContaining({ name: 'TemplateSyntaxError' }) });
    }
  });
});

describe('names that stay inside are found, as in Django', () => {
  test.each([
    ['a.html', 'A1'], ['./a.html', 'A1'], ['sub/../a.html', 'A1'], ['sub/b.html', 'B'], ['sub//b.html', 'B'], [`${A}/a.html`, 'A1'],
    ['link-in.html', 'A1'], ['b2.html', 'B2'], ['../templatesB/b2.html', 'B2'], ['sub/up.html', 'A1'],
  ])('%s', (name, want) => {
    const got = attempt(() => engine().getTemplate(name).render({ x: 1 }));
    expectContained(name, got);
    expect(got).toEqual({ output: want });
  });
});

describe('debug reloading', () => {
  test('a file replaced by a symlink pointing out is not followed on reload', () => {
    const target = join(A, 'swap.html');
    writeFileSync(target, 'first');
    try {
      const e = engine({ debug: true });
      expect(e.getTemplate('swap.html').render()).toBe('first');
      unlinkSync(target);
      symlinkSync(join(root, 'secret.html'), target);
      reads.length = 0;
      const got = attempt(() => e.getTemplate('swap.html').render());
      expectContained('swap.html', got);
      expect(got).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
    } finally {
      rmSync(target, { force: true });
    }
  });

  test('a folder given as a symlink is its real folder', () => {
    const linked = join(root, 'linked-templates');
    symlinkSync(A, linked);
    try {
      const e = new Engine({ dirs: [linked] });
      expect(e.getTemplate('a.html').render({ x: 2 })).toBe('A2');
      reads.length = 0;
      const got = attempt(() => e.getTemplate('link-out.html').render());
      expect(got).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
      expect(describeOutcome(got)).not.toContain('SECRET');
    } finally {
      unlinkSync(linked);
    }
  });
});

describe('in-memory templates: a name is only a key', () => {
  test.each(leaving.map((n) => [JSON.stringify(n), n]))('%s', (_label, name) => {
    const e = new Engine({ templates: { 'index.html': 'I', 'x.html': 'X' } });
    expect(attempt(() => e.getTemplate(name).render())).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
    expect(reads).toEqual([]);
  });
});

describe('fetched templates: a name never leaves the base URL', () => {
  const BASE = 'https://site.test/app/templates/';
  const fetchLeaving = [
    ...leaving, 'javascript:alert(1)', 'data:text/html,x', 'blob:https://site.test/x', 'HTTPS://evil.test/a.html', 'mailto:a@b',
    '\\\\evil.test\\a.html', '/\\evil.test/a.html', '\t//evil.test/a.html', ' //evil.test/a.html', '\n/etc/passwd', '/a.html', '//a.html',
    'a/../../x.html', 'sub/./a.html', '.%2e/secret.html', '%2e./secret.html', '..%2fsecret.html', '..%5csecret.html', '..;/secret.html',
    '../app/templates/a.html', '@evil.test/a.html', 'a.html?x=../../secret', 'sub/..', '...', '%00a.html',
  ];
  /** A fetch that serves a.html inside the base, and a secret anywhere else. */
  function site() {
    const requested: string[] = [];
    const fetch = async (url: string): Promise<Response> => {
      requested.push(url);
      if (!url.startsWith(BASE)) return new Response('SECRET outside the base URL');
      return url === `${BASE}a.html` ? new Response('A{{ x }}') : new Response('', { status: 404 });
    };
    return { engine: new Engine({ loaders: [new FetchLoader({ baseUrl: BASE, fetch })] }), requested };
  }
  /** Every URL asked for is under the base, and no segment of its path, decoded once, is `.` or `..`. */
  function expectInside(label: string, requested: readonly string[]): void {
    for (const url of requested) {
      expect(url.startsWith(BASE), `${label} fetched ${url}`).toBe(true);
      const segments = new URL(url).pathname.split('/').map((p) => decodeURIComponent(p));
      expect(segments.filter((p) => p === '..' || p === '.' || p.includes('/') || p.includes('\\')), `${label} fetched ${url}`).toEqual([]);
    }
  }
  // Node's fetch sets up its global dispatcher on first use: before the guard looks.
  beforeAll(async () => {
    await new Response('').text();
  });
  async function attemptAsync(fn: () => Promise<string>): Promise<ReturnType<typeof attempt>> {
    try {
      return { output: await fn() };
    } catch (error) {
      return { error };
    }
  }

  test.each(fetchLeaving.map((n) => [JSON.stringify(n), n]))('renderToStringAsync(%s)', async (_label, name) => {
    const { engine: e, requested } = site();
    const got = await attemptAsync(() => e.renderToStringAsync(name, { x: 1 }));
    expectInside(name, requested);
    expect(describeOutcome(got)).not.toContain('SECRET');
    expect(got, describeOutcome(got)).toEqual({ error: expect.objectContaining({ name: 'TemplateDoesNotExist' }) });
  });

  test.each(fetchLeaving.map((n) => [JSON.stringify(n), n]))('preloaded, then include, extends and a list of names: %s', async (_label, name) => {
    const { engine: e, requested } = site();
    await e.preload([name, 'missing.html']);
    for (const src of ['{% include n %}', '{% extends n %}', '{% include names %}']) {
      const got = attempt(() => e.fromString(src).render({ n: name, names: [name, 'missing.html'] }));
      expect(describeOutcome(got)).not.toContain('SECRET');
      const error = src === '{% include n %}' && /^\.\.?\//.test(name) ? 'TemplateSyntaxError' : 'TemplateDoesNotExist';
      expect(got, `${src}: ${describeOutcome(got)}`).toEqual({ error: expect.objectContaining({ name: error }) });
    }
    expectInside(name, requested);
  });

  test('no fetch function, base URL or request option comes from a polluted Object.prototype', async () => {
    const requests: [string, RequestInit | undefined][] = [];
    const polluter = async (): Promise<Response> => new Response('SECRET from the polluted fetch');
    const loaders = withPollution(Object.prototype, 'fetch', polluter, () => [
      new FetchLoader({ baseUrl: BASE, fetch: async (url, init) => (requests.push([url, init]), new Response('A')), init: { credentials: 'omit' } }),
      withPollution(Object.prototype, 'baseUrl', 'https://evil.test/', () => {
        try {
          return new FetchLoader({} as { baseUrl: string });
        } catch (e) {
          return e as Error;
        }
      }),
    ]);
    expect(loaders[1]).toBeInstanceOf(TypeError);
    const e = new Engine({ loaders: [loaders[0] as FetchLoader] });
    expect(await e.renderToStringAsync('a.html')).toBe('A');
    expect(requests).toHaveLength(1);
    const init = requests[0]![1]!;
    // What fetch reads from it (method, headers, body...) is only what was given.
    expect(Object.getPrototypeOf(init)).toBeNull();
    expect({ ...init }).toEqual({ credentials: 'omit' });
  });

  test('names that stay inside are fetched, each segment encoded', async () => {
    const { engine: e, requested } = site();
    expect(await e.renderToStringAsync('a.html', { x: 1 })).toBe('A1');
    await e.preload(['a b/c#d.html', 'x?y.html', '%2e%2e/s.html', 'ü.html']);
    expect(requested.slice(1)).toEqual([`${BASE}a%20b/c`, `${BASE}x%3Fy.html`, `${BASE}%252e%252e/s.html`, `${BASE}%C3%BC.html`]);
  });
});
