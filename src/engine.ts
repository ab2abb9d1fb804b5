/**
 * Django's Engine: options, loaders, libraries and the cache of compiled
 * templates. Everything a render needs lives here; nothing is global.
 */
import { ownOptions } from './utils/own.js';
import { LRUCache } from 'lru-cache';
import { compileNodes, compileStandalone, compileWithoutFrames } from './compiler.js';
import { tokenize, type Token } from './lexer.js';
import { Parser } from './parser.js';
import { createRuntime, type Runtime } from './runtime/index.js';
import type { AsyncRenderState } from './runtime/async.js';
import { passUnderWay } from './runtime/async-core.js';
import { TemplateDoesNotExist, TemplateLimitError, TemplateSyntaxError, annotate, type TriedTemplate } from './errors.js';
import { NOT_FETCHED, SKIPPED } from './loaders/types.js';
import { Library } from './library.js';
import type { Origin } from './nodes.js';
import { Template, UNKNOWN_SOURCE, selectTemplate, templateOrPartial, type CompiledTemplate, type RenderOptions } from './template.js';
import type { Context, ContextValues } from './runtime/context.js';
import { MemoryLoader } from './loaders/memory.js';
import type { LoadedSource, Loader } from './loaders/types.js';
import { I18n, settingsFormats, type FormatSettings, type FormatValue } from './i18n/translation.js';
import { loadLocaleData, loadLocaleDataSync, type LocaleData } from './i18n/locale-data.js';
import { readCatalogFile, type CatalogData } from './i18n/catalog.js';
import { LANGUAGES_BIDI, SETTINGS_LANGUAGES } from './utils/locale-data/languages.js';

export interface EngineOptions extends FormatSettings {
  /** Folders searched by the filesystem loader, in order (Node only). */
  dirs?: readonly string[];
  /** Templates by name, held in memory (searched before `dirs`). */
  templates?: Record<string, string> | Map<string, string>;
  /** Loaders of your own, searched after `templates` and `dirs`. */
  loaders?: readonly Loader[];
  /** Autoescape HTML in `{{ }}` (Django's default: true). */
  autoescape?: boolean;
  /** What a missing variable prints; `%s` is replaced by its name. */
  stringIfInvalid?: string;
  /** Reload templates whose files changed; inline source maps in generated code. */
  debug?: boolean;
  /** Libraries `{% load name %}` can load (a Library, or the module path of one of Django's, such as 'django.templatetags.i18n'). */
  libraries?: Record<string, Library | string>;
  /** Libraries available in every template without `{% load %}`. */
  builtins?: readonly Library[];
  /** The compiled-template cache: `{ max }` entries (default 1000), or false for none. */
  cache?: { max: number } | false;
  /**
   * Django's `reverse()` for `{% url %}`: the URL of a view name with its
   * arguments, or undefined (or a thrown NoReverseMatch) when there is none.
   */
  urlResolver?: UrlResolver;
  /** The IANA time zone `{% now %}` shows (Django's TIME_ZONE); default 'UTC'. Per render: `render(ctx, { timeZone })`. */
  timeZone?: string;
  /** The language renders use (Django's LANGUAGE_CODE); default 'en-us'. Per render: `render(ctx, { language })`. */
  languageCode?: string;
  /**
   * Formats by Django's names (`DATE_FORMAT`, `TIME_FORMAT`, `DATETIME_FORMAT`,
   * `SHORT_DATE_FORMAT`, `DECIMAL_SEPARATOR`, ...) that win over every
   * language's own, as a FORMAT_MODULE_PATH module would.
   */
  formats?: Readonly<Record<string, FormatValue>>;
  /**
   * Django's LANGUAGES: the languages the site offers, `[code, name]` pairs
   * (or codes); `{% get_available_languages %}` lists them. Default: Django's
   * list. Given, their locale data is loaded when the engine is made.
   */
  languages?: readonly (string | readonly [string, string])[];
  /** Django's LANGUAGES_BIDI. */
  languagesBidi?: readonly string[];
  /** Django's LOCALE_PATHS: folders of `<locale>/LC_MESSAGES/django.po` (or `.mo`). */
  localePaths?: readonly string[];
  /**
   * Catalogs given as data (where there are no files: a browser): each a
   * record by locale (`de`, `pt_BR`) of `{ pluralForms, messages }`, as one
   * folder of LOCALE_PATHS holds them; looked in after `localePaths`.
   */
  catalogs?: readonly Readonly<Record<string, CatalogData>>[];
  /**
   * Django's locale data given directly, for bundles without a file system
   * (`import de from 'reinhardt/locale-data/de'`); in Node it is read on
   * first use. See also `engine.loadLanguages()`.
   */
  localeData?: readonly LocaleData[];
  /** Django's USE_THOUSAND_SEPARATOR (default false). */
  useThousandSeparator?: boolean;
  /** Django's USE_TZ: a `Date` is an aware instant, shown in the render's time zone (see libraries/tz.ts); default false. */
  useTz?: boolean;
  /** Django's STATIC_URL, for `{% static %}` and `{% get_static_prefix %}`; default '/static/'. */
  staticUrl?: string;
  /** Django's MEDIA_URL, for `{% get_media_prefix %}`; default '' (Django then writes '/'). */
  mediaUrl?: string;
  /**
   * Django's ManifestStaticFilesStorage: the `staticfiles.json` that
   * `collectstatic` wrote (its object, or its path, read when first needed),
   * so that `{% static %}` gives hashed names.
   */
  staticManifest?: string | { readonly paths: Readonly<Record<string, string>>; readonly version?: string; readonly hash?: string };
  /**
   * Django's CACHES for `{% cache %}`: stores by alias (`default`, and any
   * other that `using=` names). Default: one in-memory store (LRU).
   */
  cacheStores?: Readonly<Record<string, CacheStore>>;
  /** The clock of `{% now %}`, `timesince` and `timeuntil` (for tests); default the real one. */
  now?: () => Date;
  /** The randomness of the `random` filter and `{% lorem ... random %}` (for tests); default Math.random. */
  random?: () => number;

