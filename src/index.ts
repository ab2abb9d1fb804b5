/**
 * reinhardt: the Django template language for TypeScript and JavaScript.
 * The public surface; everything else is internal.
 */
import { Engine as BaseEngine, ownOptions, type EngineOptions } from './engine.js';
import { Library } from './library.js';
import { registerBuiltinTags } from '../tags/index.js';
import { registerBuiltinFilters } from '../filters/index.js';
import { i18nLibrary } from '../libraries/i18n.js';
import { l10nLibrary } from '../libraries/l10n.js';
import { staticLibrary } from '../libraries/static.js';
import { cacheLibrary } from '../libraries/cache.js';
import { humanizeLibrary } from '../libraries/humanize.js';
import { tzLibrary } from '../libraries/tz.js';

/**
 * Django's bundled libraries, by `{% load %}` name and by Django module path
 * (`libraries: { trans: 'django.templatetags.i18n' }`): available in every
 * engine, as in a Django project.
 */
export const djangoLibraries: Readonly<Record<string, Library>> = {
  i18n: i18nLibrary,
  l10n: l10nLibrary,
  static: staticLibrary,
  cache: cacheLibrary,
  humanize: humanizeLibrary,
  tz: tzLibrary,
};
const DJANGO_MODULES: Readonly<Record<string, Library>> = {
  'django.templatetags.i18n': i18nLibrary,
  'django.templatetags.l10n': l10nLibrary,
  'django.templatetags.static': staticLibrary,
  'django.templatetags.cache': cacheLibrary,
  'django.templatetags.tz': tzLibrary,
  'django.contrib.humanize.templatetags.humanize': humanizeLibrary,
};

/** Django's built-in tags and filters, as one library, with an engine's settings. */
export function builtinLibrary(options: EngineOptions = {}): Library {
  const lib = new Library();
  registerBuiltinTags(lib);
  registerBuiltinFilters(lib, options);
  return lib;
}

/** A template engine with Django's built-in tags and filters. */
export class Engine extends BaseEngine {
  constructor(given: EngineOptions = {}) {
    // Own options only: a polluted Object.prototype sets none.
    const options = ownOptions(given);
    const libraries: Record<string, Library | string> = { ...djangoLibraries };
    for (const [name, lib] of Object.entries(options.libraries ?? {})) {
      libraries[name] = typeof lib === 'string' && Object.hasOwn(DJANGO_MODULES, lib) ? DJANGO_MODULES[lib]! : lib;
    }
    super({ ...options, libraries }, [builtinLibrary(options)]);
  }
}

export type { EngineOptions, UrlResolver, CacheStore } from './engine.js';
export { MemoryCacheStore, makeTemplateFragmentKey } from '../libraries/cache.js';
export { Template, PartialTemplate, type RenderOptions } from './template.js';
export { Context, RenderContext, type ContextValues, type RenderLocale } from './runtime/context.js';
export { Library, type FilterFunction, type FilterOptions, type TagCompileFunction } from './library.js';
export { SafeString, markSafe, isSafe } from './runtime/safestring.js';
export { escape, conditionalEscape, formatHtml } from './runtime/escape.js';
export { pyStr, pyRepr } from './runtime/pyrepr.js';
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
export { FileSystemLoader } from './loaders/filesystem.js';
export { MemoryLoader } from './loaders/memory.js';
export { precompile, PrecompileError, type PrecompileOptions, type PrecompiledModule } from './precompiled/precompile.js';
export { express, type ExpressOptions, type ExpressViewEngine } from './integrations/express.js';
export { koa, type KoaOptions, type KoaMiddleware, type KoaRender, type KoaRenderAsync, type KoaRenderStream } from './integrations/koa.js';
export { fastify, type FastifyOptions, type FastifyPlugin, type FastifyReplyView, type FastifyView } from './integrations/fastify.js';
