/**
 * A Koa middleware giving `ctx.render(name, locals?)`:
 *
 *     app.use(reinhardt.koa({ dirs: ['templates'], extension: 'html' }));
 *     app.use((ctx) => ctx.render('page', { title: 'Hi' }));
 *
 * The context is `ctx.state` with the locals over it; the HTML becomes
 * `ctx.body` with `ctx.type = 'html'`, and the request's query string is what
 * `{% querystring %}` reads.
 */
import { Engine } from '../index.js';
import type { EngineOptions } from '../engine.js';
import { nodeReadable, renderOptionsFor, withExtension, type LocaleOf } from './common.js';

export interface KoaOptions extends EngineOptions {
  /** Added to a name without one: with `'html'`, `ctx.render('page')` renders `page.html`. */
  extension?: string;
  /** The render's language and time zone for a request (given Koa's `ctx`). */
  locale?: LocaleOf;
}

/** What `ctx.render` does: render, set `ctx.body` and `ctx.type`, and return the HTML. */
export type KoaRender = (name: string | readonly string[], locals?: Record<string, unknown>) => string;
/** `ctx.renderAsync(name, locals?)`: awaits Promises, async functions and async iterables in the context. */
export type KoaRenderAsync = (name: string | readonly string[], locals?: Record<string, unknown>) => Promise<string>;
/** `ctx.renderStream(name, locals?)`: the page streamed as the body, sent as its data arrives. */
export type KoaRenderStream = (name: string | readonly string[], locals?: Record<string, unknown>) => Promise<void>;

/** The part of Koa's context the middleware uses. */
export interface KoaContextLike {
  state: Record<string, unknown>;
  body: unknown;
  type: string;
  url: string;
  originalUrl?: string;
  method: string;
}

export interface KoaMiddleware {
  (ctx: KoaContextLike, next: () => Promise<unknown>): Promise<unknown>;
  /** The engine behind it (made once): for `renderToString` outside a request, or `clearCache()`. */
  readonly engine: Engine;
}

/**
 * A Koa middleware backed by one Engine (made here, once). Per request,
 * `ctx.state.csrf_token` (or a local of that name) is what `{% csrf_token %}`
 * prints, and a `request` local with `GET` replaces the one made from `ctx`.
 */
export function koa(options: KoaOptions = {}): KoaMiddleware {
  const { extension, locale, ...engineOptions } = options;
  const engine = new Engine(engineOptions);

  function middleware(ctx: KoaContextLike, next: () => Promise<unknown>): Promise<unknown> {
    const prepare = (name: string | readonly string[], locals?: Record<string, unknown>) => {
      const context = { ...ctx.state, ...locals };
      return { context, options: renderOptionsFor(context.request ?? ctx, ctx, locale), fullName: withExtension(name, extension) };
    };
    const render: KoaRender = (name, locals) => {
      const { context, options, fullName } = prepare(name, locals);
      const html = engine.renderToString(fullName, context, options);
      ctx.type = 'html';
      ctx.body = html;
      return html;
    };
    const renderAsync: KoaRenderAsync = async (name, locals) => {
      const { context, options, fullName } = prepare(name, locals);
      const html = await engine.renderToStringAsync(fullName, context, options);
      ctx.type = 'html';
      ctx.body = html;
      return html;
    };
    const renderStream: KoaRenderStream = async (name, locals) => {
      const { context, options, fullName } = prepare(name, locals);
      const template = typeof fullName === 'string' ? engine.getTemplate(fullName) : engine.selectTemplate(fullName);
      ctx.type = 'html';
      ctx.body = await nodeReadable(template.renderStream(context, options));
    };
    Object.assign(ctx, { render, renderAsync, renderStream });
    return next();
  }

  return Object.assign(middleware as KoaMiddleware, { engine });
}
