/**
 * reinhardt/browser in a real headless Chromium: the bundle made by
 * scripts/bundle-browser.mjs (for the browser platform, so a Node built-in
 * anywhere in its imports fails it) is served with templates from a
 * loopback server; the page renders them through FetchLoader and the output
 * must be the Node render of the same templates, byte for byte.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundleBrowser, type BrowserBundle } from '../../scripts/bundle-browser.mjs';
import { Engine, makeTemplateFragmentKey } from '../../src/index.js';
import { fileUnder, launchChromium, sendFile, serve, type Chromium, type Served } from './chromium.js';
import { context } from './context.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const templates = join(here, 'templates');
const CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'";
const STRICT_CSP = "default-src 'self'; script-src 'self'";

/** The page's script: every render it is asked for, into `window.results`. */
const APP = `
import { Engine, FetchLoader, TemplateDoesNotExist, makeTemplateFragmentKey } from '/bundle/reinhardt.js';
import { context } from '/context.mjs';
const results = {};
try {
  const engine = new Engine({ loaders: [new FetchLoader({ baseUrl: '/templates/' })] });
  results.products = await engine.renderToStringAsync('products.html', context());
  results.sync = engine.renderToString('products.html', context());
  await engine.loadLanguages(['de']);
  results.de = await engine.renderToStringAsync('de.html', context());
  await engine.preload(['dynamic.html']);
  try {
    engine.renderToString('dynamic.html', { name: 'other.html', site: 'Acme' });
  } catch (e) {
    results.notPreloaded = (e instanceof TemplateDoesNotExist) + ' ' + e.message;
  }
  // An async render fetches what it reaches.
  results.preloaded = await engine.renderToStringAsync('dynamic.html', { name: 'other.html', site: 'Acme' });
  results.sync2 = engine.renderToString('dynamic.html', { name: 'other.html', site: 'Acme' });
  results.cache = engine.fromString('{% load cache %}{% cache 60 frag x %}{{ x }}{% endcache %}').render({ x: 'é' }) + ' ' + makeTemplateFragmentKey('frag', ['é', 2]);
  results.fromString = engine.fromString('{{ x|upper }}{% for i in "ab" %}{{ i }}{% endfor %}').render({ x: '<y>' });
  try {
    new Engine({ dirs: ['templates'] });
  } catch (e) {
    results.dirs = e.message;
  }
} catch (e) {
  results.error = String(e && e.stack || e);
}
window.results = results;
`;

/** Under a CSP without 'unsafe-eval': the bundle loads, compiling says what the page must allow. */
const STRICT_APP = `
import { Engine } from '/bundle/reinhardt.js';
const results = { loaded: true };
try {
  results.output = new Engine().fromString('{{ 1 }}').render();
} catch (e) {
  results.error = e.name + ': ' + e.message;
}
window.results = results;
`;

const page = (script: string) => `<!doctype html><meta charset="utf-8"><title>reinhardt</title><script type="module" src="${script}"></script>`;