  // Limits for untrusted templates. All are off by default except
  // maxIncludeDepth, which also stops runaway recursion.
  /** Largest template source accepted, in characters. */
  maxTemplateSize?: number;
  /** Largest output of one render, in characters. */
  maxOutputSize?: number;
  /** Most `for` iterations in one render, all loops together. */
  maxLoopIterations?: number;
  /** How deeply includes and partials may nest in one render (default 250). */
  maxIncludeDepth?: number;
  /** The only libraries `{% load %}` may load (names from `libraries`). */
  allowedLibraries?: readonly string[];
  /** How long an async render (renderAsync, renderStream) may wait for its data, in milliseconds. */
  renderTimeout?: number;
}

/** The limits an engine enforces (see EngineOptions). */
export interface Limits {
  readonly maxTemplateSize: number;
  readonly maxOutputSize: number;
  readonly maxLoopIterations: number;
  readonly maxIncludeDepth: number;
  readonly allowedLibraries: ReadonlySet<string> | null;
  readonly renderTimeout: number;
}

/**
 * A cache backend for `{% cache %}` (Django's `cache.get`/`cache.set`):
 * `get` gives undefined for a missing or expired key. Synchronous, as
 * renders are; asynchronous stores (Redis) belong to the async render path
 * and are not supported yet.
 */
/**
 * A store of `{% cache %}` (Django's cache backend). Its methods may return
 * Promises (a Redis-like store), which only async renders can await.
 */
export interface CacheStore {
  /** The value, or undefined (or null) when missing. */
  get(key: string): unknown;
  /** `timeoutSeconds` null: never expires; 0 or less: do not keep. */
  set(key: string, value: unknown, timeoutSeconds: number | null): void | PromiseLike<unknown>;
}


