/**
 * `reinhardt/runtime`: what a precompiled module (`reinhardt precompile`)
 * runs on. It exports Django's built-in filters and the classes of the
 * built-in tags' nodes one by one (parts.ts), so that a module imports only
 * those its templates use, and has no lexer, parser or compiler: a module's templates are
 * functions already, and the objects their code refers to are rebuilt from
 * the module's recipe (see precompile.ts). No code is made at run time, so
 * it runs under a Content-Security-Policy without `unsafe-eval`.
 */
import { createRuntime, type Runtime } from '../runtime/index.js';
import { standaloneRender, type CompiledCode, type RenderFunction } from '../runtime/units.js';
import { Context, type ContextValues } from '../runtime/context.js';
import { TemplateDoesNotExist, type TriedTemplate } from '../errors.js';
import { givenFilterDefinition, type FilterDef, type Library } from '../library.js';
import { Template, selectTemplate, templateOrPartial, type RenderOptions } from '../template.js';
import { NodeList, type Origin } from '../nodes.js';
import type { Engine, EngineOptions, Limits, UrlResolver } from '../engine.js';
import type { FilterRegistrar, FilterTarget } from '../../filters/index.js';
import type { FormatSettings, FormatValue, I18n, ModuleI18n } from '../i18n/translation.js';
import type { CatalogData } from '../i18n/catalog.js';
import type { LocaleData } from '../i18n/locale-data.js';

export { Context, type ContextValues, type RenderLocale } from '../runtime/context.js';
export { SafeString, markSafe, isSafe } from '../runtime/safestring.js';
export { escape, conditionalEscape } from '../runtime/escape.js';
export { TemplateError, TemplateSyntaxError, TemplateDoesNotExist, VariableDoesNotExist, TemplateLimitError, NoReverseMatch } from '../errors.js';
export { Template, PartialTemplate, type RenderOptions } from '../template.js';
// What a library of yours needs, without the engine.
export { Library, type FilterFunction, type FilterOptions, type TagCompileFunction } from '../library.js';
export { Node, NodeList, TextNode, VariableNode } from '../nodes.js';
export { FilterExpression, Variable } from '../expression.js';
export { pyStr, pyRepr } from '../runtime/pyrepr.js';
export { plainDate, plainTime, type PlainDate, type PlainTime } from '../runtime/plaindate.js';
export { pyError } from '../errors.js';
export { formatHtml } from '../runtime/escape.js';
export * from './parts.js';

/** The module format this runtime reads (precompile.ts writes it). */
export const PRECOMPILED_FORMAT = 2;

/** Options of a precompiled module's engine: what the engine's options are at render time. */
export interface RuntimeEngineOptions extends FormatSettings {
  /** Autoescape HTML in `{{ }}` (default true). */
  autoescape?: boolean;
  /** Re-find included templates on every render (as the engine's `debug`); `{% debug %}` prints. */
  debug?: boolean;
  /** Django's `reverse()` for `{% url %}`. */
  urlResolver?: UrlResolver;
  /** The IANA time zone renders use; default 'UTC'. */
  timeZone?: string;
  /**
   * The language renders use (Django's LANGUAGE_CODE); default 'en-us'. Per
   * render: `render(name, context, { language })`. Another than English
   * needs a module with translations (see I18nDefinition).
   */
  languageCode?: string;
  /** Django's LANGUAGES (`[code, name]` pairs or codes), for `{% get_available_languages %}`; default Django's list. */
  languages?: readonly (string | readonly [string, string])[];
  /** Django's LANGUAGES_BIDI. */
  languagesBidi?: readonly string[];
  /**
   * Catalogs of your own, as data: each a record by locale (`de`, `pt_BR`)
   * of `{ pluralForms, messages }`, as one folder of LOCALE_PATHS holds them.
   * Looked in before those the module was precompiled with.
   */
  catalogs?: readonly Readonly<Record<string, CatalogData>>[];
  /** Django's locale data for languages, given (`import de from 'reinhardt/locale-data/de'`) rather than imported when needed. */
  localeData?: readonly LocaleData[];
  /** Formats by Django's names that win over every language's own (FORMAT_MODULE_PATH). */
  formats?: Readonly<Record<string, FormatValue>>;
  /** Django's USE_THOUSAND_SEPARATOR. */
  useThousandSeparator?: boolean;
  /** Django's USE_TZ. */
  useTz?: boolean;
  /** The clock of `{% now %}`, `timesince` and `timeuntil`. */
  now?: () => Date;
  /** The randomness of the `random` filter and `{% lorem ... random %}`. */
  random?: () => number;
  /** How deeply includes and partials may nest in one render (default 250). */
  maxIncludeDepth?: number;
  /** How long an async render may wait for its data, in milliseconds. */
  renderTimeout?: number;
  /** Django's STATIC_URL, for `{% static %}` and `{% get_static_prefix %}`; default '/static/'. */
  staticUrl?: string;
  /** Django's MEDIA_URL, for `{% get_media_prefix %}`; default '' (Django then writes '/'). */
  mediaUrl?: string;
  /** The `staticfiles.json` of Django's ManifestStaticFilesStorage, as an object (a path is read only under Node). */
  staticManifest?: EngineOptions['staticManifest'];
  /** Django's CACHES for `{% cache %}`: stores by alias; default one in-memory store per engine. */
  cacheStores?: EngineOptions['cacheStores'];
}

