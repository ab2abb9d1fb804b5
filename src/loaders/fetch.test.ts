/**
 * The fetch loader and the engine's async path, in Node with a fetch that
 * serves from a table and counts requests (Chromium runs the same against a
 * real server in test/browser/).
 */
import { describe, expect, test } from 'vitest';
import { Engine as BrowserEngine } from '../browser.js';
import { Engine, FetchLoader, TemplateDoesNotExist } from '../index.js';

const BASE = 'https://site.test/templates/';

/** A fetch answering from `files` (by path under the base), recording every URL asked for. */
function server(files: Record<string, string>, status: Record<string, number> = {}) {
  const requested: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    requested.push(url);
    const path = url.startsWith(BASE) ? decodeURIComponent(url.slice(BASE.length)) : undefined;
    if (path !== undefined && status[path]) return new Response('oops', { status: status[path], statusText: 'Server Error' });
    if (path === undefined || !Object.hasOwn(files, path)) return new Response('not found', { status: 404 });
    // Answers arrive out of order, as over a network.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    return new Response(files[path]);
  };
  return { fetch, requested };
}

const SITE = {
  'base.html': '<title>{% block title %}Site{% endblock %}</title>{% include "nav.html" %}{% block body %}{% endblock %}',
  'nav.html': '<nav>{% for l in links %}{% include "link.html" %}{% endfor %}</nav>',
  'link.html': '<a href="{{ l.url }}">{{ l.label|title }}</a>',
  'page.html': '{% extends "base.html" %}{% block title %}{{ title|upper }}{% endblock %}{% block body %}{% include "./parts/card.html" %}{% include "nav.html" %}{% endblock %}',
  'parts/card.html': '<div>{{ body|truncatewords:2 }}</div>{% include "../link.html" with l=links.0 %}',
  'dynamic.html': '{% include name %}',
  'partials.html': '{% partialdef card %}<b>{{ x }}</b>{% endpartialdef %}',
  'other.html': 'O',
};
const DATA = { title: 'hi', links: [{ url: '/a', label: 'alpha one' }], body: 'one two three', x: 1 };

function engine(files: Record<string, string> = SITE, options: ConstructorParameters<typeof Engine>[0] = {}, status: Record<string, number> = {}) {
  const s = server(files, status);
  return { engine: new Engine({ loaders: [new FetchLoader({ baseUrl: BASE, fetch: s.fetch })], ...options }), requested: s.requested };
}

describe('renderToStringAsync and getTemplateAsync', () => {
  test('fetch the template and every template it names in extends and include, each once', async () => {
    const { engine: e, requested } = engine();
    const html = await e.renderToStringAsync('page.html', DATA);
    expect(html).toBe(new Engine({ templates: SITE }).renderToString('page.html', DATA));
    expect(html).toContain('<title>HI</title>');
    expect(requested.sort()).toEqual(['base.html', 'link.html', 'nav.html', 'page.html', 'parts/card.html'].map((n) => BASE + n));
    // Fetched and compiled: the synchronous API finds them now.
    expect(e.renderToString('page.html', DATA)).toBe(html);
    expect((await e.getTemplateAsync('nav.html')).render(DATA)).toBe('<nav><a href="/a">Alpha One</a></nav>');
    expect(requested).toHaveLength(5);
  });

  test('a partial of a fetched template', async () => {
    const { engine: e } = engine();
    expect((await e.getTemplateAsync('partials.html#card')).render({ x: 2 })).toBe('<b>2</b>');
  });

  test('several names: the first that exists, fetched in order', async () => {
    const { engine: e, requested } = engine();
    expect(await e.renderToStringAsync(['missing.html', 'other.html', 'page.html'])).toBe('O');
    expect(requested).toEqual([BASE + 'missing.html', BASE + 'other.html']);
    const error = await e.renderToStringAsync(['a.html', 'b.html']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error).toMatchObject({ message: 'a.html, b.html' });
  });

  test('a missing template is TemplateDoesNotExist, with what was tried', async () => {
    const { engine: e } = engine();
    const error = await e.getTemplateAsync('nope.html').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect(error).toMatchObject({ message: 'nope.html', tried: [{ name: BASE + 'nope.html', loader: 'reinhardt.loaders.FetchLoader', reason: 'Source does not exist' }] });
  });

  test('a server error is not a missing template: it is thrown', async () => {
    const { engine: e } = engine(SITE, {}, { 'nav.html': 500 });
    await expect(e.renderToStringAsync('page.html', DATA)).rejects.toThrow(`FetchLoader: ${BASE}nav.html answered 500 Server Error`);
  });

  test('an include that is missing or broken fails only where Django would: when rendered', async () => {
    const { engine: e } = engine({ 'a.html': '{% if show %}{% include "gone.html" %}{% include "broken.html" %}{% endif %}ok', 'broken.html': '{% if %}' });
    expect(await e.renderToStringAsync('a.html', { show: false })).toBe('ok');
    await expect(e.renderToStringAsync('a.html', { show: true })).rejects.toThrow(TemplateDoesNotExist);
  });
});

