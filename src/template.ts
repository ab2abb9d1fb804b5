/**
 * Django's Template: compiled once from source, rendered many times.
 */
import { TemplateDoesNotExist, TemplateLimitError, withDeepStack, type TriedTemplate } from './errors.js';
import { annotateFromStack, runUnit, type CompiledCode } from './runtime/units.js';
import type { AsyncRenderCore, StreamSink, Streaming } from './runtime/async.js';
import { asyncRuntimes, isThenable, REJECTION_SITE } from './runtime/async-core.js';
import { MISSING, callValue, findName, lookupMember } from './runtime/lookup.js';
import type { NodeList, Origin } from './nodes.js';
import { Context, RenderContext, type ContextValues } from './runtime/context.js';
import type { Engine } from './engine.js';

/**
 * Async rendering (runtime/async.ts), loaded on the first async render: a
 * page that renders only synchronously does not load it (a bundler makes it
 * a chunk of its own).
 */
function asyncRendering(): Promise<typeof import('./runtime/async.js')> {
  return import('./runtime/async.js');
}

/** What async rendering uses of the core (see AsyncRenderCore). */
function asyncRenderCore(): AsyncRenderCore {
  return { Context, RenderContext, TemplateLimitError, MISSING, REJECTION_SITE, callValue, findName, lookupMember, isThenable, asyncRuntimes, withDeepStack };
}

/** Django's name for a template made from a string. */
export const UNKNOWN_SOURCE = '<unknown source>';

/** What a template's source compiles to (Django's `compile_nodelist`, and our code). */
export interface CompiledTemplate {
  readonly nodelist: NodeList;
  /** Data custom tags left while parsing (Django's `extra_data`). */
  readonly extraData: Record<string, unknown>;
  readonly code: CompiledCode;
}

export interface RenderOptions {
  /** The render's language (a Django language code); default the engine's `languageCode`. */
  language?: string;
  /** The render's time zone (IANA name); default the engine's `timeZone`. */
  timeZone?: string;
  /**
   * The request being answered (Django's RequestContext): `{% querystring %}`
   * reads its `GET` (a URLSearchParams, or a plain object of lists).
   */
  request?: unknown;
}

export class Template {
  readonly engine: Engine;
  /** The name it was asked for, or null for a template made from a string. */
  readonly name: string | null;
  readonly origin: Origin;
  readonly source: string;
  readonly nodelist: NodeList;
  /** Data custom tags left while parsing (Django's `extra_data`). */
  readonly extraData: Record<string, unknown>;
  /** What tags derive from this compiled template, kept so it is worked out once. */
  readonly tagCache = new Map<unknown, unknown>();
  private readonly code: CompiledCode;

  /**
   * Compiled by the engine from source, or given `compiled`: the parts a
   * precompiled module rebuilt without a parser.
   */
  constructor(engine: Engine, source: string, origin: Origin, name: string | null, compiled?: CompiledTemplate) {
    this.engine = engine;
    this.source = source;
    this.origin = origin;
    this.name = name;
    const parts = compiled ?? engine.compileTemplate(source, origin);
    this.nodelist = parts.nodelist;
    this.extraData = parts.extraData;
    this.code = parts.code;
  }

  /**
   * Render with a Context, or with plain values (an object or a Map), which
   * are wrapped in a Context and never changed by the render.
   */
  render(context?: Context | ContextValues | null, options?: RenderOptions): string {
    return renderWithState(this, this.name ?? 'unknown', context, options, (ctx) => this.renderInContext(ctx));
  }

  /**
   * Render with asynchronous data: a value in the context may be a Promise
   * (or thenable), an async function or an async iterable, awaited where the
   * template reaches it. See runtime/async.ts for how.
   */
  renderAsync(context?: Context | ContextValues | null, options?: RenderOptions): Promise<string> {
    return asyncRendering().then((m) => m.renderInPasses(asyncRenderCore(), (ctx) => this.render(ctx, options), this.engine, context, options));
  }

  /**
   * Render with asynchronous data as a stream of text: what is known goes
   * out first (the page's head before a slow query's rows). See README.
   */
  renderStream(context?: Context | ContextValues | null, options?: RenderOptions): ReadableStream<string> {
    return streamInPasses((ctx) => this.render(ctx, options), this.engine, context, options);
  }

  /** `renderStream` as a Node Readable of UTF-8 text (Node only). */
  renderNodeStream(context?: Context | ContextValues | null, options?: RenderOptions): import('node:stream').Readable {
    const stream = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:stream') as
      | typeof import('node:stream')
      | undefined;
    if (!stream) throw new Error('renderNodeStream needs Node.js (20.16 or later); use renderStream elsewhere.');
    return stream.Readable.fromWeb(this.renderStream(context, options) as unknown as import('node:stream/web').ReadableStream, { encoding: 'utf8' });
  }

  /**
   * Render in the caller's render state (Django's `Template._render`): what
   * `extends` does with a parent, which shares its child's state.
   */
  renderInContext(ctx: Context): string {
    try {
      return runUnit(this.code, ctx, this.origin);
    } catch (e) {
      annotateFromStack(e, this.origin);
      throw e;
    }
  }

  /** A source map (version 3, as JSON) from the generated code to this template. */
  sourceMap(): string {
    return this.code.sourceMap();
  }

  /** The generated JavaScript, for the curious and for debugging. */
  get generatedCode(): string {
    return this.code.source;
  }
}

/**
 * Django's Engine.get_template: the template `find` gives for a name;
 * `page.html#name` is the partial `name` of `page.html`.
 */
