/**
 * The precompiler: templates to an ES module of render functions that runs
 * without `eval` or `new Function` (a strict Content-Security-Policy), on
 * the small runtime of `reinhardt/runtime` (see runtime.ts).
 *
 * Each compiled unit (a template, and each nodelist a rendering node holds)
 * becomes a real function of the module: the very code the engine would
 * give `new Function`, so sync renders, async passes and streams run as
 * they do in the engine. What the code refers to (its `r` array: filter
 * functions, the nodes of tags that render, constants) is written as a
 * recipe the runtime follows: functions by their registered name, objects
 * rebuilt from their own fields with their class named as registry.ts
 * names it, repeated objects shared. Nothing is parsed at run time. Every
 * string enters the module as an escaped literal.
 */
import { readdirSync } from 'node:fs';
import { Engine, type EngineOptions } from '../index.js';
import { catalogData, type CatalogData } from '../i18n/catalog.js';
import { LANGUAGES_SHIPPED } from '../utils/locale-data/languages.js';
import { Node, NodeList, type Origin } from '../nodes.js';
import { compileNodes, sourceMapJson, type SourceMapping } from '../compiler.js';
import { Token } from '../lexer.js';
import { Template } from '../template.js';
import type { FilterDef, Library } from '../library.js';
import type { CompiledCode } from '../runtime/units.js';
import { nodesFoundAtRender, precompiledClasses, precompiledFunctions, precompiledLibraries, translatingLibraries } from './registry.js';
// The version of the module format, which the runtime checks, and the parts a module imports.
import * as runtime from './runtime.js';

/** What changes the generated code itself, so it is fixed when precompiling. */
export interface PrecompileSettings {
  /** What a missing variable prints (see EngineOptions). */
  stringIfInvalid?: string;
  /** Largest output of one render, in characters. */
  maxOutputSize?: number;
  /** Most `for` iterations in one render. */
  maxLoopIterations?: number;
}

export interface PrecompileOptions extends PrecompileSettings {
  /**
   * Your libraries, for `{% load %}` (as EngineOptions.libraries). Their
   * filters, the functions of their simple, simple block and inclusion tags
   * and the Node classes they name (`library.node`) are named in the
   * module, which imports the same libraries at run time from
   * `librariesImport`. Django's static, cache, tz and l10n are imported
   * from the runtime (i18n and humanize with Django's translations, see
   * `i18n`); Node classes no library names are refused (PrecompileError).
   */
  libraries?: Record<string, Library>;
  /**
   * What the module imports its libraries from: a module whose default
   * export is the same record as `libraries` (one that imports `Library`
   * from `reinhardt/runtime`, so that the page does not load the engine).
   */
  librariesImport?: string;
  /** Where the module imports the runtime from (default `reinhardt/runtime`). */
  runtime?: string;
  /**
   * Give the module Django's translation machinery, so that it renders in
   * other languages and with locale settings (`createEngine({ languageCode,
   * useTz, ... })`, `render(name, context, { language })`). Implied when a
   * template loads i18n or humanize, or `localePaths` are given.
   */
  i18n?: boolean;
  /**
   * Django's LOCALE_PATHS: folders of `<locale>/LC_MESSAGES/django.mo` (or
   * `.po`), read now and written into the module as data (the page reads no
   * catalog files). Implies `i18n`.
   */
  localePaths?: readonly string[];
  /**
   * The languages whose locale data the module may import (Django's codes);
   * default every language Django ships. Each is a dynamic `import()` of
   * `<localeDataImport><code>`, which a bundler makes a chunk of.
   */
  languages?: readonly string[];
  /** What a language's locale data is imported from, before its code (default `reinhardt/locale-data/`). */
  localeDataImport?: string;
  /** The module's file name, for its source map (default `templates.js`). */
  file?: string;
  /** Make a source map (default true). */
  sourceMap?: boolean;
}

export interface PrecompiledModule {
  /** The ES module's text. */
  code: string;
  /** Its source map (version 3, JSON), when asked for. */
  map?: string;
  /** The templates it holds, by name. */
  templateNames: string[];
}


/**
 * Precompile templates given by name. Every template is compiled (a syntax
 * error is thrown with its name, line and column); what a template includes
 * or extends is found among them by name at render time.
 */
