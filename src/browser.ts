/**
 * reinhardt/browser: the whole engine (lexer, parser, compiler) with no
 * Node built-in in its imports, for templates known only at run time in a
 * page. Templates come from memory (`templates`) or over HTTP
 * (`FetchLoader`, through the async path: `renderToStringAsync`,
 * `getTemplateAsync`, `preload`). Templates compile with `new Function`:
 * the page's Content-Security-Policy must allow 'unsafe-eval'.
 */
import { DjangoEngine } from './django-engine.js';
import type { EngineOptions } from './engine.js';

export * from './api.js';

/** A template engine with Django's built-in tags and filters; `dirs` is Node's only. */
export class Engine extends DjangoEngine {
  constructor(given: EngineOptions = {}) {
    super(given);
  }
}