/**
 * lru-cache reads its per-call options by destructuring, through the
 * prototype chain (and writes `status` into them): fresh options with every
 * name its own keep a polluted Object.prototype out of the cache.
 */
function lruGet(): object {
  return Object.assign(Object.create(null), { allowStale: undefined, updateAgeOnGet: undefined, noDeleteOnStaleGet: undefined, status: undefined });
}
function lruSet(): object {
  return Object.assign(Object.create(null), {
    ttl: undefined, start: undefined, noDisposeOnSet: undefined, size: undefined, sizeCalculation: undefined,
    status: undefined, noUpdateTTL: undefined,
  });
}

/** How many templates a new engine's cache holds in a Map (see TemplateCache). */
const FIRST_ROOM = 32;

/**
 * The compiled templates by name, the least recently used dropped past
 * `max`. The first few are kept in a Map in the order of their use: making
 * an lru-cache costs a new engine as much as the rest of its construction
 * (its constructor's options and fields, and arrays it fills with room for
 * `max` entries, element by element, 1000 by default). Past them, an
 * lru-cache takes over, made again larger as it fills, until it has room
 * for `max`.
 */
class TemplateCache {
  private first: Map<string, CacheEntry> | null = null;
  private lru: LRUCache<string, CacheEntry> | null = null;

  constructor(private readonly max: number) {
    // A max lru-cache refuses is refused here, by lru-cache itself, as before.
    if (Number.isSafeInteger(max) && max > FIRST_ROOM) this.first = new Map();
    else this.lru = new LRUCache({ max });
  }

  get(key: string): CacheEntry | undefined {
    const first = this.first;
    if (first === null) return this.lru!.get(key, lruGet());
    const entry = first.get(key);
    if (entry !== undefined) {
      // Used last: last in the Map's order.
      first.delete(key);
      first.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CacheEntry): void {
    const first = this.first;
    if (first !== null) {
      first.delete(key);
      if (first.size < FIRST_ROOM) {
        first.set(key, entry);
        return;
      }
      this.first = null;
      this.lru = this.larger(first, FIRST_ROOM);
    }
    let lru = this.lru!;
    if (lru.size >= lru.max && lru.max < this.max) {
      this.lru = lru = this.larger((lru.rentries() as Iterable<[string, CacheEntry]>), lru.max);
    }
    lru.set(key, entry, lruSet());
  }

  /** An lru-cache with more room holding these entries, least recently used first. */
  private larger(entries: Iterable<[string, CacheEntry]>, room: number): LRUCache<string, CacheEntry> {
    const lru = new LRUCache<string, CacheEntry>({ max: Math.min(this.max, room * 8) });
    for (const [k, v] of entries) lru.set(k, v, lruSet());
    return lru;
  }

  clear(): void {
    this.first?.clear();
    this.lru?.clear();
  }
}

export type UrlResolver = (viewName: string, args: unknown[], kwargs: Record<string, unknown>) => string | undefined | null;

/** The templates one template names by constants in `extends` and `include`. */
export interface TemplateDependencies {
  readonly names: readonly string[];
  /** Some name is computed at render time: it may be any template. */
  readonly unknown: boolean;
}

/**
 * What an entry point gives the engine beyond its options: Node's gives
 * the filesystem loader (so that the browser's never imports node:fs), and
 * both give how to read a template's dependencies (which belong to the
 * `extends` and `include` tags, not to the engine).
 */
export interface EngineHooks {
  /**
   * Django's filesystem loader for `dirs`; without it `dirs` is an error.
   * `debug`: the engine asks it whether files changed (see Loader.isStale).
   */
  fileSystemLoader?(dirs: readonly string[], debug: boolean): Loader;
  /** What `preload` fetches after a template: the templates it names. */
  templateDependencies?(template: Template): TemplateDependencies;
}

/** A template `preload` looks for, passing over the origins in `skip`. */
interface Wanted {
  readonly name: string;
  readonly skip?: ReadonlySet<string>;
}

interface CacheEntry {
  template: Template;
  loaded: LoadedSource;
  loader: Loader;
}

export class Engine {
  /** The options the engine was made with (libraries read their settings here). */
  readonly options: Readonly<EngineOptions>;
  readonly autoescape: boolean;
  readonly stringIfInvalid: string;
  readonly debug: boolean;
  readonly loaders: readonly Loader[];
  readonly templateLibraries: ReadonlyMap<string, Library>;
  readonly templateBuiltins: readonly Library[];
  /** The builtins merged into one library, later ones winning, for the parser. */
  readonly mergedBuiltins: Library;
  readonly urlResolver: UrlResolver | undefined;
  readonly timeZone: string;
  readonly languageCode: string;
  /** Django's LANGUAGES: `[code, name]` pairs. */
  readonly languages: readonly (readonly [string, string])[];
  /** Django's LANGUAGES_BIDI. */
  readonly languagesBidi: readonly string[];
  /** Translations, catalogs and formats of every language this engine renders in. */
  readonly i18n: I18n;
  readonly now: () => Date;
  readonly limits: Limits;
  /** The helpers generated code calls, with this engine's formats. */
  readonly runtime: Runtime;
  private readonly cache: TemplateCache | null;
  private readonly hooks: EngineHooks;
  /** What each compiled template names, read once (a walk of its nodes). */
  private readonly dependencies = new WeakMap<Template, readonly string[]>();
  /** Fetches that failed during an async render (fetchForPass), by render. */
  private readonly fetchFailures = new WeakMap<AsyncRenderState, Map<string, unknown>>();
  private nextOriginId = 0;

