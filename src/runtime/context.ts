/**
 * Django's Context: a stack of frames searched from the top, plus the
 * per-render state (RenderContext) that tags such as `cycle` keep.
 */
import type { Template } from '../template.js';
import type { Origin } from '../nodes.js';
import { TemplateLimitError } from '../errors.js';
import type { I18n } from '../i18n/translation.js';
import type { AsyncRenderState } from './async.js';

export type Frame = Record<string, unknown>;
export type ContextValues = Record<string, unknown> | Map<string, unknown>;

/**
 * The render's language and time zone (Django keeps them in thread-locals;
 * here each render has its own, so concurrent renders never share them).
 */
export interface RenderLocale {
  /** A Django language code: 'en-us', 'de', 'pt-br'. */
  language: string;
  /**
   * Inside `{% language None %}` (Django's `translation.override(None)`,
   * which deactivates translation): messages as they are, the settings'
   * formats, and `get_language()` None; `language` is then the engine's.
   */
  deactivated?: boolean;
  /** An IANA time zone name. */
  timeZone: string;
  /**
   * Django's `context.use_l10n`: absent or null localizes numbers and dates
   * with the language's formats; `{% localize off %}` makes it false.
   */
  useL10n?: boolean | null;
  /**
   * Django's `context.use_tz`: absent or null follows the engine's `useTz`;
   * `{% localtime on|off %}` sets it for a block.
   */
  useTz?: boolean | null;
  /** The engine's translations and formats; absent: English with Django's defaults. */
  i18n?: I18n;
}

export interface ContextOptions {
  autoescape?: boolean;
  /** The render's language and time zone; default en-us and UTC. */
  locale?: RenderLocale;
  /** The request being answered (Django's RequestContext): `{% querystring %}` reads its `GET`. */
  request?: unknown;
}

/**
 * A new frame. Frames are plain objects, which V8 keeps fast; they are only
 * ever read through own-property checks, so nothing inherited is seen.
 */
export function newFrame(): Frame {
  return {};
}

/** Set a key in a frame; `__proto__` becomes an own key, never the prototype. */
export function setInFrame<T>(frame: Frame, key: string, value: T): T {
  if (key === '__proto__') Object.defineProperty(frame, key, { value, writable: true, enumerable: true, configurable: true });
  else frame[key] = value;
  return value;
}

/** A frame's own value for a key (`__proto__` included). */
export function getInFrame(frame: Frame, key: string): unknown {
  return Object.hasOwn(frame, key) ? frame[key] : undefined;
}

function copyInto(frame: Frame, values: ContextValues): Frame {
  if (values instanceof Map) for (const [k, v] of values) setInFrame(frame, String(k), v);
  else for (const k of Object.keys(values)) setInFrame(frame, k, values[k]);
  return frame;
}

function toFrame(values: ContextValues): Frame {
  return values instanceof Map ? copyInto(newFrame(), values) : values;
}

/**
 * Count one more level of includes or partials in this render, refusing to
 * go past the engine's maxIncludeDepth (Django has no limit of its own and
 * stops at Python's recursion limit; this stops runaway recursion with a
 * clear error long before JavaScript's stack would overflow). The caller
 * lowers `renderContext.includeDepth` again when done. The message (`doing
 * 'name'`) is only put together when the limit is hit: this runs per include.
 */
export function enterNested(context: Context, origin: Origin, doing: string, name: string): void {
  const rc = context.renderContext;
  const max = origin.limits.maxIncludeDepth;
  if (rc.includeDepth >= max) {
    throw new TemplateLimitError('maxIncludeDepth', `Includes nest deeper than maxIncludeDepth (${max}) ${doing} '${name}'.`);
  }
  rc.includeDepth++;
}

/** Per-render state: a stack of Maps of which only the top one is visible. */
export class RenderContext {
  // A frame's Map is made when something is first set in it: most templates
  // (an include in a loop, say) never keep state.
  private frames: (Map<unknown, unknown> | null)[] = [null];
  /** The template being rendered (the innermost one). */
  template: Template | null = null;
  /** How deeply includes are nested in this render. */
  includeDepth = 0;
  /** How many `for` iterations this render has made (for maxLoopIterations). */
  loopIterations = 0;
  /**
   * `ifchanged`'s state per `forloop` object, for the whole render (Django
   * keeps it inside the forloop dict; the data may supply that object, and
   * a render never writes to the data). Made when first needed.
   */
  loopState: WeakMap<object, Map<unknown, unknown>> | null = null;