let bundleDir: string;
let bundle: BrowserBundle;
let server: Served;
let browser: Chromium | Error;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'reinhardt-bundle-'));
  bundle = await bundleBrowser(bundleDir);
  server = await serve((_req, res, path) => {
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(page('/app.js'));
    else if (path === '/strict') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP }).end(page('/strict.js'));
    else if (path === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP);
    else if (path === '/strict.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(STRICT_APP);
    else if (path === '/context.mjs') sendFile(res, join(here, 'context.mjs'));
    else if (path.startsWith('/bundle/')) sendFile(res, fileUnder(bundleDir, path.slice('/bundle'.length)));
    else if (path.startsWith('/templates/')) sendFile(res, fileUnder(templates, path.slice('/templates'.length)));
    else sendFile(res, undefined);
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

async function results(path: string): Promise<Record<string, string>> {
  if (browser instanceof Error) throw browser;
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  try {
    await tab.goto(server.url + path);
    await tab.waitForFunction(() => (window as unknown as { results?: unknown }).results !== undefined);
    const got = await tab.evaluate(() => (window as unknown as { results: Record<string, string> }).results);
    expect(errors).toEqual([]);
    return got;
  } finally {
    await tab.close();
  }
}

describe('reinhardt/browser in Chromium', { timeout: 60_000 }, () => {
  // Here rather than above, and kept to throw in each test: without Chromium
  // every test here fails (none is skipped), and the bundle's own tests still run.
  beforeAll(async () => {
    browser = await launchChromium().catch((e: unknown) => e as Error);
  }, 60_000);
  afterAll(async () => {
    if (!(browser instanceof Error)) await browser?.close();
  });

  test('renders inheritance, includes and filters fetched from the server as Node renders them', async () => {
    const node = new Engine({ dirs: [templates] });
    const got = await results('/');
    expect(got.error).toBeUndefined();
    const want = node.renderToString('products.html', context());
    expect(got.products).toBe(want);
    expect(got.sync).toBe(want);
    // The page is what it should be, not two equal failures.
    expect(want).toContain('<h1>ACME &amp; CO</h1>');
    expect(want).toContain('<li class="odd">2. O&#x27;Brien&#x27;s Gadget: 0.13</li>');
    expect(want).toContain('Made with Django & reinhardt');
    expect(got.de).toBe(node.renderToString('de.html', context()));
    expect(got.de).toBe('Freitag, 14. März 2025 · 1.233,63 · Ja · 1,2\u00a0MB\n');
    expect(got.preloaded).toBe('other: acme\n\n');
    expect(got.fromString).toBe('&lt;Y&gt;ab');
    // {% cache %}'s MD5 keys are computed without node:crypto.
    expect(got.cache).toBe(`é ${makeTemplateFragmentKey('frag', ['é', 2])}`);
  });

  test('a name computed at render time is fetched by an async render, and a sync render before says how; dirs is Node\'s', async () => {
    const got = await results('/');
    expect(got.notPreloaded).toContain("true other.html (not fetched yet");
    expect(got.notPreloaded).toContain("await engine.preload(['other.html'])");
    expect(got.sync2).toBe(got.preloaded);
    expect(got.dirs).toContain("'dirs' reads folders from disk");
  });

  test('fetches each template once, and only the language asked for', async () => {
    const before = server.requested.length;
    await results('/');
    const requested = server.requested.slice(before);
    const fetched = requested.filter((p) => p.startsWith('/templates/'));
    expect(fetched.sort()).toEqual(['base.html', 'de.html', 'dynamic.html', 'other.html', 'partials/credits.html', 'partials/footer.html', 'partials/product.html', 'products.html'].map((n) => `/templates/${n}`));
    const chunks = requested.filter((p) => p.startsWith('/bundle/chunks/') && !/\/chunk-/.test(p)).map((p) => p.replace(/^\/bundle\/chunks\/|-[A-Z0-9]+\.js$/g, ''));
    // German, and async rendering (renderToStringAsync), a chunk of its own too.
    expect(chunks.sort()).toEqual(['async', 'de']);
  });

  test("under a Content-Security-Policy without 'unsafe-eval' the bundle loads, and compiling says what to allow", async () => {
    const got = await results('/strict');
    expect(got.loaded).toBe(true);
    expect(got.output).toBeUndefined();
    expect(got.error).toMatch(/^EvalError: reinhardt compiles templates with new Function, .*allow 'unsafe-eval'/s);
  });
});

describe('the browser bundle', () => {
  test('is made for the browser platform: no Node built-in anywhere in reinhardt/browser\'s imports', () => {
    // bundleBrowser fails on one (esbuild cannot resolve it for browsers, and the metafile is checked).
    // Node's modules are only looked up at run time (process.getBuiltinModule), never imported.
    const imports = readFileSync(bundle.entry, 'utf8').match(/\b(?:from|import)\s*\(?\s*["']node:[^"']*/g);
    expect(imports).toBeNull();
  });

  test('holds no language\'s data: each is a chunk loaded when asked for', () => {
    const main = readFileSync(bundle.entry, 'utf8');
    expect(main).not.toContain('Freitag');
    expect(bundle.languageChunks).toBeGreaterThan(100);
    // What the README reports (scripts/bundle-browser.mjs prints it).
    console.log(`reinhardt/browser: ${(bundle.minified / 1024).toFixed(1)} KB minified, ${(bundle.gzipped / 1024).toFixed(1)} KB gzipped`);
  });
});