export function precompile(templates: Record<string, string> | Map<string, string>, options: PrecompileOptions = {}): PrecompiledModule {
  const sources = new Map(templates instanceof Map ? templates : Object.entries(templates));
  const engineOptions: EngineOptions = { templates: sources, cache: false };
  if (options.stringIfInvalid !== undefined) engineOptions.stringIfInvalid = options.stringIfInvalid;
  if (options.maxOutputSize !== undefined) engineOptions.maxOutputSize = options.maxOutputSize;
  if (options.maxLoopIterations !== undefined) engineOptions.maxLoopIterations = options.maxLoopIterations;
  if (options.libraries !== undefined) engineOptions.libraries = options.libraries;
  const engine = new Engine(engineOptions);
  const names = [...sources.keys()].sort();
  const compiled = names.map((name) => engine.getTemplate(name));
  const catalogs = (options.localePaths ?? []).map((path) => readCatalogs(engine, path));
  return new ModuleWriter(engine, compiled, options, catalogs).write();
}

/** The catalogs of one of LOCALE_PATHS, by locale (`<path>/<locale>/LC_MESSAGES/django.mo` or `.po`), as data. */
function readCatalogs(engine: Engine, path: string): Record<string, CatalogData> {
  const found: Record<string, CatalogData> = {};
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const catalog = engine.i18n.userCatalog(path, entry.name);
    if (catalog) Object.defineProperty(found, entry.name, { value: catalogData(catalog), enumerable: true, writable: true, configurable: true });
  }
  return found;
}

/** A JavaScript string literal that is also safe inside an HTML `<script>`. */
export function jsString(s: string): string {
  return safeSource(JSON.stringify(s));
}

/**
 * Generated code whose strings are JSON literals, made safe to inline in
 * HTML and for every JavaScript parser: `</script>` and `<!--` cannot close
 * or change a script element, and U+2028/U+2029 are not raw line breaks
 * (they would shift the lines stack traces count). Outside strings the
 * generated code holds no `<` followed by `/` or `!`, and no such character.
 */