  push(): void {
    this.frames.push(null);
  }
  pop(): void {
    if (this.frames.length > 1) this.frames.pop();
  }
  has(key: unknown): boolean {
    return this.frames[this.frames.length - 1]?.has(key) ?? false;
  }
  get(key: unknown, otherwise?: unknown): unknown {
    const top = this.frames[this.frames.length - 1];
    if (top === null) return otherwise;
    // One lookup when the key is there (blocks ask once per render of each).
    const value = top.get(key);
    return value !== undefined || top.has(key) ? value : otherwise;
  }
  set(key: unknown, value: unknown): void {
    const i = this.frames.length - 1;
    (this.frames[i] ??= new Map()).set(key, value);
  }
}

export class ContextPopError extends Error {
  override name = 'ContextPopException';
  constructor() {
    super('pop() has been called more times than push()');
  }
}

export class Context {
  /** The frames, bottom first; the first holds True, False and None. */
  dicts: Frame[];
  autoescape: boolean;
  renderContext: RenderContext;
  /** The template this render started from (Django's `context.template`). */
  template: Template | null = null;
  templateName = 'unknown';
  /** The request, when rendering for one (Django's `context.request`). */
  request: unknown;
  /** The render's language and time zone (`{% language %}` changes it for a block). */
  locale: RenderLocale;
  /** Set during a pass of an async render (see runtime/async.ts). */
  asyncState: AsyncRenderState | undefined = undefined;

  constructor(values?: ContextValues | Context | null, options: ContextOptions = {}) {
    this.autoescape = options.autoescape ?? true;
    this.request = options.request;
    this.locale = options.locale ?? { language: 'en-us', timeZone: 'UTC' };
    this.renderContext = new RenderContext();
    this.dicts = [builtinsFrame()];
    if (values instanceof Context) this.dicts.push(...values.dicts.slice(1));
    else if (values != null) this.dicts.push(toFrame(values));
  }

  /**
   * The context of a render given plain values. Django makes the caller's
   * dict the frame; here it is a copy, so tags that set variables never
   * change the caller's object.
   */
  static forRender(values: ContextValues | null | undefined, autoescape: boolean, request?: unknown, locale?: RenderLocale): Context {
    const ctx = new Context(undefined, { autoescape, request, locale });
    if (values != null) ctx.dicts.push(copyInto(newFrame(), values));
    return ctx;
  }

  /** Push a new frame (optionally holding `values`) and return it. */
  push(values?: ContextValues | Context): Frame {
    const frame = newFrame();
    if (values instanceof Context) {
      for (const d of values.dicts.slice(1)) copyInto(frame, d);
    } else if (values != null) {
      copyInto(frame, values);
    }
    this.dicts.push(frame);
    return frame;
  }

  pop(): Frame {
    if (this.dicts.length === 1) throw new ContextPopError();
    return this.dicts.pop()!;
  }

  /** Django's `context.update(other)`: push `other` itself as a frame. */
  update(other: ContextValues): Frame {
    if (other === null || typeof other !== 'object') {
      throw new TypeError('other_dict must be a mapping (dictionary-like) object.');
    }
    const frame = toFrame(other);
    this.dicts.push(frame);
    return frame;
  }

  /** Django's `context[key] = value`: set in the top frame. */
  set(key: string, value: unknown): void {
    setInFrame(this.dicts[this.dicts.length - 1], key, value);
  }

  /** Set in the nearest frame that has the key, else in the top frame. */
  setUpward(key: string, value: unknown): void {
    for (let i = this.dicts.length - 1; i >= 0; i--) {
      if (Object.hasOwn(this.dicts[i], key)) {
        setInFrame(this.dicts[i], key, value);
        return;
      }
    }
    this.set(key, value);
  }

  get(key: string, otherwise?: unknown): unknown {
    for (let i = this.dicts.length - 1; i >= 0; i--) {
      const d = this.dicts[i];
      if (Object.hasOwn(d, key)) return d[key];
    }
    return otherwise;
  }

  has(key: string): boolean {
    for (let i = this.dicts.length - 1; i >= 0; i--) if (Object.hasOwn(this.dicts[i], key)) return true;
    return false;
  }

  delete(key: string): void {
    delete this.dicts[this.dicts.length - 1][key];
  }

  /** All frames merged into one object, top frames winning. */
  flatten(): Frame {
    const flat: Frame = Object.create(null);
    for (const d of this.dicts) Object.assign(flat, d);
    return flat;
  }

  /** A context with the same settings and only `values` in it. */
  new(values?: ContextValues | Context): Context {
    const c = new Context(values, { autoescape: this.autoescape, request: this.request, locale: this.locale });
    c.renderContext = this.renderContext;
    c.asyncState = this.asyncState;
    c.template = this.template;
    c.templateName = this.templateName;
    return c;
  }
}

function builtinsFrame(): Frame {
  const f: Frame = Object.create(null);
  f.True = true;
  f.False = false;
  f.None = null;
  return f;
}
