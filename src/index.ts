/**
 * reinhardt: the Django template language for TypeScript and JavaScript.
 * The public surface for Node; `reinhardt/browser` (browser.ts) is the
 * same without what needs Node.
 */
import { DjangoEngine } from './django-engine.js';
import type { EngineOptions } from './engine.js';
import { FileSystemLoader } from './loaders/filesystem.js';

export * from './api.js';

/** A template engine with Django's built-in tags and filters; `dirs` are read from disk. */
export class Engine extends DjangoEngine {
  constructor(given: EngineOptions = {}) {
    super(given, (dirs, debug) => new FileSystemLoader(dirs, 'utf8', { versions: debug }));
  }
}

export { FileSystemLoader } from './loaders/filesystem.js';
export { precompile, PrecompileError, type PrecompileOptions, type PrecompiledModule } from './precompiled/precompile.js';
export { express, type ExpressOptions, type ExpressViewEngine } from './integrations/express.js';
export { koa, type KoaOptions, type KoaMiddleware, type KoaRender, type KoaRenderAsync, type KoaRenderStream } from './integrations/koa.js';
export { fastify, type FastifyOptions, type FastifyPlugin, type FastifyReplyView, type FastifyView } from './integrations/fastify.js';
