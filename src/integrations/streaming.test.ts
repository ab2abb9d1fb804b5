import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import expressApp from 'express';
import Koa from 'koa';
import Fastify from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import * as reinhardt from '../index.js';

const views = join(dirname(fileURLToPath(import.meta.url)), 'templates-stream');
const HEAD = '<head>H</head><body>';
const WHOLE = `${HEAD}<h1>T</h1><p>slow &amp; done</p></body>`;

/** A value the test releases: the page's slow part. */
function gate(): { promise: Promise<string>; release(): void } {
  let release!: () => void;
  const promise = new Promise<string>((resolve) => (release = () => resolve('slow & done')));
  return { promise, release };
}

/**
 * Fetch a streamed page: the text received before the slow value is
 * released, then the whole body.
 */
async function fetchStreamed(url: string, release: () => void): Promise<{ first: string; whole: string; type: string | null }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let first = '';
  while (!first.includes('<body>')) {
    const { value, done } = await reader.read();
    if (done) break;
    first += decoder.decode(value, { stream: true });
  }
  release();
  let whole = first;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    whole += decoder.decode(value, { stream: true });
  }
  return { first, whole, type: res.headers.get('content-type') };
}

const servers: { close(): unknown }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once('listening', resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('streaming through the frameworks: the head goes out before the slow part', () => {
  test('Express: engine.stream(res, name, locals)', async () => {
    const view = reinhardt.express({});
    const app = expressApp();
    app.engine('html', view);
    app.set('view engine', 'html');
    app.set('views', views);
    let g = gate();
    app.get('/', (_req, res, next) => view.stream(res, 'page', { title: 'T', slow: g.promise }).catch(next));
    const server = app.listen(0, '127.0.0.1');
    servers.push({ close: () => new Promise((r) => server.close(r)) });
    const got = await fetchStreamed(`${await listen(server)}/`, () => g.release());
    expect(got.first.startsWith(HEAD)).toBe(true);
    expect(got.first).not.toContain('slow');
    expect(got.whole).toBe(WHOLE);
    expect(got.type).toMatch(/^text\/html/);
    g = gate();
  });

  test('Koa: ctx.renderStream(name, locals)', async () => {
    const app = new Koa();
    const g = gate();
    app.use(reinhardt.koa({ dirs: [views], extension: 'html' }) as unknown as Koa.Middleware);
    app.use(async (ctx) => {
      await (ctx as unknown as { renderStream: reinhardt.KoaRenderStream }).renderStream('page', { title: 'T', slow: g.promise });
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push({ close: () => new Promise((r) => server.close(r)) });
    const got = await fetchStreamed(`${await listen(server)}/`, g.release);
    expect(got.first.startsWith(HEAD)).toBe(true);
    expect(got.whole).toBe(WHOLE);
    expect(got.type).toMatch(/^text\/html/);
  });

  test('Fastify: reply.viewStream(name, locals)', async () => {
    const app = Fastify();
    const g = gate();
    await app.register(reinhardt.fastify({ dirs: [views], extension: 'html' }) as never);
    app.get('/', (_req, reply) => (reply as unknown as { viewStream(n: string, l: object): Promise<unknown> }).viewStream('page', { title: 'T', slow: g.promise }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    servers.push(app);
    const got = await fetchStreamed(url, g.release);
    expect(got.first.startsWith(HEAD)).toBe(true);
    expect(got.whole).toBe(WHOLE);
    expect(got.type).toMatch(/^text\/html/);
  });

  test('async locals in the non-streaming renders', async () => {
    const view = reinhardt.express({ dirs: [views] });
    expect(await view(join(views, 'page.html'), { title: Promise.resolve('T'), slow: Promise.resolve('slow & done') })).toBe(WHOLE);
  });
});

describe('the locale of a request', () => {
  test('Koa and Fastify render in the language the locale option gives', async () => {
    const app = new Koa();
    app.use(reinhardt.koa({ templates: { 'n.html': '{{ x }}' }, locale: (ctx) => ({ language: (ctx as Koa.Context).query.lang as string }) }) as unknown as Koa.Middleware);
    app.use((ctx) => {
      (ctx as unknown as { render: reinhardt.KoaRender }).render('n.html', { x: 1.5 });
    });
    const server = app.listen(0, '127.0.0.1');
    servers.push({ close: () => new Promise((r) => server.close(r)) });
    const base = await listen(server);
    expect(await (await fetch(`${base}/?lang=de`)).text()).toBe('1,5');
    expect(await (await fetch(`${base}/?lang=en`)).text()).toBe('1.5');

    const fastifyApp = Fastify();
    await fastifyApp.register(reinhardt.fastify({ templates: { 'n.html': '{{ x }}' }, locale: () => ({ language: 'fr' }) }) as never);
    fastifyApp.get('/', (_req, reply) => (reply as unknown as { view(n: string, l: object): unknown }).view('n.html', { x: 2.5 }));
    const url = await fastifyApp.listen({ port: 0, host: '127.0.0.1' });
    servers.push(fastifyApp);
    expect(await (await fetch(url)).text()).toBe('2,5');
  });
});