/**
 * Django's translations in a precompiled module: the machinery (imported
 * from the runtime only by a module that has it), the catalogs it was
 * precompiled with, and how it imports a language's locale data.
 */
export interface I18nDefinition extends ModuleI18n {
  I18n: typeof I18n;
}

/** What a precompiled module hands the runtime (written by precompile.ts). */
export interface PrecompiledDefinition {
  /** Django's translations; absent, renders are in English with Django's default formats. */
  i18n?: I18nDefinition;
  format: number;
  /** The module's URL (stack traces name it). */
  url: string | undefined;
  /** The module's libraries, by `{% load %}` name: yours (imported by the module) and Django's it loads (the runtime's). */
  libraries?: Readonly<Record<string, Library>>;
  /** Each unit's function: the body the engine would give `new Function('rt', 'r', ...)`. */
  units: readonly ((rt: Runtime, r: unknown[]) => RenderFunction)[];
  /** How each object of the recipe is made: a class name of registry.ts, `library:Name` (Library.node), or O (object), N (no prototype), A, M, S. */
  kinds: readonly string[];
  /** Fills the objects in and gives each unit's refs, each template's nodelist and extra data. */
  build(
    $: Builder,
    o: object[],
    O: readonly Origin[],
    E: RuntimeEngine,
  ): { refs: unknown[][]; nodelists: NodeList[]; extraData: Record<string, unknown>[] };
  /** Name, source and main unit of each template. */
  templates: readonly (readonly [string, string, number])[];
  unitOrigins: readonly number[];
  unitLines: readonly number[];
  segments: readonly (readonly number[])[];
  settings: { stringIfInvalid: string; maxOutputSize: number; maxLoopIterations: number };
  /** What the module imported of the runtime's parts (parts.ts): the built-in filters, classes and functions it uses. */
  parts: {
    filters: readonly FilterRegistrar[];
    classes: Readonly<Record<string, abstract new (...args: never[]) => object>>;
    functions: Readonly<Record<string, Function>>;
  };
}

/** What a module's recipe calls. */
export interface Builder {
  /** Set own properties (as data properties: a key `__proto__` stays a key). */
  s(target: object, flat: readonly unknown[]): void;
  /** Append to an array, or add to a Set. */
  a(target: unknown[] | Set<unknown>, items: readonly unknown[]): void;
  /** Set Map entries. */
  m(target: Map<unknown, unknown>, flat: readonly unknown[]): void;
  /** A filter's function: a built-in, or of one of the module's libraries. */
  f(name: string, library?: string): Function;
  /** A filter's definition. */
  d(name: string, library?: string): FilterDef;
  /** A function a node holds: of a built-in tag (registry.ts), or of a library's tag. */
  fn(name: string, library?: string): Function;
  /** The render function of a unit, for a nodelist. */
  u(unit: number): RenderFunction;
}

