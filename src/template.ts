/**
 * Django's Template: compiled once from source, rendered many times.
 */
import { TemplateLimitError, TemplateSyntaxError, annotate } from './errors.js';
import { tokenize, type Token } from './lexer.js';
import { Parser } from './parser.js';
import { annotateFromStack, compileNodes, runUnit, sourceMap, type CompiledCode } from './compiler.js';
import { AsyncRenderState, MAX_PASSES, type StreamSink } from './runtime/async.js';
import type { NodeList, Origin } from './nodes.js';
import { Context, RenderContext, type ContextValues } from './runtime/context.js';
import type { Engine } from './engine.js';

/** Django's name for a template made from a string. */
export const UNKNOWN_SOURCE = '<unknown source>';

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

  constructor(engine: Engine, source: string, origin: Origin, name: string | null) {
    this.engine = engine;
    this.source = source;
    this.origin = origin;
    this.name = name;
    if (source.length > origin.limits.maxTemplateSize) {
      throw new TemplateLimitError('maxTemplateSize', `Template ${origin.name} is larger than maxTemplateSize (${source.length} > ${origin.limits.maxTemplateSize} characters).`)
        .setPosition({ templateName: origin.name, line: 1, column: 1 });
    }
    const parser = new Parser(tokenize(source), origin, engine.templateLibraries, engine.mergedBuiltins, engine);
    try {
      this.nodelist = parser.parse();
    } catch (e) {
      throw this.syntaxError(tooDeep(e));
    }
    this.extraData = parser.extraData;
    try {
      this.code = compileNodes(this.nodelist, origin);
    } catch (e) {
      throw this.syntaxError(tooDeep(e));
    }
  }

  /** Give a compile error its position and, as Django 6.1 does, the template's name. */
  private syntaxError(e: unknown): unknown {
    if (!(e instanceof Error)) return e;
    const token = (e as { token?: Token }).token;
    if (e instanceof TemplateSyntaxError && this.origin.name !== UNKNOWN_SOURCE) {
      (e as TemplateSyntaxError & { rawErrorMessage?: string }).rawErrorMessage = e.message;
      e.message = `Template: ${this.origin.name}, ${e.message}`;
    }
    if (token) {
      annotate(e, { templateName: this.origin.name, line: token.lineno, column: token.col }, this.source);
    } else if (e instanceof TemplateSyntaxError) {
      annotate(e, { templateName: this.origin.name, line: 1, column: 1 }, this.source);
    }
    return e;
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
    return renderInPasses((ctx) => this.render(ctx, options), this.engine, context, options);
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
    return sourceMap(this.code, this.origin);
  }

  /** The generated JavaScript, for the curious and for debugging. */
  get generatedCode(): string {
    return this.code.source;
  }
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
    return renderInPasses((ctx) => this.render(ctx, options), this.engine, context, options);
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
  return new ReadableStream<string>({
    start(controller) {
      const sink: StreamSink = { emit: (text) => controller.enqueue(text), sent: 0, levels: [] };
      const waitForDemand = async (): Promise<void> => {
        while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (demand = resolve));
      };
      renderInPasses(render, engine, context, options, { sink, waitForDemand, cancelled: () => cancelled }).then(
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
      demand?.();
    },
  }, new CountQueuingStrategy({ highWaterMark: 16 }));
}

/** The passes of an async render (see runtime/async.ts). */
async function renderInPasses(
  render: (ctx: Context) => string,
  engine: Engine,
  context: Context | ContextValues | null | undefined,
  options: RenderOptions | undefined,
  streaming?: { sink: StreamSink; waitForDemand(): Promise<void>; cancelled(): boolean },
): Promise<string> {
  const state = new AsyncRenderState();
  state.stream = streaming?.sink;
  const started = Date.now();
  for (let pass = 1; ; pass++) {
    if (streaming?.cancelled()) return '';
    let ctx: Context;
    if (context instanceof Context) {
      // The caller's Context, with render state of its own for each pass.
      ctx = context;
      ctx.renderContext = new RenderContext();
    } else {
      ctx = Context.forRender(context, engine.autoescape, options?.request, {
        language: options?.language ?? engine.languageCode,
        timeZone: options?.timeZone ?? engine.timeZone,
      });
    }
    const outer = ctx.asyncState;
    ctx.asyncState = state;
    state.startPass();
    let output: string | undefined;
    let error: unknown;
    let failed = false;
    try {
      output = render(ctx);
    } catch (e) {
      error = e;
      failed = true;
    } finally {
      ctx.asyncState = outer;
    }
    if (state.pending.size === 0) {
      if (failed) throw error;
      return output!;
    }
    // What failed in this pass may have failed for a value still unknown.
    if (pass >= MAX_PASSES) {
      throw new Error(`The context's asynchronous values did not settle after ${MAX_PASSES} passes (a getter that makes a new Promise each time?).`);
    }
    await settleWithin(state, started, engine.limits.renderTimeout);
    await streaming?.waitForDemand();
  }
}

/** Wait for the values a pass met, no longer than the render may take in all. */
async function settleWithin(state: AsyncRenderState, started: number, timeout: number): Promise<void> {
  if (!Number.isFinite(timeout)) return state.settlePending();
  const left = timeout - (Date.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TemplateLimitError('renderTimeout', `The render's data did not arrive within renderTimeout (${timeout} ms).`)), Math.max(0, left));
  });
  try {
    await Promise.race([state.settlePending(), expired]);
  } finally {
    clearTimeout(timer);
  }
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
  try {
    return body(ctx);
  } finally {
    rc.pop();
    rc.template = outer;
    if (binds) ctx.template = null;
  }
}

/**
 * JavaScript's stack running out while a template is parsed or compiled
 * (over about a thousand nested tags, or a chain of over a thousand filters
 * or operators) becomes a TemplateSyntaxError, where Django would raise
 * RecursionError for deep nesting; the innermost tag's position, when known.
 */
function tooDeep(e: unknown): unknown {
  if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) return e;
  const err = new TemplateSyntaxError("The template nests too deeply: JavaScript's stack ran out while compiling it.");
  const token = (e as { token?: Token }).token;
  if (token) (err as TemplateSyntaxError & { token?: Token }).token = token;
  return err;
}
