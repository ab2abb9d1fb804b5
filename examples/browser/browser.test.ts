/**
 * The browser example as a user runs it: `start()` is what
 * `npm run example:browser` runs (bundle, then serve); the page is opened in
 * headless Chromium, and what it rendered must be the Node render of the
 * same templates with the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Engine } from 'reinhardt';
import { launchChromium, type Chromium } from '../../test/browser/chromium.js';
import { data } from './data.mjs';
import { CSP, start } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let bundleDir: string;
let server: Server;
let url: string;
let browser: Chromium | Error;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'reinhardt-example-'));
  ({ server, url } = await start({ port: 0, bundleDir }));
  setTimeout(() => server.close(), 120_000).unref();
  // Kept to throw in the test: without Chromium it fails rather than being skipped.
  browser = await launchChromium().catch((e: unknown) => e as Error);
}, 120_000);

afterAll(async () => {
  if (!(browser instanceof Error)) await browser?.close();
  server?.closeAllConnections();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

test('the page renders its templates in Chromium as Node renders them, and the playground compiles as you type', { timeout: 60_000 }, async () => {
  if (browser instanceof Error) throw browser;
  const tab = await browser.context.newPage();
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(String(e)));
  try {
    const response = await tab.goto(url);
    expect(response?.headers()['content-security-policy']).toBe(CSP);
    await tab.waitForFunction(() => typeof (window as unknown as { rendered?: string }).rendered === 'string');
    const rendered = await tab.evaluate(() => (window as unknown as { rendered: string }).rendered);
    const node = new Engine({ dirs: [join(here, 'templates')] }).renderToString('articles.html', data());
    expect(rendered).toBe(node);
    expect(rendered).toContain('<h1>The Reinhardt Times: 2 articles</h1>');
    expect(rendered).toContain('<h2>Escaping &lt;B&gt;By&lt;/B&gt; Default</h2>');
    expect(await tab.textContent('#page h2')).toBe('Django Templates In The Browser');

    expect(await tab.textContent('#preview')).toBe('1. DJANGO TEMPLATES IN THE BROWSER, 2. ESCAPING &lt;B&gt;BY&lt;/B&gt; DEFAULT');
    await tab.fill('#source', 'ok\n{{ site|nope }}');
    expect(await tab.textContent('#preview')).toBe("TemplateSyntaxError (line 2, column 1): Template: playground, Invalid filter: 'nope'");
    await tab.fill('#source', '{{ site|lower }}');
    expect(await tab.textContent('#preview')).toBe('the reinhardt times');
    expect(errors).toEqual([]);
  } finally {
    await tab.close();
  }
});