  /** `defaultBuiltins` are the libraries before `options.builtins`: Django's own tags and filters. */
  constructor(given: EngineOptions = {}, defaultBuiltins: readonly Library[] = [], hooks: EngineHooks = {}) {
    const options = ownOptions(given);
    this.hooks = hooks;
    this.options = options;
    this.autoescape = options.autoescape ?? true;
    this.stringIfInvalid = options.stringIfInvalid ?? '';
    this.debug = options.debug ?? false;
    this.urlResolver = options.urlResolver;
    this.timeZone = options.timeZone ?? 'UTC';
    this.languageCode = options.languageCode ?? 'en-us';
    this.now = options.now ?? (() => new Date());
    this.limits = {
      maxTemplateSize: options.maxTemplateSize ?? Infinity,
      maxOutputSize: options.maxOutputSize ?? Infinity,
      maxLoopIterations: options.maxLoopIterations ?? Infinity,
      maxIncludeDepth: options.maxIncludeDepth ?? 250,
      allowedLibraries: options.allowedLibraries ? new Set(options.allowedLibraries) : null,
      renderTimeout: options.renderTimeout ?? Infinity,
    };
    this.languages = (options.languages ?? SETTINGS_LANGUAGES).map((l) => (typeof l === 'string' ? [l, l] as const : l));
    this.languagesBidi = options.languagesBidi ?? LANGUAGES_BIDI;
    this.i18n = new I18n({
      languageCode: this.languageCode,
      localePaths: options.localePaths,
      readCatalog: readCatalogFile,
      catalogs: options.catalogs,
      localeData: options.localeData,
      loadLocaleData,
      loadLocaleDataSync,
      formats: options.formats,
      settingsFormats: settingsFormats(options),
      useThousandSeparator: options.useThousandSeparator,
      useTz: options.useTz,
      timeZone: this.timeZone,
      now: this.now,
    });
    // The languages named are ready before the first render.
    this.i18n.preload([this.languageCode, ...(options.languages ? this.languages.map(([code]) => code) : [])]);
    this.runtime = createRuntime();
    const loaders: Loader[] = [];
    if (options.templates) loaders.push(new MemoryLoader(options.templates));
    if (options.dirs?.length) {
      if (!hooks.fileSystemLoader) {
        throw new TypeError("The engine option 'dirs' reads folders from disk, which only Node's entry ('reinhardt') can: here give `templates`, or `loaders: [new FetchLoader({ baseUrl })]`.");
      }
      loaders.push(hooks.fileSystemLoader(options.dirs, this.debug));
    }
    if (options.loaders) loaders.push(...options.loaders);
    this.loaders = loaders;
    this.templateLibraries = new Map(Object.entries(options.libraries ?? {}).map(([name, lib]) => {
      if (typeof lib === 'string') {
        throw new Error(`Invalid template library specified. ImportError raised when trying to load '${lib}': No module named '${lib}'`);
      }
      return [name, lib] as const;
    }));
    this.templateBuiltins = [...defaultBuiltins, ...(options.builtins ?? [])];
    // One library (Django's builtins alone, as usual) serves as it is: the
    // parser copies before it adds to what it was given.
    if (this.templateBuiltins.length === 1) {
      this.mergedBuiltins = this.templateBuiltins[0]!;
    } else {
      this.mergedBuiltins = new Library();
      for (const lib of this.templateBuiltins) {
        for (const [name, fn] of lib.tags) this.mergedBuiltins.tags.set(name, fn);
        for (const [name, f] of lib.filters) this.mergedBuiltins.filters.set(name, f);
      }
    }
    const cache = options.cache ?? { max: 1000 };
    this.cache = cache === false ? null : new TemplateCache(cache.max);
  }

