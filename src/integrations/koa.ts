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
import { djangoRequest, withExtension } from './common.js';

export interface KoaOptions extends EngineOptions {
  /** Added to a name without one: with `'html'`, `ctx.render('page')` renders `page.html`. */
  extension?: string;
}

/** What `ctx.render` does: render, set `ctx.body` and `ctx.type`, and return the HTML. */
export type KoaRender = (name: string | readonly string[], locals?: Record<string, unknown>) => string;

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
  const { extension, ...engineOptions } = options;
  const engine = new Engine(engineOptions);

  function middleware(ctx: KoaContextLike, next: () => Promise<unknown>): Promise<unknown> {
    const render: KoaRender = (name, locals) => {
      const context = { ...ctx.state, ...locals };
      const request = djangoRequest(context.request ?? ctx);
      const fullName = withExtension(name, extension);
      const html = engine.renderToString(fullName, context, { request });
      ctx.type = 'html';
      ctx.body = html;
      return html;
    };
    (ctx as KoaContextLike & { render: KoaRender }).render = render;
    return next();
  }

  return Object.assign(middleware as KoaMiddleware, { engine });
}