export function templateOrPartial(name: string, find: (templateName: string) => Template): Template {
  if (typeof name !== 'string') throw new TemplateDoesNotExist(String(name));
  const hash = name.indexOf('#');
  const templateName = hash < 0 ? name : name.slice(0, hash);
  if (!templateName) throw new TemplateDoesNotExist(name);
  const template = find(templateName);
  const partialName = hash < 0 ? '' : name.slice(hash + 1);
  if (!partialName) return template;
  const partials = template.extraData.partials as Map<string, PartialTemplate> | undefined;
  const partial = partials?.get(partialName);
  if (partial === undefined) throw new TemplateDoesNotExist(partialName, [{ name: templateName, loader: '', reason: 'Partial not defined' }]);
  // A partial renders like a template: callers need not tell them apart.
  return partial as unknown as Template;
}

/** Django's select_template: the first of these names that `get` finds. */
export function selectTemplate(names: readonly string[], get: (name: string) => Template): Template {
  if (!names.length) throw new TemplateDoesNotExist('No template names provided');
  const notFound: string[] = [];
  const tried: TriedTemplate[] = [];
  for (const name of names) {
    try {
      return get(name);
    } catch (e) {
      if (!(e instanceof TemplateDoesNotExist)) throw e;
      if (!notFound.includes(e.message)) notFound.push(e.message);
      tried.push(...e.tried);
    }
  }
  throw new TemplateDoesNotExist(notFound.join(', '), tried);
}

/**
 * Django's PartialTemplate: one `{% partialdef %}` of a template, rendered
 * on its own (`engine.getTemplate('page.html#name')`, `{% partial name %}`).
 */
export class PartialTemplate {
  constructor(
    readonly engine: Engine,
    readonly nodelist: NodeList,
    readonly origin: Origin,
    readonly name: string,
    /** Offsets of the whole `{% partialdef %}...{% endpartialdef %}` in the template's source. */
    private readonly sourceRange: readonly [number, number],
  ) {}

  /** The partial's source, from its `partialdef` to its end tag. */
  get source(): string {
    return this.origin.source.slice(this.sourceRange[0], this.sourceRange[1]);
  }

  render(context?: Context | ContextValues | null, options?: RenderOptions): string {
    return renderWithState(this as unknown as Template, this.name, context, options, (ctx) => this.nodelist.render(ctx));
  }

  renderAsync(context?: Context | ContextValues | null, options?: RenderOptions): Promise<string> {
    return asyncRendering().then((m) => m.renderInPasses(asyncRenderCore(), (ctx) => this.render(ctx, options), this.engine, context, options));
  }

  renderStream(context?: Context | ContextValues | null, options?: RenderOptions): ReadableStream<string> {
    return streamInPasses((ctx) => this.render(ctx, options), this.engine, context, options);
  }
}

/**
 * A streamed async render. Between passes it waits for the reader (a slow
 * client does not make output pile up), and it stops when the reader cancels.
 */
function streamInPasses(
  render: (ctx: Context) => string,
  engine: Engine,
  context: Context | ContextValues | null | undefined,
  options: RenderOptions | undefined,
): ReadableStream<string> {
  let demand: (() => void) | undefined;
  let cancelled = false;
  let streaming: Streaming | undefined;
  return new ReadableStream<string>({
    start(controller) {
      const sink: StreamSink = { emit: (text) => controller.enqueue(text), sent: 0, levels: [] };
      const waitForDemand = async (): Promise<void> => {
        while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (demand = resolve));
      };
      const current: Streaming = { sink, waitForDemand, cancelled: () => cancelled };
      streaming = current;
      asyncRendering().then((m) => m.renderInPasses(asyncRenderCore(), render, engine, context, options, current)).then(
        (output) => {
          if (cancelled) return;
          if (output.length > sink.sent) controller.enqueue(output.slice(sink.sent));
          controller.close();
        },
        (error) => {
          if (!cancelled) controller.error(error);
        },
      );
    },
    pull() {
      demand?.();
      demand = undefined;
    },
    cancel() {
      cancelled = true;
      streaming?.stop?.();
      demand?.();
    },
  }, new CountQueuingStrategy({ highWaterMark: 16 }));
}

/**
 * Django's Template.render: a fresh scope of per-render state for the
 * template, and the context bound to it when it is the render's first.
 * Plain values are wrapped in a Context and never changed by the render.
 */
function renderWithState(
  template: Template,
  name: string,
  context: Context | ContextValues | null | undefined,
  options: RenderOptions | undefined,
  body: (ctx: Context) => string,
): string {
  const engine = template.engine;
  const ctx = context instanceof Context
    ? context
    : Context.forRender(context, engine.autoescape, options?.request, {
      language: options?.language ?? engine.languageCode,
      timeZone: options?.timeZone ?? engine.timeZone,
      i18n: engine.i18n,
    });
  // A Context made by the caller renders with this engine's translations.
  if (ctx.locale.i18n === undefined) ctx.locale = { ...ctx.locale, i18n: engine.i18n };
  if (context instanceof Context && (options?.language !== undefined || options?.timeZone !== undefined)) {
    ctx.locale = { ...ctx.locale, language: options.language ?? ctx.locale.language, timeZone: options.timeZone ?? ctx.locale.timeZone };
  }
  const rc = ctx.renderContext;
  const outer = rc.template;
  rc.push();
  rc.template = template;
  const binds = ctx.template === null;
  if (binds) {
    ctx.template = template;
    ctx.templateName = name;
  }
  // The frames the render pushes are gone when it ends, also when it
  // throws, as Django's tags pop theirs in `finally`: a Context given again
  // holds what it held, and an error's message (VariableDoesNotExist lists
  // the frames when it is read) shows what Django's shows.
  const depth = ctx.dicts.length;
  try {
    return body(ctx);
  } finally {
    rc.pop();
    rc.template = outer;
    if (binds) ctx.template = null;
    if (ctx.dicts.length > depth) ctx.dicts.length = depth;
  }
}
