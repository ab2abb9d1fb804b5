import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import createApp, { type NextFunction, type Request, type Response } from 'express';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import * as reinhardt from '../index.js';
import { fixtures, urlResolver, PAGE, listen, close, get } from './http-test-support.js';






describe('express', () => {
  let dir: string;
  let server: Server;
  let base: string;
  let view: reinhardt.ExpressViewEngine;
  const errors: unknown[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-express-'));
    cpSync(fixtures, dir, { recursive: true });
    view = reinhardt.express({ urlResolver, debug: true });
    const app = createApp();
    app.engine('html', view);
    app.set('view engine', 'html');
    app.set('views', dir);
    app.locals.site_name = 'Site & Co';
    app.locals.title = 'from app.locals';
    app.use((req: Request, res: Response, next: NextFunction) => {
      res.locals.user = { name: 'ada' };
      res.locals.csrf_token = 'tok-1';
      res.locals.request = req;
      next();
    });
    app.get('/page', (_req, res) => res.render('page', { title: 'hello world', heading: '<b>Hi</b>', items: ['a&b', 'c'] }));
    app.get('/reload', (_req, res) => res.render('reload.html'));
    app.get('/broken', (_req, res) => res.render('broken'));
    app.get('/syntax', (_req, res) => res.render('syntax'));
    app.use((err: unknown, _req: Request, _res: Response, next: NextFunction) => {
      errors.push(err);
      next(err); // on to Express's own error page
    });
    server = app.listen(0, '127.0.0.1');
    base = await listen(server);
  });

  afterAll(async () => {
    await close(server);
    rmSync(dir, { recursive: true, force: true });
  });

  test('res.render: inheritance, include, filters, escaping, locals, querystring, csrf_token, url', async () => {
    const res = await get(`${base}/page?q=x&page=1`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(PAGE);
  });

  test("Express's own keys are not in the context", async () => {
    const html = await view(join(dir, 'page.html'), {
      settings: { views: dir },
      _locals: { x: 1 },
      cache: false,
      title: 't',
      request: { GET: new URLSearchParams() },
    });
    expect(html).toContain('<title>T | Site</title>');
    const render = vi.spyOn(reinhardt.Template.prototype, 'renderAsync');
    try {
      await view(join(dir, 'page.html'), { settings: {}, _locals: {}, cache: true, title: 't', request: { GET: {} } });
      expect(Object.keys(render.mock.calls[0]![0] as object).sort()).toEqual(['request', 'title']);
    } finally {
      render.mockRestore();
    }
  });

  test('the engine is made once: two requests get the same compiled template', async () => {
    const spy = vi.spyOn(view.engine, 'getTemplate');
    try {
      await get(`${base}/page`);
      await get(`${base}/page`);
      // extends and include ask for base.html and _nav.html too.
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
  });

  test("a render error reaches Express's error handler with its position", async () => {
    const res = await get(`${base}/broken`);
    expect(res.status).toBe(500);
    const page = res.body.replace(/&nbsp;/g, ' ');
    expect(page).toContain('NoReverseMatch');
    expect(page).toContain(`in template ${join(dir, 'broken.html')}, line 3, column 4`);
    const err = errors.at(-1) as reinhardt.TemplateError;
    expect(err.name).toBe('NoReverseMatch');
    expect(err.templateName).toBe(join(dir, 'broken.html'));
    expect([err.line, err.column]).toEqual([3, 4]);
    expect(err.stack).toContain('3 | <p>{% url "missing" %}</p>');
  });

  test('a syntax error too', async () => {
    const res = await get(`${base}/syntax`);
    expect(res.status).toBe(500);
    const err = errors.at(-1) as reinhardt.TemplateSyntaxError;
    expect(err).toBeInstanceOf(reinhardt.TemplateSyntaxError);
    expect([err.templateName, err.line, err.column]).toEqual([join(dir, 'syntax.html'), 2, 4]);
    expect(err.excerpt).toContain('2 | <p>{% if %}two{% endif %}</p>');
  });
});

describe('express view engine called as consolidate does: (path, options, callback)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reinhardt-cons-'));
    cpSync(fixtures, join(dir, 'templates'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'child.html'), '{% extends "parent.html" %}{% block b %}child {{ x }}{% endblock %}');
    writeFileSync(join(dir, 'elsewhere', 'parent.html'), '[{% block b %}{% endblock %}]');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('with a callback, names relative to dirs', async () => {
    const view = reinhardt.express({ dirs: [join(dir, 'templates')], urlResolver });
    const html = await new Promise((resolve, reject) =>
      view(join(dir, 'templates', 'page.html'), { title: 'a', request: { GET: new URLSearchParams('page=1') } }, (err, out) =>
        err ? reject(err) : resolve(out),
      ),
    );
    expect(html).toContain('<title>A | Site</title>');
    expect(html).toContain('<a href="?page=2">next</a>');
  });

  test('an error goes to the callback, once', async () => {
    const view = reinhardt.express({ dirs: [join(dir, 'templates')] });
    const calls: unknown[][] = [];
    await new Promise<void>((resolve) => view(join(dir, 'templates', 'syntax.html'), {}, (...args) => {
      calls.push(args);
      resolve();
    }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBeInstanceOf(reinhardt.TemplateSyntaxError);
    await expect(view(join(dir, 'templates', 'missing.html'))).rejects.toBeInstanceOf(reinhardt.TemplateDoesNotExist);
  });

  test("Express's views as a list of folders", async () => {
    const view = reinhardt.express({});
    const settings = { views: [join(dir, 'elsewhere'), join(dir, 'templates')] };
    expect(await view(join(dir, 'elsewhere', 'child.html'), { settings, x: 1 })).toBe('[child 1]');
    writeFileSync(join(dir, 'templates', 'uses_parent.html'), '{% include "parent.html" %}|{% include "_nav.html" %}');
    const view2 = reinhardt.express({ urlResolver });
    expect(await view2(join(dir, 'templates', 'uses_parent.html'), { settings })).toBe(
      '[]|<nav><a href="/">Home</a> <a href="/articles/2024/hello-world/">Article</a></nav>\n',
    );
  });

  test('a file outside every folder: its siblings are found', async () => {
    const view = reinhardt.express({});
    expect(await view(join(dir, 'elsewhere', 'child.html'), { x: '<1>' })).toBe('[child &lt;1&gt;]');
  });
});