  private origin(name: string, templateName: string | null, source: string): Origin {
    return {
      name,
      templateName,
      source,
      stringIfInvalid: this.stringIfInvalid,
      debug: this.debug,
      limits: this.limits,
      random: this.options.random ?? Math.random,
      runtime: this.runtime,
      id: this.nextOriginId++,
      units: [],
      compileStandalone,
      compileForSite: compileNodes,
      compileWithoutFrames,
    };
  }

  /** Parse and compile a template's source (Django's `Template.compile_nodelist`). */
  compileTemplate(source: string, origin: Origin): CompiledTemplate {
    if (source.length > origin.limits.maxTemplateSize) {
      throw new TemplateLimitError('maxTemplateSize', `Template ${origin.name} is larger than maxTemplateSize (${source.length} > ${origin.limits.maxTemplateSize} characters).`)
        .setPosition({ templateName: origin.name, line: 1, column: 1 });
    }
    const parser = new Parser(tokenize(source), origin, this.templateLibraries, this.mergedBuiltins, this);
    let nodelist;
    try {
      nodelist = parser.parse();
    } catch (e) {
      throw syntaxError(tooDeep(e), origin);
    }
    let code;
    try {
      code = compileNodes(nodelist, origin);
    } catch (e) {
      throw syntaxError(tooDeep(e), origin);
    }
    return { nodelist, extraData: parser.extraData, code };
  }

  /** Compile a template from source (not cached). */
  fromString(source: string, name?: string): Template {
    return new Template(this, source, this.origin(name ?? UNKNOWN_SOURCE, name ?? null, source), name ?? null);
  }

  /**
   * The compiled template of this name, from the cache or the loaders;
   * `page.html#name` is the partial `name` of `page.html`.
   */
  getTemplate(name: string): Template {
    return templateOrPartial(name, (templateName) => this.findTemplate(templateName));
  }