/** An engine of the templates of one precompiled module. */
export function loadTemplates(definition: PrecompiledDefinition, options: RuntimeEngineOptions = {}): RuntimeEngine {
  return new RuntimeEngine(definition, options);
}

/**
 * The engine a precompiled module's templates render with: the parts of
 * Engine that rendering uses, with the templates found by name among the
 * module's.
 */
export class RuntimeEngine {
  readonly options: Readonly<RuntimeEngineOptions>;
  readonly autoescape: boolean;
  readonly stringIfInvalid: string;
  readonly debug: boolean;
  readonly urlResolver: UrlResolver | undefined;
  readonly timeZone: string;
  readonly languageCode: string;
  readonly now: () => Date;
  readonly limits: Limits;
  /** Django's LANGUAGES and LANGUAGES_BIDI when given (else the i18n tags use Django's). */
  readonly languages: readonly (readonly [string, string])[] | undefined;
  readonly languagesBidi: readonly string[] | undefined;
  /** Translations and formats, when the module has them; else renders are in English with Django's default formats. */
  readonly i18n: I18n | undefined;
  readonly runtime: Runtime;
  private readonly templates = new Map<string, Template>();

  constructor(definition: PrecompiledDefinition, given: RuntimeEngineOptions = {}) {
    if (definition?.format !== PRECOMPILED_FORMAT) {
      throw new Error(`This precompiled module has format ${definition?.format}; reinhardt/runtime reads format ${PRECOMPILED_FORMAT}: precompile the templates again.`);
    }
    const options: RuntimeEngineOptions = Object.create(null);
    for (const key of Object.keys(given)) (options as Record<string, unknown>)[key] = (given as Record<string, unknown>)[key];
    this.options = options;
    this.autoescape = options.autoescape ?? true;
    this.debug = options.debug ?? false;
    this.urlResolver = options.urlResolver;
    this.timeZone = options.timeZone ?? 'UTC';
    this.languageCode = options.languageCode ?? 'en-us';
    this.now = options.now ?? (() => new Date());
    const settings = definition.settings;
    this.stringIfInvalid = settings.stringIfInvalid;
    this.limits = {
      maxTemplateSize: Infinity,
      maxOutputSize: settings.maxOutputSize,
      maxLoopIterations: settings.maxLoopIterations,
      maxIncludeDepth: options.maxIncludeDepth ?? 250,
      allowedLibraries: null,
      renderTimeout: options.renderTimeout ?? Infinity,
    };
    this.languages = options.languages?.map((l) => (typeof l === 'string' ? [l, l] as const : l));
    this.languagesBidi = options.languagesBidi;
    this.i18n = this.makeI18n(definition.i18n, options);
    this.runtime = createRuntime();
    this.load(definition, options);
  }

  private makeI18n(given: I18nDefinition | undefined, options: RuntimeEngineOptions): I18n | undefined {
    if (given !== undefined) return given.I18n.forModule(given, options, this);
    const needs = Object.keys(options).filter((key) => I18N_OPTION.test(key) && (options as Record<string, unknown>)[key] !== undefined
      && !(key === 'languageCode' && isEnglish(this.languageCode)));
    if (needs.length) throw new Error(`${needs.join(', ')}: ${WITHOUT_I18N}`);
    return undefined;
  }

  /**
   * Load Django's locale data for these languages (the module's dynamic
   * imports), so that synchronous renders in them find it. Async renders
   * (renderAsync, renderStream) import what they meet themselves.
   */
  async loadLanguages(languages: readonly string[]): Promise<void> {
    if (this.i18n === undefined) {
      if (languages.every(isEnglish)) return;
      throw new Error(`languages ${languages.join(', ')}: ${WITHOUT_I18N}`);
    }
    await this.i18n.loadLanguages(languages);
  }

  /** A module without translations renders only in English: another language is an error saying so. */
  private checkLanguage(options: RenderOptions | undefined): void {
    const language = options?.language;
    if (this.i18n === undefined && language !== undefined && !isEnglish(language)) throw new Error(`language '${language}': ${WITHOUT_I18N}`);
  }