describe('names computed at render time', () => {
  test('a synchronous render cannot fetch: the error says how', async () => {
    const { engine: e } = engine();
    await e.preload(['dynamic.html']);
    const error = (() => {
      try {
        e.renderToString('dynamic.html', { name: 'other.html' });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(TemplateDoesNotExist);
    expect((error as Error).message).toContain('other.html (not fetched yet');
    expect((error as Error).message).toContain("await engine.preload(['other.html'])");
    expect((error as Error).message).toContain('renderToStringAsync');
    expect(() => e.getTemplate('nav.html')).toThrow(/not fetched yet.*getTemplateAsync/);
  });

  test('an async render fetches them when it reaches them, with what they name, each once', async () => {
    const { engine: e, requested } = engine();
    expect(await e.renderToStringAsync('dynamic.html', { name: 'page.html', ...DATA })).toBe(new Engine({ templates: SITE }).renderToString('page.html', DATA));
    const again = await e.renderToStringAsync('dynamic.html', { name: 'page.html', ...DATA });
    expect(again).toContain('<title>HI</title>');
    expect([...requested].sort()).toEqual(['base.html', 'dynamic.html', 'link.html', 'nav.html', 'page.html', 'parts/card.html'].map((n) => BASE + n));
    // Fetched now: a synchronous render finds it too.
    expect(e.renderToString('dynamic.html', { name: 'page.html', ...DATA })).toBe(again);
  });

  test('in a loop, several names at once; a variable extends; a stream', async () => {
    const files = { ...SITE, 'list.html': '{% for n in names %}[{% include n %}]{% endfor %}', 'child.html': '{% extends parent %}{% block title %}T{% endblock %}', 'x.html': 'X{{ x }}' };
    const { engine: e, requested } = engine(files);
    expect(await e.renderToStringAsync('list.html', { names: ['other.html', 'x.html', 'other.html'], x: 1 })).toBe('[O][X1][O]');
    expect(requested.filter((u) => u.endsWith('other.html'))).toHaveLength(1);
    expect(await e.renderToStringAsync('child.html', { parent: 'base.html', links: [] })).toBe('<title>T</title><nav></nav>');
    const template = await e.getTemplateAsync('dynamic.html');
    const stream = template.renderStream({ name: 'partials.html' });
    let text = '';
    for await (const chunk of stream as unknown as AsyncIterable<string>) text += chunk;
    expect(text).toBe('');
  });

  test('a missing one is TemplateDoesNotExist; a server error is the render\'s error, fetched once', async () => {
    const { engine: e, requested } = engine(SITE, {}, { 'bad.html': 500 });
    await expect(e.renderToStringAsync('dynamic.html', { name: 'gone.html' })).rejects.toThrow(TemplateDoesNotExist);
    await expect(e.renderToStringAsync('dynamic.html', { name: 'bad.html' })).rejects.toThrow(`FetchLoader: ${BASE}bad.html answered 500 Server Error`);
    expect(requested.filter((u) => u.endsWith('bad.html'))).toHaveLength(1);
  });

  test('render after preload', async () => {
    const { engine: e, requested } = engine();
    await e.preload(['dynamic.html', 'other.html', 'other.html', 'nav.html']);
    expect(e.renderToString('dynamic.html', { name: 'other.html' })).toBe('O');
    expect(e.renderToString('nav.html', DATA)).toBe('<nav><a href="/a">Alpha One</a></nav>');
    expect(requested.filter((u) => u.endsWith('other.html'))).toHaveLength(1);
  });
});

describe('with other loaders', () => {
  test('in-memory templates come first and are not fetched', async () => {
    const { engine: e, requested } = engine(SITE, { templates: { 'nav.html': '<nav>memory</nav>' } });
    expect(await e.renderToStringAsync('page.html', DATA)).toContain('<nav>memory</nav>');
    expect(requested).not.toContain(BASE + 'nav.html');
  });

  test('a template in memory may extend the fetched one of the same name', async () => {
    const { engine: e } = engine(SITE, { templates: { 'base.html': '{% extends "base.html" %}{% block title %}[{{ block.super }}]{% endblock %}' } });
    expect(await e.renderToStringAsync('base.html', DATA)).toBe('<title>[Site]</title><nav><a href="/a">Alpha One</a></nav>');
  });

  test('an engine without an asynchronous loader renders as before', async () => {
    const e = new Engine({ templates: { 'a.html': '{{ x }}' } });
    await e.preload(['a.html', 'missing.html']);
    expect(await e.renderToStringAsync('a.html', { x: Promise.resolve(1) })).toBe('1');
  });
});

describe('debug and forgetting', () => {
  test('a debug engine fetches again what the loader forgot', async () => {
    const files = { 'a.html': 'one' };
    const s = server(files);
    const loader = new FetchLoader({ baseUrl: BASE, fetch: s.fetch });
    const e = new Engine({ loaders: [loader], debug: true });
    expect(await e.renderToStringAsync('a.html')).toBe('one');
    files['a.html'] = 'two';
    expect(await e.renderToStringAsync('a.html')).toBe('one');
    loader.forget(['a.html']);
    expect(await e.renderToStringAsync('a.html')).toBe('two');
    loader.forget();
    expect(() => e.getTemplate('a.html')).toThrow(/not fetched yet/);
  });
});

describe('FetchLoader options', () => {
  test('the base URL is a folder, without query or fragment', () => {
    const loader = new FetchLoader({ baseUrl: 'https://site.test/t?x=1#y', fetch: server({}).fetch });
    expect(loader.baseUrl.href).toBe('https://site.test/t/');
    expect(loader.url('a b/c?.html')).toBe('https://site.test/t/a%20b/c%3F.html');
  });

  test('outside a page the base URL must be absolute, and http(s)', () => {
    expect(() => new FetchLoader({ baseUrl: '/templates/' })).toThrow(/outside a page it must be absolute/);
    expect(() => new FetchLoader({ baseUrl: 'file:///etc/' })).toThrow(/http or https/);
  });

  test('init is given to every request', async () => {
    const seen: (RequestInit | undefined)[] = [];
    const loader = new FetchLoader({ baseUrl: BASE, init: { credentials: 'omit' }, fetch: async (_url, init) => (seen.push(init), new Response('x')) });
    expect(await new Engine({ loaders: [loader] }).renderToStringAsync('a.html')).toBe('x');
    expect(seen).toEqual([{ credentials: 'omit' }]);
  });
});

describe('the browser entry', () => {
  test('has no filesystem loader: dirs is an error saying what to use', () => {
    expect(() => new BrowserEngine({ dirs: ['templates'] })).toThrow(/'dirs' reads folders from disk.*FetchLoader/);
  });

  test('renders what the Node entry renders', async () => {
    const s = server(SITE);
    const e = new BrowserEngine({ loaders: [new FetchLoader({ baseUrl: BASE, fetch: s.fetch })] });
    expect(await e.renderToStringAsync('page.html', DATA)).toBe(new Engine({ templates: SITE }).renderToString('page.html', DATA));
  });
});