  /**
   * Django's find_template: the first source the loaders have for `name`,
   * passing over origins named in `skip` (what `extends` has already used).
   */
  findTemplate(name: string, skip?: ReadonlySet<string>): Template {
    const cached = this.cache?.get(name);
    if (cached && !skip?.has(cached.template.origin.name) && !(this.debug && cached.loader.isStale?.(cached.loaded))) {
      return cached.template;
    }
    const tried: TriedTemplate[] = [];
    for (const loader of this.loaders) {
      const loaded = loader.load(name, tried, skip);
      if (loaded === undefined) continue;
      // Found by passing over another origin: cached apart from the plain name.
      const skipped = tried.some((t) => t.reason === SKIPPED);
      const key = skipped ? `${name}\0${loaded.originName}` : name;
      const again = key === name ? undefined : this.cache?.get(key);
      if (again && !(this.debug && again.loader.isStale?.(again.loaded))) return again.template;
      const template = new Template(this, loaded.source, this.origin(loaded.originName, name, loaded.source), name);
      this.cache?.set(key, { template, loaded, loader });
      return template;
    }
    if (tried.some((t) => t.reason === NOT_FETCHED)) {
      const state = passUnderWay(this.runtime);
      if (state) this.fetchForPass(state, name, skip);
      throw new TemplateDoesNotExist(
        `${name} (not fetched yet: a loader that fetches cannot load during a synchronous render. ` +
          'Render with `await engine.renderToStringAsync(name, context)` (or a template of `await engine.getTemplateAsync(name)` ' +
          'with renderAsync or renderStream), which fetch each template when the render reaches it, or ' +
          `call \`await engine.preload(['${name}'])\` first)`,
        tried,
      );
    }
    throw new TemplateDoesNotExist(name, tried);
  }

  /**
   * A pass of an async render reached a template not fetched yet (a name
   * computed at render time): it is fetched, with what it names, as a value
   * the pass waits for, so the next pass finds it. A fetch that failed is
   * that render's error from then on, rather than fetched again each pass.
   */
  private fetchForPass(state: AsyncRenderState, name: string, skip: ReadonlySet<string> | undefined): void {
    let failures = this.fetchFailures.get(state);
    const key = skip ? [name, ...skip].join('\0') : name;
    if (failures?.has(key)) throw failures.get(key);
    const fetching = (skip ? this.loadAsync(name, skip) : this.preload([name])).catch((error: unknown) => {
      if (failures === undefined) this.fetchFailures.set(state, (failures = new Map()));
      failures.set(key, error);
    });
    state.settle(fetching);
  }

  /**
   * Let loaders that load asynchronously (FetchLoader) fetch these
   * templates, and the templates they name by constants in `extends` and
   * `include`, all of them, so that a synchronous render finds them. A
   * template missing or not compiling is left for the render to report, as
   * Django reports it only where it is used.
   */
  async preload(names: readonly string[]): Promise<void> {
    if (!this.loaders.some((loader) => loader.loadAsync)) return;
    const done = new Set<string>();
    let wave: Wanted[] = names.filter((name) => typeof name === 'string').map((name) => ({ name: templatePart(name) }));
    while (wave.length) {
      const fresh = wave.filter(({ name, skip }) => {
        const key = skip ? [name, ...skip].join('\0') : name;
        if (!name || done.has(key)) return false;
        done.add(key);
        return true;
      });
      await Promise.all(fresh.map(({ name, skip }) => this.loadAsync(name, skip)));
      wave = [];
      for (const { name, skip } of fresh) {
        let template: Template;
        try {
          template = this.findTemplate(name, skip);
        } catch {
          continue;
        }
        let names = this.dependencies.get(template);
        if (names === undefined) {
          names = this.hooks.templateDependencies?.(template).names ?? [];
          this.dependencies.set(template, names);
        }
        for (const dep of names) {
          // A template extending one of its own name (an override) needs the next one found.
          wave.push(dep === name ? { name: dep, skip: new Set([...(skip ?? []), template.origin.name]) } : { name: dep });
        }
      }
    }
  }

