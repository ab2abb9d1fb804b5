/**
 * A precompiled module in a real headless Chromium, on a page whose
 * Content-Security-Policy has no 'unsafe-eval': the module (made by
 * `precompile`) and reinhardt/runtime, bundled by esbuild for the browser,
 * render a template with inheritance, includes and filters, synchronously,
 * asynchronously and streamed; the output must be the Node engine's render
 * of the same templates, byte for byte, and the page must see no policy
 * violation. A second module translates (i18n and humanize, the project's
 * catalog written into it) and renders in German, its locale data a chunk
 * the bundle imports when the render needs it. Both are bundled with code
 * splitting, as a page's bundler splits them: async rendering is a chunk of
 * its own, which the page fetches on its first async render.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Engine, precompile } from '../../src/index.js';
import { fileUnder, launchChromium, sendFile, serve, type Chromium, type Served } from './chromium.js';
import { context } from './context.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const STRICT_CSP = "default-src 'self'; script-src 'self'";

const templates: Record<string, string> = {
  'base.html': '<h1>{% block title %}{{ site|upper }}{% endblock %}</h1>\n<main>{% block content %}{% endblock %}</main>\n{% include "footer.html" %}',
  'footer.html': '<footer>{{ when|date:"D, j M Y H:i" }} · {{ big|filesizeformat }}</footer>',
  'product.html': '<li class="{% cycle "odd" "even" %}">{{ forloop.counter }}. {{ product.name|title }}: {{ product.price|floatformat:2 }}{% if product.tags %} ({{ product.tags|join:", "|lower }}){% endif %}</li>',
  'products.html': `{% extends "base.html" %}
{% block title %}{{ block.super }} | {{ intro|truncatewords:4 }}{% endblock %}
{% block content %}<ul>{% for p in products %}{% include "product.html" with product=p %}{% empty %}<li>none</li>{% endfor %}</ul>
{{ total|floatformat:"-2" }} {{ tags|join:" / " }} {{ html }} {{ html|safe }} {{ text|linebreaksbr }} {{ data|json_script:"d" }}
{% with n=products|length %}{{ n }} product{{ n|pluralize }}{% endwith %}{% endblock %}`,
};

const i18nTemplates: Record<string, string> = {
  'de.html': '{% load i18n humanize %}<h1>{% translate "Products" %}</h1>{% blocktranslate count n=products|length %}{{ n }} product{% plural %}{{ n }} products{% endblocktranslate %}\n'
    + '{% for p in products %}{{ p.name|title }}: {{ p.price }} {{ p.price|floatformat:2 }} {{ forloop.counter|ordinal }}\n{% endfor %}'
    + '{{ when|date }} {{ when|date:"l, F" }} {{ big|intcomma }} {{ big|intword }} {{ 3|apnumber }} {{ total|filesizeformat }} '
    + '{{ "fr"|language_name_translated }} {% get_current_language as L %}{{ L }} {{ when|timesince:later }} {% language "en" %}{% translate "Products" %}{% endlanguage %}',
};
/** The project's catalog (Django's layout), which precompile writes into the module. */
const DE_PO = [
  'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '',
  'msgid "Products"', 'msgstr "Produkte"', '',
  'msgid "%(n)s product"', 'msgid_plural "%(n)s products"', 'msgstr[0] "%(n)s Produkt"', 'msgstr[1] "%(n)s Produkte"', '',
].join('\n');

/** The German page: async first (which imports the language's chunk), then sync, then streamed. */
const I18N_APP = `
import { render, renderAsync, renderStream } from '/i18n/bundle.js';
import { context } from '/context.mjs';
const results = { violations: [] };
document.addEventListener('securitypolicyviolation', (e) => results.violations.push(e.violatedDirective));
const ctx = () => ({ ...context(), later: new Date(Date.UTC(2025, 4, 20)) });
try {
  try {
    render('de.html', ctx(), { language: 'de' });
  } catch (e) {
    results.syncFirst = String(e.message);
  }
  results.async = await renderAsync('de.html', ctx(), { language: 'de' });
  results.sync = render('de.html', ctx(), { language: 'de' });
  let streamed = '';
  const reader = renderStream('de.html', ctx(), { language: 'de' }).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) streamed += r.value;
  results.stream = streamed;
  results.english = render('de.html', ctx());
} catch (e) {
  results.error = String(e && e.stack || e);
}
window.results = results;
`;

/** The page's script: each way of rendering into `window.results`, and any policy violation. */
const APP = `
import { render, renderAsync, renderStream } from '/bundle.js';
import { context } from '/context.mjs';
const results = { violations: [] };
document.addEventListener('securitypolicyviolation', (e) => results.violations.push(e.violatedDirective));
try {
  results.sync = render('products.html', context());
  results.async = await renderAsync('products.html', { ...context(), products: Promise.resolve(context().products) });
  let streamed = '';
  const reader = renderStream('products.html', context()).getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) streamed += r.value;
  results.stream = streamed;
} catch (e) {
  results.error = String(e && e.stack || e);
}
window.results = results;
`;

