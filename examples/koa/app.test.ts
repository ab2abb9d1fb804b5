import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { app } from './app.mjs';

let server: Server;
let base: string;

beforeAll(async () => {
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const request = (path: string, init: RequestInit = {}) => fetch(base + path, { ...init, signal: AbortSignal.timeout(5000) });

test('the home page: base, page and include, with escaping, querystring and csrf_token', async () => {
  const res = await request('/?sort=title&x=1');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await res.text();
  expect(html).toContain('<title>The Reinhardt Times</title>');
  expect(html).toContain('<h2><a href="/articles/django-templates-in-node">Django Templates In Node</a></h2>');
  expect(html).toContain('<h2><a href="/articles/escaping-by-default">Escaping &lt;B&gt;By&lt;/B&gt; Default</a></h2>');
  expect(html).toContain("<p>Autoescaping means a reader&#x27;s &lt;script&gt; stays text.</p>");
  expect(html).toContain('<small>March 14, 2025</small>');
  expect(html.indexOf('Django Templates')).toBeLessThan(html.indexOf('Escaping'));
  expect(html).toContain('<a href="?sort=title&amp;x=1">by title</a> · <a href="?x=1">newest first</a>');
  expect(html).toMatch(/<input type="hidden" name="csrfmiddlewaretoken" value="[0-9a-f]{32}">/);
});

test('an article page, a 404, and a form posted with its csrf token', async () => {
  const article = await (await request('/articles/escaping-by-default')).text();
  expect(article).toContain('<title>Escaping &lt;B&gt;By&lt;/B&gt; Default | The Reinhardt Times</title>');
  expect(article).toContain('<p>Mark only what you trust as safe.</p>');
  expect((await request('/articles/nope')).status).toBe(404);

  const home = await (await request('/')).text();
  const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(home)![1]!;
  const post = (body: string) =>
    request('/subscribe', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const ok = await post(`csrfmiddlewaretoken=${token}&email=${encodeURIComponent('ada@example.com')}`);
  expect(ok.status).toBe(200);
  expect(await ok.text()).toContain('<p>Thank you, ada@example.com: you are subscribed.</p>');
  expect((await post('csrfmiddlewaretoken=wrong&email=x')).status).toBe(403);
});
