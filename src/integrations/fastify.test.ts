import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as reinhardt from '../index.js';
import { fixtures, urlResolver, PAGE, get } from './http-test-support.js';

// How a TypeScript application tells Fastify's types about the decorations.
declare module 'fastify' {
  interface FastifyReply {
    view: reinhardt.FastifyReplyView;
    locals: Record<string, unknown>;
  }
  interface FastifyInstance {
    view: reinhardt.FastifyView;
  }
}




describe('fastify', () => {
  let dir: string;
  let app: FastifyInstance;
  let base: string;
  let plugin: reinhardt.FastifyPlugin;
  const errors: unknown[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-fastify-'));
    cpSync(fixtures, dir, { recursive: true });
    plugin = reinhardt.fastify({ dirs: [dir], extension: 'html', urlResolver, debug: true });
    app = Fastify();
    await app.register(plugin);
    app.addHook('preHandler', async (_request, reply) => {
      reply.locals.site_name = 'Site & Co';
      reply.locals.title = 'from reply.locals';
      reply.locals.user = { name: 'ada' };
      reply.locals.csrf_token = 'tok-1';
    });
    app.addHook('onError', async (_request, _reply, err) => {
      errors.push(err);
    });
    app.get('/page', (_request, reply) => reply.view('page', { title: 'hello world', heading: '<b>Hi</b>', items: ['a&b', 'c'] }));
    app.get('/async', async (_request, reply) => reply.view('reload'));
    app.get('/:name', (request, reply) => reply.view((request.params as { name: string }).name));
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('reply.view: inheritance, include, filters, escaping, locals, querystring, csrf_token, url', async () => {
    const res = await get(`${base}/page?q=x&page=1`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(PAGE);
  });

  test('fastify.view renders to a string', () => {
    const html = app.view('page', {
      title: 'hello world', heading: '<b>Hi</b>', items: ['a&b', 'c'], site_name: 'Site & Co', user: { name: 'ada' },
      csrf_token: 'tok-1', request: { GET: new URLSearchParams('q=x') },
    });
    expect(html).toBe(PAGE);
  });

  test('the engine is made once: two requests get the same compiled template', async () => {
    const spy = vi.spyOn(plugin.engine, 'getTemplate');
    try {
      await get(`${base}/page`);
      await get(`${base}/page`);
      const pages = spy.mock.results.filter((_r, i) => spy.mock.calls[i]![0] === 'page.html').map((r) => r.value);
      expect(pages).toHaveLength(2);
      expect(pages[0]).toBeInstanceOf(reinhardt.Template);
      expect(pages[0]).toBe(pages[1]);
    } finally {
      spy.mockRestore();
    }
  });

  test('debug: a changed file is reloaded', async () => {
    const file = join(dir, 'reload.html');
    writeFileSync(file, 'one {{ site_name }}');
    expect((await get(`${base}/reload`)).body).toBe('one Site &amp; Co');
    writeFileSync(file, 'two');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect((await get(`${base}/reload`)).body).toBe('two');
    expect((await get(`${base}/async`)).body).toBe('two');
  });

  test("a template error goes to Fastify's error handler with its position", async () => {
    const res = await get(`${base}/broken`);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body).message).toContain("Reverse for 'missing' not found");
    const err = errors.at(-1) as reinhardt.TemplateError;
    expect(err.name).toBe('NoReverseMatch');
    expect([err.templateName, err.line, err.column]).toEqual([join(dir, 'broken.html'), 3, 4]);
    expect(err.stack).toContain('3 | <p>{% url "missing" %}</p>');

    expect((await get(`${base}/syntax`)).status).toBe(500);
    const syntax = errors.at(-1) as reinhardt.TemplateSyntaxError;
    expect(syntax).toBeInstanceOf(reinhardt.TemplateSyntaxError);
    expect([syntax.line, syntax.column]).toEqual([2, 4]);
  });
});
