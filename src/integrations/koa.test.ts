import { cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as reinhardt from '../index.js';
import { fixtures, urlResolver, PAGE, listen, close, get } from './http-test-support.js';

// How a TypeScript application tells Koa's types about ctx.render.
declare module 'koa' {
  interface DefaultContext {
    render: reinhardt.KoaRender;
  }
}






describe('koa', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let middleware: reinhardt.KoaMiddleware;
  const errors: unknown[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-koa-'));
    cpSync(fixtures, dir, { recursive: true });
    middleware = reinhardt.koa({ dirs: [dir], extension: 'html', urlResolver, debug: true });
    const app = new Koa();
    app.on('error', (err) => errors.push(err));
    app.use(middleware);
    app.use(async (ctx, next) => {
      ctx.state.site_name = 'Site & Co';
      ctx.state.title = 'from ctx.state';
      ctx.state.user = { name: 'ada' };
      ctx.state.csrf_token = 'tok-1';
      await next();
    });
    app.use((ctx) => {
      if (ctx.path === '/page') ctx.render('page', { title: 'hello world', heading: '<b>Hi</b>', items: ['a&b', 'c'] });
      else if (ctx.path === '/fallback') ctx.render(['missing.html', 'reload.html']);
      else if (ctx.path !== '/favicon.ico') ctx.render(ctx.path.slice(1));
    });
    server = app.listen(0, '127.0.0.1');
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  test('ctx.render: inheritance, include, filters, escaping, state, querystring, csrf_token, url', async () => {
    const res = await get(`${base}/page?q=x&page=1`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(PAGE);
  });

  test('the engine is made once: two requests get the same compiled template', async () => {
    const spy = vi.spyOn(middleware.engine, 'getTemplate');
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

  test('debug: a changed file is reloaded; a list of names is select_template', async () => {
    const file = join(dir, 'reload.html');
    writeFileSync(file, 'one {{ site_name }}');
    expect((await get(`${base}/reload`)).body).toBe('one Site &amp; Co');
    writeFileSync(file, 'two');
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect((await get(`${base}/reload`)).body).toBe('two');
    expect((await get(`${base}/fallback`)).body).toBe('two');
  });

  test('a template error gives a 500 and reaches the app with its position', async () => {
    const res = await get(`${base}/broken`);
    expect(res.status).toBe(500);
    const err = errors.at(-1) as reinhardt.TemplateError;
    expect(err.name).toBe('NoReverseMatch');
    expect([err.templateName, err.line, err.column]).toEqual([join(dir, 'broken.html'), 3, 4]);
    expect(err.stack).toContain(`in template ${join(dir, 'broken.html')}, line 3, column 4`);

    expect((await get(`${base}/syntax`)).status).toBe(500);
    const syntax = errors.at(-1) as reinhardt.TemplateSyntaxError;
    expect(syntax).toBeInstanceOf(reinhardt.TemplateSyntaxError);
    expect([syntax.line, syntax.column]).toEqual([2, 4]);
  });
});