  /** Ask the loaders for `name` in order, awaiting those that load asynchronously, until one has it. */
  private async loadAsync(name: string, skip?: ReadonlySet<string>): Promise<void> {
    const cached = skip ? undefined : this.cache?.get(name);
    if (cached && !(this.debug && cached.loader.isStale?.(cached.loaded))) return;
    for (const loader of this.loaders) {
      const found = loader.loadAsync ? await loader.loadAsync(name, [], skip) : loader.load(name, [], skip);
      if (found !== undefined) return;
    }
  }

  /** `getTemplate` after fetching what it needs (see `preload`). */
  async getTemplateAsync(name: string): Promise<Template> {
    if (typeof name === 'string') await this.preload([name]);
    return this.getTemplate(name);
  }

  /** `selectTemplate` after fetching, in order, until one template is found. */
  async selectTemplateAsync(names: readonly string[]): Promise<Template> {
    for (const name of names) {
      await this.preload([name]);
      try {
        return this.getTemplate(name);
      } catch (e) {
        if (!(e instanceof TemplateDoesNotExist)) throw e;
      }
    }
    // Django's error, naming every template tried.
    return this.selectTemplate(names);
  }

  /** The first of these templates that exists (Django's `select_template`). */
  selectTemplate(names: readonly string[]): Template {
    return selectTemplate(names, (name) => this.getTemplate(name));
  }

  /** Render the named template (or the first existing of several names). */
  renderToString(name: string | readonly string[], context?: Context | ContextValues | null, options?: RenderOptions): string {
    const template = typeof name === 'string' ? this.getTemplate(name) : this.selectTemplate(name);
    return template.render(context, options);
  }

  /**
   * Render the named template with asynchronous data (Promises, async
   * functions, async iterables in the context), as Django would render the
   * same data once known; templates are fetched first (see `preload`).
   */
  async renderToStringAsync(name: string | readonly string[], context?: Context | ContextValues | null, options?: RenderOptions): Promise<string> {
    const template = typeof name === 'string' ? await this.getTemplateAsync(name) : await this.selectTemplateAsync(name);
    return template.renderAsync(context, options);
  }

  /**
   * Load Django's locale data for these languages through dynamic `import()`
   * (one chunk per language in a bundle). Node reads it on first use; a
   * browser calls this (or gives `localeData`) before rendering in them.
   */
  async loadLanguages(languages: readonly string[]): Promise<void> {
    await this.i18n.loadLanguages(languages);
  }

  /** Forget every compiled template. */
  clearCache(): void {
    this.cache?.clear();
  }
}

/** Give a compile error its position and, as Django 6.1 does, the template's name. */
function syntaxError(e: unknown, origin: Origin): unknown {
  if (!(e instanceof Error)) return e;
  const token = (e as { token?: Token }).token;
  if (e instanceof TemplateSyntaxError && origin.name !== UNKNOWN_SOURCE) {
    (e as TemplateSyntaxError & { rawErrorMessage?: string }).rawErrorMessage = e.message;
    e.message = `Template: ${origin.name}, ${e.message}`;
  }
  if (token) annotate(e, { templateName: origin.name, line: token.lineno, column: token.col }, origin.source);
  else if (e instanceof TemplateSyntaxError) annotate(e, { templateName: origin.name, line: 1, column: 1 }, origin.source);
  return e;
}

/**
 * JavaScript's stack running out while a template is parsed or compiled
 * (over about a thousand nested tags) becomes a TemplateSyntaxError, where
 * Django would raise RecursionError; the innermost tag's position, when known.
 */
function tooDeep(e: unknown): unknown {
  if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) return e;
  const err = new TemplateSyntaxError("The template nests too deeply: JavaScript's stack ran out while compiling it.");
  const token = (e as { token?: Token }).token;
  if (token) (err as TemplateSyntaxError & { token?: Token }).token = token;
  return err;
}

/** The template of a name that may point at a partial (`page.html#card`). */
function templatePart(name: string): string {
  const hash = name.indexOf('#');
  return hash < 0 ? name : name.slice(0, hash);
}

export { ownOptions };
