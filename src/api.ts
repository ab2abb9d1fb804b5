/**
 * The public surface both entry points share (`reinhardt` for Node and
 * `reinhardt/browser`): everything but their `Engine` and what only Node
 * has. Nothing here may import a Node built-in.
 */
export { djangoLibraries, builtinLibrary } from './django-engine.js';
export type { EngineOptions, UrlResolver, CacheStore } from './engine.js';
export { MemoryCacheStore, makeTemplateFragmentKey } from '../libraries/cache.js';
export { Template, PartialTemplate, type RenderOptions } from './template.js';
export { Context, RenderContext, type ContextValues, type RenderLocale } from './runtime/context.js';
export { Library, type FilterFunction, type FilterOptions, type TagCompileFunction } from './library.js';
export { SafeString, markSafe, isSafe } from './runtime/safestring.js';
export { escape, conditionalEscape, formatHtml } from './runtime/escape.js';
export { pyStr, pyRepr } from './runtime/pyrepr.js';
export { plainDate, plainTime, type PlainDate, type PlainTime } from './runtime/plaindate.js';
export { pyError } from './errors.js';
export {
  TemplateError,
  NoReverseMatch,
  TemplateLimitError,
  TemplateSyntaxError,
  TemplateDoesNotExist,
  VariableDoesNotExist,
  type TriedTemplate,
} from './errors.js';
export { Node, NodeList, TextNode, VariableNode } from './nodes.js';
export { Parser, tokenKwargs } from './parser.js';
export { Token, TokenType } from './lexer.js';
export { FilterExpression, Variable } from './expression.js';
export type { CodeWriter } from './compiler.js';
export type { Loader, LoadedSource } from './loaders/types.js';
export { MemoryLoader } from './loaders/memory.js';
export { FetchLoader, type FetchLoaderOptions } from './loaders/fetch.js';
