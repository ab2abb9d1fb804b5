/**
 * A Fastify plugin giving `reply.view(name, locals?)`:
 *
 *     app.register(reinhardt.fastify({ dirs: ['templates'], extension: 'html' }));
 *     app.get('/', (req, reply) => reply.view('page', { title: 'Hi' }));
 *
 * Our own plugin rather than an engine for `@fastify/view`: that plugin only
 * takes the engines it names (`ejs`, `nunjucks`, ...) and reads template files
 * itself, so ours would have to pose as one of them and lose its loaders and
 * cache. The API follows `@fastify/view`'s: `reply.view()` sends the page
 * (an error goes to Fastify's error handler), `reply.locals` is merged under
 * the render's locals, and `fastify.view()` renders to a string.
 */
import { Engine } from '../index.js';
import type { EngineOptions } from '../engine.js';
import { nodeReadable, renderOptionsFor, withExtension, type LocaleOf } from './common.js';

export interface FastifyOptions extends EngineOptions {
  /** Added to a name without one: with `'html'`, `reply.view('page')` renders `page.html`. */
  extension?: string;
  /** The name of the decorators (default `view`), to sit beside `@fastify/view`. */
  propertyName?: string;
  /** The `Content-Type` of a page (when the reply has none yet). */
  contentType?: string;
  /** The render's language and time zone for a request (given Fastify's request). */
  locale?: LocaleOf;
}

type Locals = Record<string, unknown>;

/** `reply.view(name, locals?)`: renders and sends the page; returns the reply. */
export type FastifyReplyView = (name: string | readonly string[], locals?: Locals) => unknown;

/** `fastify.view(name, locals?)`: the HTML, outside a request (a `request` local serves `{% querystring %}`). */
export type FastifyView = (name: string | readonly string[], locals?: Locals) => string;

/** The part of Fastify's reply the plugin uses. */
interface ReplyLike {
  request: unknown;
  locals?: Locals | null;
  getHeader(name: string): unknown;
  header(name: string, value: string): unknown;
  send(payload: unknown): unknown;
}

/** The part of a Fastify instance the plugin uses. */
export interface FastifyInstanceLike {
  decorate(name: string, value: unknown): unknown;
  decorateReply(name: string, value: unknown): unknown;
  hasReplyDecorator(name: string): boolean;
  addHook(name: 'onRequest', hook: (request: unknown, reply: { locals?: Locals | null }, done: () => void) => void): unknown;
}

export interface FastifyPlugin {
  (instance: FastifyInstanceLike, opts: unknown, done: (err?: Error) => void): void;
  /** The engine behind it (made once): for `renderToString` outside a request, or `clearCache()`. */
  readonly engine: Engine;
}

/**
 * A Fastify plugin backed by one Engine (made here, once), for
 * `app.register(...)`. Decorations are not encapsulated (as with
 * `fastify-plugin`): every route of the instance can `reply.view()`.
 *
 * Per request: `csrf_token` in the locals (or `reply.locals`) is what
 * `{% csrf_token %}` prints; `{% querystring %}` reads the request's query
 * string, unless a `request` local with `GET` replaces it.
 */
export function fastify(options: FastifyOptions = {}): FastifyPlugin {
  const { extension, propertyName = 'view', contentType = 'text/html; charset=utf-8', locale, ...engineOptions } = options;
  const engine = new Engine(engineOptions);

  function render(name: string | readonly string[], context: Locals, request: unknown): string {
    return engine.renderToString(withExtension(name, extension), context, renderOptionsFor(context.request ?? request, request, locale));
  }

  /** Send a page (HTML, or a stream of it), or the error that stopped it, to Fastify's error handler. */
  function sendPage(reply: ReplyLike, page: () => unknown): ReplyLike {
    let body: unknown;
    try {
      body = page();
    } catch (e) {
      reply.send(e);
      return reply;
    }
    if (!reply.getHeader('content-type')) reply.header('content-type', contentType);
    reply.send(body);
    return reply;
  }

  function view(this: ReplyLike, name: string | readonly string[], locals?: Locals): ReplyLike {
    return sendPage(this, () => render(name, { ...this.locals, ...locals }, this.request));
  }

  /** `reply.viewAsync(name, locals?)`: awaits Promises and async functions in the context, then sends. */
  async function viewAsync(this: ReplyLike, name: string | readonly string[], locals?: Locals): Promise<ReplyLike> {
    const context = { ...this.locals, ...locals };
    let html: string;
    try {
      html = await engine.renderToStringAsync(withExtension(name, extension), context, renderOptionsFor(context.request ?? this.request, this.request, locale));
    } catch (e) {
      this.send(e);
      return this;
    }
    return sendPage(this, () => html);
  }

  /** `reply.viewStream(name, locals?)`: sends the page as a stream, as its data arrives. */
  async function viewStream(this: ReplyLike, name: string | readonly string[], locals?: Locals): Promise<ReplyLike> {
    const context = { ...this.locals, ...locals };
    const fullName = withExtension(name, extension);
    const template = typeof fullName === 'string' ? engine.getTemplate(fullName) : engine.selectTemplate(fullName);
    if (!this.getHeader('content-type')) this.header('content-type', contentType);
    this.send(await nodeReadable(template.renderStream(context, renderOptionsFor(context.request ?? this.request, this.request, locale))));
    return this;
  }

  function plugin(instance: FastifyInstanceLike, _opts: unknown, done: (err?: Error) => void): void {
    const renderToString: FastifyView = (name, locals = {}) => render(name, locals, undefined);
    instance.decorate(propertyName, renderToString);
    instance.decorateReply(propertyName, view);
    instance.decorateReply(`${propertyName}Async`, viewAsync);
    instance.decorateReply(`${propertyName}Stream`, viewStream);
    if (!instance.hasReplyDecorator('locals')) {
      instance.decorateReply('locals', null);
      instance.addHook('onRequest', (_request, reply, next) => {
        reply.locals = {};
        next();
      });
    }
    done();
  }

  // What fastify-plugin sets: decorate the instance registering us, not a child.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: 'reinhardt',
  });
  return Object.assign(plugin as FastifyPlugin, { engine });
}
