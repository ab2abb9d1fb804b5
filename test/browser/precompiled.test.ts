/**
 * A precompiled module in a real headless Chromium, on a page whose
 * Content-Security-Policy has no 'unsafe-eval': the module (made by
 * `precompile`) and reinhardt/runtime, bundled by esbuild for the browser,
 * render a template with inheritance, includes and filters, synchronously,
 * asynchronously and streamed; the output must be the Node engine's render
 * of the same templates, byte for byte, and the page must see no policy
 * violation. Bundled with code splitting, as a page's bundler splits it:
 * async rendering is a chunk of its own, which the page fetches on its first
 * async render.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  server = await serve((_req, res, path) => {
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STRICT_CSP })
        .end('<!doctype html><meta charset="utf-8"><title>precompiled</title><script type="module" src="/app.js"></script>');
    } else if (path === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(APP);
    else if (path === '/context.mjs') sendFile(res, join(here, 'context.mjs'));
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
});