  private load(definition: PrecompiledDefinition, options: RuntimeEngineOptions): void {
    // A table, not a Library: the page need not bundle what a Library parses tags with.
    const filters = new Map<string, FilterDef>();
    const target: FilterTarget = {
      filter(name, fn, filterOptions) {
        const arg = filterOptions?.arg;
        if (arg === undefined) throw new Error(`The built-in filter '${name}' is registered without its arg.`);
        filters.set(name, givenFilterDefinition(name, fn, filterOptions!, arg));
      },
    };
    // The module's maxOutputSize (given when it was precompiled) bounds the values filters build too.
    const settings = { ...options, maxOutputSize: definition.settings.maxOutputSize };
    for (const register of definition.parts.filters) register(target, settings);
    const notPrecompiled = (): never => {
      throw new Error('reinhardt/runtime compiles nothing: this node was not precompiled.');
    };
    const origins: Origin[] = definition.templates.map(([name, source], id) => ({
      name,
      templateName: name,
      source,
      stringIfInvalid: this.stringIfInvalid,
      debug: this.debug,
      runtime: this.runtime,
      limits: this.limits,
      random: this.options.random ?? Math.random,
      id,
      units: [],
      compileStandalone: notPrecompiled,
    }));
    const units: CompiledCode[] = [];
    const builder: Builder = {
      s(target, flat) {
        for (let i = 0; i < flat.length; i += 2) {
          Object.defineProperty(target, flat[i] as string, { value: flat[i + 1], writable: true, enumerable: true, configurable: true });
        }
      },
      a(target, items) {
        if (target instanceof Set) for (const x of items) target.add(x);
        else for (const x of items) target.push(x);
      },
      m(target, flat) {
        for (let i = 0; i < flat.length; i += 2) target.set(flat[i], flat[i + 1]);
      },
      f: (name, library) => filterDef(library === undefined ? filters : libraryOf(definition, library).filters, name).fn,
      d: (name, library) => filterDef(library === undefined ? filters : libraryOf(definition, library).filters, name),
      fn(name, library) {
        const fn = library === undefined ? ownValue(definition.parts.functions, name) : libraryOf(definition, library).tagFunctions.get(name);
        if (fn === undefined) throw new Error(`The precompiled module needs the function of tag '${name}', which ${library === undefined ? 'this runtime' : `library '${library}'`} does not have.`);
        return fn;
      },
      u(unit) {
        // Units are made after the recipe (their refs come from it): found at first render.
        let run: RenderFunction | undefined;
        return (ctx) => (run ??= standaloneRender(units[unit], origins[definition.unitOrigins[unit]]))(ctx);
      },
    };
    const objects = definition.kinds.map((kind) => makeObject(definition, kind));
    const built = definition.build(builder, objects, origins, this);
    definition.units.forEach((factory, i) => {
      const origin = origins[definition.unitOrigins[i]];
      const refs = built.refs[i];
      const unit: CompiledCode = {
        render: factory(this.runtime, refs),
        factory,
        refs,
        source: '',
        url: definition.url ?? '',
        firstLine: definition.unitLines[i],
        segments: Int32Array.from(definition.segments[i]),
        sourceMap: () => {
          throw new Error('A precompiled template\'s source map is the module\'s own (written beside it).');
        },
      };
      units.push(unit);
      origin.units.push(unit);
    });
    definition.templates.forEach(([name, source, main], i) => {
      const compiled = { nodelist: built.nodelists[i], extraData: built.extraData[i], code: units[main] };
      this.templates.set(name, new Template(this as unknown as Engine, source, origins[i], name, compiled));
    });
  }

  /** The names of the templates this engine has. */
  get templateNames(): string[] {
    return [...this.templates.keys()];
  }

  /** The template of this name; `page.html#name` is the partial `name` of `page.html`. */
  getTemplate(name: string): Template {
    return templateOrPartial(name, (templateName) => this.findTemplate(templateName));
  }