function safeSource(code: string): string {
  return code.replace(/<(?=[/!])|[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** What the runtime finds a function or filter by: its name, in a library of yours or among the built-ins. */
interface Named {
  name: string;
  library?: string;
}

interface Unit {
  code: CompiledCode;
  origin: number;
  /** The expressions of its refs, filled in once written. */
  refs: string[];
}

/** A template uses what the runtime does not have (a tag's own Node class, a library not given). */
export class PrecompileError extends Error {
  override name = 'PrecompileError';
}

class ModuleWriter {
  private readonly origins = new Map<Origin, number>();
  private readonly units: Unit[] = [];
  private readonly unitOf = new Map<CompiledCode, number>();
  private readonly nodelistUnits = new Map<NodeList, number>();
  /** How each object is made, by index (`o[i]`), and the statements that fill them. */
  private readonly kinds: string[] = [];
  private readonly fills: string[] = [];
  private readonly objectIndex = new Map<object, number>();
  private readonly filterNames = new Map<Function, Named>();
  private readonly filterDefs = new Map<FilterDef, Named>();
  private readonly functionNames = new Map<Function, Named>();
  private readonly classNames = new Map<object, Named>();
  /** The template being written, for error messages. */
  private current = '';
  /** What the module imports of the runtime besides loadTemplates: the parts its templates use (parts.ts). */
  private readonly filterParts = new Set<string>();
  private readonly classParts = new Set<string>();
  private readonly functionParts = new Set<string>();
  /** Django's bundled libraries the templates use: `{% load %}` name to the runtime's export (parts.ts). */
  private readonly bundledParts = new Map<string, string>();
  /** Django's libraries the runtime has, by the name the templates load them by: the runtime's export. */
  private readonly bundled = new Map<string, string>();
  /** What Django's libraries the runtime lacks hold (filters, their functions, node prototypes), for the error naming them. */
  private readonly notInRuntime = new Map<unknown, string>();

  constructor(
    private readonly engine: Engine,
    private readonly templates: Template[],
    private readonly options: PrecompileOptions,
    private readonly catalogs: readonly Record<string, CatalogData>[] = [],
  ) {
    templates.forEach((t, i) => this.origins.set(t.origin, i));
    for (const [name, def] of engine.mergedBuiltins.filters) {
      if (!this.filterNames.has(def.fn)) this.filterNames.set(def.fn, { name });
      this.filterDefs.set(def, { name });
    }
    for (const [name, fn] of precompiledFunctions) this.functionNames.set(fn, { name });
    const own = options.libraries ?? {};
    for (const [library, lib] of engine.templateLibraries) {
      const mine = Object.hasOwn(own, library) && own[library] === lib;
      const part = precompiledLibraries.get(lib);
      // Django's bundled libraries, under whatever name they are loaded by, are the runtime's.
      if (part !== undefined) this.bundled.set(library, part);
      else if (!mine) {
        for (const [name, def] of lib.filters) {
          this.notInRuntime.set(def, `filter '${name}' of library '${library}'`);
          this.notInRuntime.set(def.fn, `filter '${name}' of library '${library}'`);
        }
        for (const [name, cls] of lib.nodeClasses) this.notInRuntime.set(cls.prototype, `tag of library '${library}' (${name})`);
        continue;
      }
      for (const [name, def] of lib.filters) {
        if (!this.filterNames.has(def.fn)) this.filterNames.set(def.fn, { name, library });
        if (!this.filterDefs.has(def)) this.filterDefs.set(def, { name, library });
      }
      for (const [name, fn] of lib.tagFunctions) if (!this.functionNames.has(fn)) this.functionNames.set(fn, { name, library });
      for (const [name, cls] of lib.nodeClasses) if (!this.classNames.has(cls.prototype)) this.classNames.set(cls.prototype, { name, library });
    }
    for (const [name, cls] of precompiledClasses) this.classNames.set(cls.prototype, { name });
  }

  write(): PrecompiledModule {
    const mains = this.templates.map((t, i) => {
      this.current = t.origin.name;
      return this.unit(codeOf(t), i);
    });
    // A template's nodelist runs as the template's own code.
    this.templates.forEach((t, i) => this.nodelistUnits.set(t.nodelist, mains[i]));
    const nodelists = this.templates.map((t) => {
      this.current = t.origin.name;
      return this.value(t.nodelist);
    });
    const extraData = this.templates.map((t) => {
      this.current = t.origin.name;
      return this.value(t.extraData);
    });
    // Units found while writing refs add refs of their own.
    for (let i = 0; i < this.units.length; i++) {
      const unit = this.units[i];
      this.current = this.templates[unit.origin].origin.name;
      unit.refs = unit.code.refs.map((v) => this.value(v));
    }
    return this.module(mains, nodelists, extraData);
  }

  private unit(code: CompiledCode, origin: number): number {
    let index = this.unitOf.get(code);
    if (index === undefined) {
      index = this.units.length;
      this.units.push({ code, origin, refs: [] });
      this.unitOf.set(code, index);
    }
    return index;
  }

  private fail(what: string): never {
    throw new PrecompileError(`Template ${this.current} cannot be precompiled: ${what}.`);
  }

  /** An expression for a value in `build($, o, O, E)`. */
  private value(v: unknown): string {
    switch (typeof v) {
      case 'string': return jsString(v);
      case 'boolean': return String(v);
      case 'undefined': return 'void 0';
      case 'bigint': return `${v}n`;
      case 'number':
        if (Object.is(v, -0)) return '-0';
        return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
      case 'function': return this.functionValue(v);
      case 'symbol': return this.fail('a tag keeps a Symbol');
      default: break;
    }
    if (v === null) return 'null';
    const obj = v as object;
    const origin = this.origins.get(obj as Origin);
    if (origin !== undefined) return `O[${origin}]`;
    if (obj === this.engine) return 'E';
    const filter = this.filterDefs.get(obj as FilterDef);
    if (filter !== undefined) return this.named('d', filter);
    const known = this.objectIndex.get(obj);
    if (known !== undefined) return `o[${known}]`;
    this.notInTheRuntime(obj);
    if (obj instanceof Template) this.fail('a tag keeps a compiled Template');
    const index = this.kinds.length;
    this.objectIndex.set(obj, index);
    this.kinds.push('');
    this.kinds[index] = this.make(obj, index);
    return `o[${index}]`;
  }

  /** Fails on what belongs to one of Django's libraries that the runtime does not have. */
  private notInTheRuntime(v: object): void {
    const what = this.notInRuntime.get(v) ?? this.notInRuntime.get(Object.getPrototypeOf(v));
    if (what !== undefined) this.fail(`${what} is not in reinhardt/runtime (see "Precompiling for the browser" in the README)`);
  }

  private functionValue(fn: Function): string {
    const filter = this.filterNames.get(fn);
    if (filter !== undefined) return this.named('f', filter);
    const named = this.functionNames.get(fn);
    if (named !== undefined) return this.named('fn', named);
    this.notInTheRuntime(fn);
    return this.fail(`a tag keeps a function (${fn.name || 'anonymous'}) the runtime does not have`);
  }

  /** `$.f`, `$.d` or `$.fn` of a name, in one of your libraries or among the built-ins. */
  private named(how: 'f' | 'd' | 'fn', { name, library }: Named): string {
    if (library === undefined) {
      if (how === 'fn') this.functionParts.add(this.part(name));
      else this.filterParts.add(this.part(registrarName(name)));
      return `$.${how}(${jsString(name)})`;
    }
    this.libraryUsed(library);
    return `$.${how}(${jsString(name)},${jsString(library)})`;
  }

  /** A name the runtime exports (what the module imports it by). */
  private part(name: string): string {
    if (!Object.hasOwn(runtime, name)) this.fail(`reinhardt/runtime exports no ${name}`);
    return name;
  }

  private libraryUsed(library: string): void {
    const part = this.bundled.get(library);
    if (part !== undefined) this.bundledParts.set(library, this.part(part));
    else if (this.options.librariesImport === undefined) {
      this.fail(`it uses library '${library}': give the module your libraries are imported from (librariesImport, or --libraries)`);
    }
  }

  /** The kind of object `o[index]` is (how the runtime makes it), queuing what fills it. */
  private make(obj: object, index: number): string {
    const ref = `o[${index}]`;
    if (Array.isArray(obj)) {
      if (Object.getPrototypeOf(obj) !== Array.prototype) this.fail('a tag keeps an array of its own class');
      this.fills.push(`$.a(${ref},[${obj.map((x) => this.value(x)).join(',')}])`);
      return 'A';
    }
    if (obj instanceof Map) {
      const flat: string[] = [];
      for (const [k, x] of obj) flat.push(this.value(k), this.value(x));
      this.fills.push(`$.m(${ref},[${flat.join(',')}])`);
      return 'M';
    }
    if (obj instanceof Set) {
      this.fills.push(`$.a(${ref},[${[...obj].map((x) => this.value(x)).join(',')}])`);
      return 'S';
    }
    if (obj instanceof Token) {
      // Its data without its class (the lexer's): render time reads only its fields.
      this.fields(ref, obj, Object.keys(obj));
      return 'O';
    }
    if (obj instanceof NodeList) {
      this.nodelist(ref, obj);
      return 'NodeList';
    }
    const proto = Object.getPrototypeOf(obj);
    let kind: string;
    if (proto === Object.prototype) kind = 'O';
    else if (proto === null) kind = 'N';
    else {
      const named = this.classNames.get(proto);
      if (named === undefined) {
        const what = obj instanceof Node ? `its {% ${nodeTag(obj)} %} renders through ${proto.constructor?.name ?? 'a class'}` : `a tag keeps a ${proto.constructor?.name ?? 'value'}`;
        return this.fail(`${what}, which the runtime does not have (name your tags' Node classes with library.node(name, class))`);
      }
      if (named.library !== undefined) this.libraryUsed(named.library);
      if (named.library?.includes(':')) this.fail(`library '${named.library}' has a colon in its name, which a precompiled module cannot name its classes by`);
      // A class of yours is `library:name`; load names and class names hold no colon.
      kind = named.library === undefined ? named.name : `${named.library}:${named.name}`;
      if (named.library === undefined) this.classParts.add(this.part(named.name));
    }
    const keys = Object.keys(obj).filter((k) => !RENDER_CACHES.has(k));
    if (Object.getOwnPropertySymbols(obj).length) this.fail(`a ${kind} keeps values under Symbols`);
    this.fields(ref, obj, keys);
    return kind;
  }

  private fields(ref: string, obj: object, keys: readonly string[]): void {
    const flat: string[] = [];
    for (const k of keys) flat.push(jsString(k), this.value((obj as Record<string, unknown>)[k]));
    this.fills.push(`$.s(${ref},[${flat.join(',')}])`);
  }

  /**
   * A nodelist keeps its compiled function (a unit of the module) and, of
   * its nodes, only the outermost ones render-time code looks for.
   */
  private nodelist(ref: string, nl: NodeList): void {
    const origin = nl.origin ?? nl.nodes[0]?.origin;
    // Its length stays the whole list's: tags test it (`ifchanged`'s else).
    const flat = ['"containsNontext"', String(nl.containsNontext), '"length"', String(nl.nodes.length)];
    if (origin) flat.push('"origin"', this.value(origin));
    if (nl.nodes.length) {
      const originIndex = this.origins.get(origin!);
      if (originIndex === undefined) this.fail('a nodelist comes from another template');
      const unit = this.nodelistUnits.get(nl) ?? this.unit(compileNodes(nl.nodes, origin!), originIndex);
      flat.push('"compiled"', `$.u(${unit})`);
    }
    const kept = this.keptNodes(nl);
    this.fills.push(`$.s(${ref},[${flat.join(',')}])`, `$.a(${ref}.nodes,[${kept.map((n) => this.value(n)).join(',')}])`);
  }

  private keptNodes(nl: NodeList): Node[] {
    const wanted = nl.getNodesByType(Node).filter((n) => nodesFoundAtRender.some((cls) => n instanceof cls));
    const inner = new Set<Node>();
    for (const n of wanted) for (const d of n.getNodesByType(Node)) if (d !== n) inner.add(d);
    return wanted.filter((n) => !inner.has(n));
  }

  /** The definition's libraries: Django's it loads (from the runtime), then yours (a name of yours is its own). */
  /** Whether the module has Django's translations: asked for, or a template loads i18n or humanize. */
  private translates(): boolean {
    if (this.options.i18n || this.options.localePaths?.length) return true;
    for (const library of this.bundledParts.keys()) {
      if (translatingLibraries.has(this.engine.templateLibraries.get(library)!)) return true;
    }
    return false;
  }

  /**
   * The module's translations: a dynamic import per language (before the
   * definition) and the definition's `i18n` (the machinery, the catalogs as data).
   */
  private i18nParts(): { imports: string[]; field: string[] } {
    const languages = this.options.languages ?? LANGUAGES_SHIPPED;
    for (const code of languages) {
      if (!LANGUAGES_SHIPPED.includes(code)) throw new PrecompileError(`Django ships no locale data for language '${code}' (languages).`);
    }
    const from = this.options.localeDataImport ?? 'reinhardt/locale-data/';
    return {
      imports: [
        // Literal specifiers, one per language: a bundler makes each a chunk loaded when needed.
        'const localeData = {',
        ...languages.map((code) => `  ${jsString(code)}: () => import(${jsString(from + code)}),`),
        '};',
        '',
      ],
      field: [
        '  i18n: {',
        `    I18n: ${this.part('I18n')},`,
        // JSON.parse: a msgid `__proto__` stays a key.
        `    catalogs: JSON.parse(${jsString(JSON.stringify(this.catalogs))}),`,
        '    load: (code) => (Object.hasOwn(localeData, code) ? localeData[code]() : undefined),',
        '  },',
      ],
    };
  }

  private librariesField(): string[] {
    const bundled = [...this.bundledParts].map(([library, part]) => `${jsString(library)}: ${part}`);
    if (this.options.librariesImport !== undefined) bundled.push('...libraries');
    return bundled.length ? [`  libraries: { ${bundled.join(', ')} },`] : [];
  }

  private module(mains: number[], nodelists: string[], extraData: string[]): PrecompiledModule {
    const i18n = this.translates() ? this.i18nParts() : undefined;
    const parts = ['loadTemplates', ...this.filterParts, ...this.classParts, ...this.functionParts, ...this.bundledParts.values()];
    if (i18n) parts.push('I18n');
    const lines: string[] = [
      '// Generated by `reinhardt precompile`: do not edit. See "Precompiling for the browser" in reinhardt\'s README.',
      // Only the parts the templates use: a bundler leaves the rest of the runtime out.
      `import { ${parts.join(', ')} } from ${jsString(this.options.runtime ?? 'reinhardt/runtime')};`,
      ...(this.options.librariesImport === undefined ? [] : [`import libraries from ${jsString(this.options.librariesImport)};`]),
      '',
      ...(i18n?.imports ?? []),
      'const units = [',
    ];
    const file = this.options.file ?? 'templates.js';
    const mappings: SourceMapping[] | undefined = this.options.sourceMap === false ? undefined : [];
    const firstLines: number[] = [];
    for (const unit of this.units) {
      lines.push('function (rt, r) {');
      const first = lines.length + 1;
      firstLines.push(first);
      const body = unit.code.source.split('\n').filter((l) => !l.startsWith('//# source'));
      for (const l of body) lines.push(safeSource(l));
      lines.push('},');
      const s = unit.code.segments;
      for (let i = 0; mappings && i < s.length; i += 4) {
        if (s[i + 2]) mappings.push([s[i] + first - 1, s[i + 1], unit.origin, s[i + 2] - 1, s[i + 3] - 1]);
      }
    }
    const map = mappings && sourceMapJson(file, this.templates.map((t) => ({ name: t.origin.name, source: t.origin.source })), mappings);
    const settings = this.templates[0]?.origin;
    lines.push(
      '];',
      '',
      'function build($, o, O, E) {',
      ...this.fills.map((f) => `${f};`),
      `return { refs: [${this.units.map((u) => `[${u.refs.join(',')}]`).join(',\n')}],`,
      `nodelists: [${nodelists.join(',')}], extraData: [${extraData.join(',')}] };`,
      '}',
      '',
      'const definition = {',
      `  format: ${runtime.PRECOMPILED_FORMAT},`,
      '  url: import.meta.url,',
      '  units,',
      ...this.librariesField(),
      ...(i18n?.field ?? []),
      `  kinds: [${this.kinds.map(jsString).join(',')}],`,
      '  build,',
      `  templates: [${this.templates.map((t, i) => `[${jsString(t.origin.name)},${jsString(t.origin.source)},${mains[i]}]`).join(',\n')}],`,
      `  unitOrigins: [${this.units.map((u) => u.origin).join(',')}],`,
      `  unitLines: [${firstLines.join(',')}],`,
      `  segments: [${this.units.map((u) => `[${u.code.segments.join(',')}]`).join(',\n')}],`,
      `  parts: { filters: [${[...this.filterParts].join(', ')}], classes: { ${[...this.classParts].join(', ')} }, functions: { ${[...this.functionParts].join(', ')} } },`,
      `  settings: { stringIfInvalid: ${jsString(settings?.stringIfInvalid ?? '')}, maxOutputSize: ${this.value(settings?.limits.maxOutputSize ?? Infinity)}, maxLoopIterations: ${this.value(settings?.limits.maxLoopIterations ?? Infinity)} },`,
      '};',
      '',
      '/** The names of the templates this module holds. */',
      `export const templateNames = [${this.templates.map((t) => jsString(t.origin.name)).join(', ')}];`,
      '',
      '/** An engine of these templates (options: see the runtime\'s RuntimeEngineOptions). */',
      'export function createEngine(options) {',
      '  return loadTemplates(definition, options);',
      '}',
      '',
      'let engine;',
      '/** The engine `render`, `renderAsync` and `renderStream` use: made with default options on first use. */',
      'export function getEngine() {',
      '  return (engine ??= createEngine());',
      '}',
      '/** Load Django\'s locale data for these languages (a synchronous render in one needs it; async renders load theirs). */',
      'export function loadLanguages(languages) {',
      '  return getEngine().loadLanguages(languages);',
      '}',
      'export function render(name, context, options) {',
      '  return getEngine().renderToString(name, context, options);',
      '}',
      'export function renderAsync(name, context, options) {',
      '  return getEngine().renderToStringAsync(name, context, options);',
      '}',
      'export function renderStream(name, context, options) {',
      '  return getEngine().renderStream(name, context, options);',
      '}',
    );
    if (map) lines.push(`//# sourceMappingURL=${encodeURI(basename(file))}.map`);
    return { code: lines.join('\n') + '\n', map, templateNames: this.templates.map((t) => t.origin.name) };
  }
}

/** Caches a render fills in on a node (`Node.render`'s standalone function, an include's template). */
const RENDER_CACHES: ReadonlySet<string> = new Set(['standalone', 'constantTemplate']);

function codeOf(t: Template): CompiledCode {
  return (t as unknown as { code: CompiledCode }).code;
}

function nodeTag(n: Node): string {
  return n.token?.contents.split(/\s/)[0] ?? 'tag';
}

/** The runtime's export that registers a built-in filter: `filter` and its name in camelCase (parts.ts). */
function registrarName(name: string): string {
  return 'filter' + name.split('_').map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}

function basename(path: string): string {
  return path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
}