let dir: string;
/** The bundle's chunks besides its entry, and the scripts the page fetched. */
let chunks: string[] = [];
const fetched: string[] = [];
let server: Served;
let browser: Chromium | Error;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reinhardt-precompiled-'));
  writeFileSync(join(dir, 'templates.js'), precompile(templates).code);
  const built = await build({
    entryPoints: { bundle: join(dir, 'templates.js') },
    bundle: true,
    splitting: true,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    alias: { 'reinhardt/runtime': join(here, '../../src/precompiled/runtime.ts') },
    outdir: join(dir, 'out'),
    logLevel: 'silent',
  });
  chunks = Object.keys(built.metafile.outputs).filter((path) => !path.endsWith('bundle.js'));
  // The translating module: catalogs from a LOCALE_PATHS folder, German's locale data as a chunk of its own.
  const locale = join(dir, 'locale');
  mkdirSync(join(locale, 'de', 'LC_MESSAGES'), { recursive: true });
  writeFileSync(join(locale, 'de', 'LC_MESSAGES', 'django.po'), DE_PO);
  writeFileSync(join(dir, 'i18n.js'), precompile(i18nTemplates, { localePaths: [locale], languages: ['de', 'en'] }).code);
  await build({
    entryPoints: { bundle: join(dir, 'i18n.js') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    alias: { 'reinhardt/runtime': join(here, '../../src/precompiled/runtime.ts') },
    plugins: [{
      name: 'locale-data',
      setup(b) {
        b.onResolve({ filter: /^reinhardt\/locale-data\// }, (args) => ({ path: join(here, '../../src/utils/locale-data', `${args.path.slice('reinhardt/locale-data/'.length)}.ts`) }));
      },
    }],
    outdir: join(dir, 'i18n'),
    logLevel: 'silent',
  });
  server = await serve((_req, res, path) => {
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP })
        .end('<!doctype html><meta charset="utf-8"><title>precompiled</title><script type="module" src="/app.js"></script>');
    } else if (path === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP);
    else if (path === '/context.mjs') sendFile(res, join(here, 'context.mjs'));
    else if (path === '/de') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP })
        .end('<!doctype html><meta charset="utf-8"><title>precompiled, German</title><script type="module" src="/i18n-app.js"></script>');
    } else if (path === '/i18n-app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(I18N_APP);
    else if (path.startsWith('/i18n/')) sendFile(res, fileUnder(dir, path));
    else if (path.endsWith('.js')) {
      fetched.push(path);
      sendFile(res, fileUnder(join(dir, 'out'), path));
    }
    else sendFile(res, undefined);
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a precompiled module in Chromium', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    browser = await launchChromium().catch((e: unknown) => e as Error);
  }, 60_000);
  afterAll(async () => {
    if (!(browser instanceof Error)) await browser?.close();
  });

  test("renders under a Content-Security-Policy without 'unsafe-eval' as Node renders it", async () => {
    if (browser instanceof Error) throw browser;
    const tab = await browser.context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    try {
      await tab.goto(server.url);
      await tab.waitForFunction(() => (window as unknown as { results?: unknown }).results !== undefined);
      const got = await tab.evaluate(() => (window as unknown as { results: Record<string, unknown> }).results);
      expect(errors).toEqual([]);
      expect(got.error).toBeUndefined();
      expect(got.violations).toEqual([]);
      const want = new Engine({ templates }).renderToString('products.html', context());
      expect(want).toContain('<h1>ACME &amp; CO | Everything a &lt;shop&gt; needs, …</h1>');
      expect(want).toContain('<li class="odd">2. O&#x27;Brien&#x27;s Gadget: 0.13</li>');
      expect(got.sync).toBe(want);
      expect(got.async).toBe(want);
      expect(got.stream).toBe(want);
      // Async rendering came as a chunk, fetched under the policy.
      expect(chunks.length).toBeGreaterThan(0);
      expect(fetched.length).toBe(1 + chunks.length);
    } finally {
      await tab.close();
    }
  });

  test("renders a translating template in German under the same policy, importing German's locale data when needed, as Node does", async () => {
    if (browser instanceof Error) throw browser;
    const tab = await browser.context.newPage();
    const errors: string[] = [];
    const requested: string[] = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    tab.on('request', (r) => requested.push(new URL(r.url()).pathname));
    try {
      await tab.goto(`${server.url}/de`);
      await tab.waitForFunction(() => (window as unknown as { results?: unknown }).results !== undefined);
      const got = await tab.evaluate(() => (window as unknown as { results: Record<string, unknown> }).results);
      expect(errors).toEqual([]);
      expect(got.error).toBeUndefined();
      expect(got.violations).toEqual([]);
      const engine = new Engine({ templates: i18nTemplates, localePaths: [join(dir, 'locale')] });
      const ctx = { ...context(), later: new Date(Date.UTC(2025, 4, 20)) };
      const want = engine.renderToString('de.html', ctx, { language: 'de' });
      expect(want).toContain('<h1>Produkte</h1>3 Produkte');
      expect(want).toContain('14. März 2025 Freitag, März 1.234.567 1,2 Millionen drei 1,2\u00a0KB Französisch de 2\u00a0Monate');
      expect(got.async).toBe(want);
      expect(got.sync).toBe(want);
      expect(got.stream).toBe(want);
      expect(got.english).toBe(engine.renderToString('de.html', ctx));
      // Before German's data was imported, a synchronous render said how to load it.
      expect(got.syncFirst).toMatch(/locale data for 'de' is not loaded/);
      // German's data is a chunk of its own, fetched by the page when the render needed it.
      const chunks = readdirSync(join(dir, 'i18n')).filter((f) => f !== 'bundle.js');
      const german = chunks.find((f) => readFileSync(join(dir, 'i18n', f), 'utf8').includes('Dezember'));
      expect(german).toBeDefined();
      expect(readFileSync(join(dir, 'i18n', 'bundle.js'), 'utf8')).not.toContain('Dezember');
      expect(requested).toContain(`/i18n/${german}`);
    } finally {
      await tab.close();
    }
  });
});