  /** Django's find_template, passing over origins named in `skip` (what `extends` has used). */
  findTemplate(name: string, skip?: ReadonlySet<string>): Template {
    const tried: TriedTemplate[] = [];
    const template = this.templates.get(name);
    if (skip?.has(name)) tried.push({ name, loader: LOADER, reason: 'Skipped to avoid recursion' });
    else if (template === undefined) tried.push({ name, loader: LOADER, reason: 'Source does not exist' });
    else return template;
    throw new TemplateDoesNotExist(name, tried);
  }

  /** The first of these templates that exists (Django's `select_template`). */
  selectTemplate(names: readonly string[]): Template {
    return selectTemplate(names, (name) => this.getTemplate(name));
  }

  renderToString(name: string | readonly string[], context?: Context | ContextValues | null, options?: RenderOptions): string {
    this.checkLanguage(options);
    return this.pick(name).render(context, options);
  }

  /** An async render: the locale data of a language it meets is imported then (see loadLanguages). */
  renderToStringAsync(name: string | readonly string[], context?: Context | ContextValues | null, options?: RenderOptions): Promise<string> {
    this.checkLanguage(options);
    return this.pick(name).renderAsync(context, options);
  }

  renderStream(name: string | readonly string[], context?: Context | ContextValues | null, options?: RenderOptions): ReadableStream<string> {
    this.checkLanguage(options);
    return this.pick(name).renderStream(context, options);
  }

  private pick(name: string | readonly string[]): Template {
    return typeof name === 'string' ? this.getTemplate(name) : this.selectTemplate(name);
  }
}

const LOADER = 'reinhardt.loaders.PrecompiledLoader';

/** What a module without Django's translations says of options or languages that need them. */
const WITHOUT_I18N = 'this precompiled module has no translations: precompile it with --i18n';

/** Options only Django's translation machinery reads (FormatSettings: dateFormat, ..., dateInputFormats, ...). */
const I18N_OPTION = /^(languageCode|catalogs|localeData|formats|useThousandSeparator|useTz|\w+Formats?|firstDayOfWeek|decimalSeparator|thousandSeparator|numberGrouping)$/;

/** English as Django's defaults write it: what a module without translations renders. */
function isEnglish(language: string): boolean {
  return /^en(?:[-_]us)?$/i.test(language);
}

function filterDef(filters: ReadonlyMap<string, FilterDef>, name: string): FilterDef {
  const def = filters.get(name);
  if (def === undefined) throw new Error(`The precompiled module needs the filter '${name}', which this runtime does not have.`);
  return def;
}

function libraryOf(definition: PrecompiledDefinition, name: string): Library {
  const lib = definition.libraries !== undefined && Object.hasOwn(definition.libraries, name) ? definition.libraries[name] : undefined;
  // What a Library has (not `instanceof`, which would bundle the class with every page).
  const isLibrary = typeof lib === 'object' && lib !== null && [lib.filters, lib.tagFunctions, lib.nodeClasses].every((m) => m instanceof Map);
  if (!isLibrary) throw new Error(`The precompiled module needs library '${name}': its libraries module has none of that name.`);
  return lib;
}

function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** An empty object of a recipe's kind, filled in by the module's `build`. */
function makeObject(definition: PrecompiledDefinition, kind: string): object {
  switch (kind) {
    case 'O': return {};
    case 'N': return Object.create(null);
    case 'A': return [];
    case 'M': return new Map();
    case 'S': return new Set();
    case 'NodeList': return new NodeList();
    default: {
      // `library:Name` is a Node class of one of the module's libraries (Library.node).
      const colon = kind.indexOf(':');
      const cls = colon < 0 ? ownValue(definition.parts.classes, kind) : libraryOf(definition, kind.slice(0, colon)).nodeClasses.get(kind.slice(colon + 1));
      if (cls === undefined) throw new Error(`The precompiled module needs the class '${kind}', which ${colon < 0 ? 'this runtime' : 'its library'} does not have.`);
      // Rebuilt from its fields: the constructor (which parses) is not run.
      return Object.create(cls.prototype) as object;
    }
  }
}
