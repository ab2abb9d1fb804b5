import { afterEach, expect, test } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

const here = fileURLToPath(new URL('.', import.meta.url));
let out: string;
afterEach(() => rmSync(out, { recursive: true, force: true }));

test('the README command renders the example site', async () => {
  out = mkdtempSync(join(tmpdir(), 'reinhardt-static-site-'));
  const stdout = { text: '', write: (t: string) => (stdout.text += t) };
  const stderr = { text: '', write: (t: string) => (stderr.text += t) };
  const code = await main(['render', join(here, 'templates'), '--data', join(here, 'data.mjs'), '--out', out], { stdout, stderr });
  expect(stderr.text).toBe('');
  expect(code).toBe(0);
  expect(stdout.text).toMatch(/^rendered 5 pages into /);

  const read = (name: string) => readFileSync(join(out, name), 'utf8');
  expect(readdirSync(out, { recursive: true }).map(String).sort()).toEqual([
    'about.html',
    'blog',
    'blog/first-steps.html',
    'blog/index.html',
    'blog/on-templates.html',
    'index.html',
  ]);
  expect(existsSync(join(out, '_draft.html'))).toBe(false);

  const home = read('index.html');
  expect(home).toContain('<title>Field Notes: Small notes, rendered once.</title>');
  expect(home).toContain('<a href="/" aria-current="page">Home</a>');
  // Newest first, the title escaped, the date formatted.
  expect(home.indexOf('on-templates')).toBeLessThan(home.indexOf('first-steps'));
  expect(home).toContain('<a href="/blog/on-templates.html">On &lt;templates&gt; &amp; &quot;escaping&quot;</a>');
  expect(home).toContain('<time>Apr 18, 2025</time>');

  const post = read('blog/on-templates.html');
  expect(post).toContain('<title>On &lt;templates&gt; &amp; &quot;escaping&quot; | Field Notes</title>');
  expect(post).toContain('<a href="/blog/" aria-current="page">Blog</a>');
  expect(post).toContain('<p class="meta">18 April 2025 &middot; django, templates</p>');
  expect(post).toContain('<p>lorem ipsum&hellip; 17 words of summary.</p>');
  expect(read('about.html')).toContain('2 posts so far.');
  expect(read('blog/index.html')).toContain('<h1>All posts</h1>');
});
