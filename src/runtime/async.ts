/**
 * Rendering with asynchronous data: Promises (or thenables), async functions
 * and async iterables anywhere in the context.
 *
 * A template's code is synchronous. An async render runs it in passes: a
 * value that is not yet known is recorded, stands in as a missing value for
 * the rest of the pass, and the pass's output is thrown away; once every
 * value a pass met has settled, the next pass runs with them known. The last
 * pass meets nothing unknown, and its output (or error) is the render's.
 * Passes are as many as the longest chain of values that depend on each other
 * (a list of rows, then the rows' own values: three passes), not as many as
 * there are values. What a pass calls in the context may be called again by
 * the next; an async function is called once per render.
 *
 * An async iterable is read in order, in the background, from the first pass
 * that meets it (an IterableReader). Where a use needs all of it, it is
 * unknown until the last item is in. In a streamed render, a `for` loop that
 * is not `reversed` goes through the items that have arrived, each iteration
 * sent as it is done, and the pass ends there: the next pass runs when more
 * items have arrived, and sends the iterations after those already sent. The
 * loop's forloop does not know its length yet: reading `last`, `revcounter`,
 * `revcounter0` or `length` (directly, through `parentloop`, an include, or
 * `{{ forloop }}` printed whole) makes the pass wait for the whole iterable
 * from that point on. What was sent before did not depend on the length.
 */
import type { MISSING, callValue, findName, lookupMember } from './lookup.js';
import type { Runtime } from './index.js';
import type { Context, RenderContext, ContextValues } from './context.js';
import type { asyncRuntimes, isThenable, REJECTION_SITE } from './async-core.js';
import type { TemplateLimitError, withDeepStack } from '../errors.js';
import type { CompiledCode } from './units.js';
import type { Origin } from '../nodes.js';
import type { Engine } from '../engine.js';
import type { RenderOptions } from '../template.js';

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/**
 * What this module uses of the rest, handed to it by the module that loads
 * it (template.ts) rather than imported: with an import, a bundler that
 * splits (esbuild) would move those modules out of the page's script into a
 * chunk of their own, shared with this one, and every page would load one
 * more file, gzipped apart (about 1 KB more).
 */
export interface AsyncRenderCore {
  Context: typeof Context;
  RenderContext: typeof RenderContext;
  TemplateLimitError: typeof TemplateLimitError;
  MISSING: typeof MISSING;
  REJECTION_SITE: typeof REJECTION_SITE;
  callValue: typeof callValue;
  findName: typeof findName;
  lookupMember: typeof lookupMember;
  withDeepStack: typeof withDeepStack;
  isThenable: typeof isThenable;
  asyncRuntimes: typeof asyncRuntimes;
}

interface Outcome {
  ok: boolean;
  value: unknown;
}

/** How many passes a render may take before its data is declared unsettling. */
export const MAX_PASSES = 1000;

/** Where a streamed render's output goes, and how much of it has gone. */
export interface StreamSink {
  emit(text: string): void;
  /** Characters of the final output sent so far. */
  sent: number;
  /**
   * The code whose output is, as it is written, the final output from
   * `base` on: the root template, then an extends parent, a block or an
   * include entered at a point where everything before it was sent.
   */
  levels: { depth: number; base: number; lastOut: number }[];
}

/**
 * An async iterable being read in order into `items`, from the first time a
 * pass meets it until it ends, fails, or the render stops.
 */
class IterableReader {
  readonly items: unknown[] = [];
  done = false;
  failed = false;
  error: unknown;
  /** What a streaming loop waits for: more items than it went through. */
  readonly more = new MoreItems(this);
  private stopped = false;
  private waiters: (() => void)[] = [];

  constructor(iterable: AsyncIterable<unknown>) {
    void this.read(iterable);
  }

  private async read(iterable: AsyncIterable<unknown>): Promise<void> {
    try {
      for await (const item of iterable) {
        if (this.stopped) break;
        this.items.push(item);
        this.wake();
      }
    } catch (e) {
      this.failed = true;
      this.error = e;
    }
    this.done = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `ready()` holds. */
  async until(ready: () => boolean): Promise<void> {
    while (!this.done && !ready()) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The render is over: the source is not read further (its iterator's `return()` is called). */
  stop(): void {
    this.stopped = true;
  }
}

class MoreItems {
  /** How many items the loop went through in the last pass. */
  seen = 0;
  constructor(readonly reader: IterableReader) {}
}

/** A loop streaming over an IterableReader in this pass: where it is. */
interface StreamingLoop {
  reader: IterableReader;
  length: number;
  index: number;
}

/** Output waiting, in characters, that a `for` iteration over plain data sends. */
const LOOP_CHUNK_SIZE = 8192;

/** The forloop fields that need the loop's length. */
const LENGTH_FIELDS = ['length', 'revcounter', 'revcounter0', 'last'] as const;

export class AsyncRenderState {
  constructor(readonly core: AsyncRenderCore) {}

  /** How many compiled units are running (the root template is 1). */
  unitDepth = 0;
  /** Set when the render is streamed. */
  stream: StreamSink | undefined = undefined;
  /** What each awaited value (a thenable, or an async iterable collected) settled to. */
  private readonly settled = new Map<object, Outcome>();
  /** The promise each async function gave (by the object it was called on), so it is called once per render. */
  readonly calls = new Map<Function, Map<unknown, unknown>>();
  /** What the current pass met that is not known yet. */
  readonly pending = new Set<object>();
  /**
   * The async results of filter and tag calls, by their order in a pass.
   * A pass runs exactly as the one before it up to the first value that was
   * unknown, so a call made before that point is the same call again.
   */
  private readonly calls_ = new Map<number, unknown>();
  private callIndex = 0;
  /** The async iterables met, each read once per render. */
  private readonly readers = new Map<object, IterableReader>();
  /** A streamed `for` loop's sequence is being resolved: its async iterable may be streamed over. */
  private streamRequest = false;
  /** The items handed out for that request, which the loop must be the one to use. */
  private handOut: { reader: IterableReader; added: boolean } | undefined;
  /** The reader of the loop whose sequence was just claimed, until its forloop is made. */
  private claimed: IterableReader | undefined;
  private readonly streamingLoops = new WeakMap<object, StreamingLoop>();
  /** How many loops going through an async iterable's items enclose the code running. */
  private streamingLoopDepth = 0;

  /** A new pass starts. */
  startPass(): void {
    this.callIndex = 0;
    this.streamRequest = false;
    this.handOut = undefined;
    this.claimed = undefined;
    this.streamingLoopDepth = 0;
    if (this.stream) this.stream.levels = [{ depth: 1, base: 0, lastOut: 0 }];
  }

  /** The render is over: stop reading what is still being read. */
  close(): void {
    for (const reader of this.readers.values()) reader.stop();
  }

  /** A `for` loop (not reversed) is about to resolve its sequence. */
  forSequence(): void {
    // Only a streamed render gains from going through part of the items.
    if (this.stream) this.streamRequest = true;
  }

  /**
   * The loop's sequence is resolved: if it is the items handed out, the loop
   * streams over them; anything else made from them (a filter's result, a
   * lookup in them) needs all the items, and the hand-out stays unknown.
   */
  claimSequence(value: unknown): void {
    this.streamRequest = false;
    this.claimed = undefined;
    const h = this.handOut;
    this.handOut = undefined;
    if (h === undefined || value !== h.reader.items) return;
    if (h.added) this.pending.delete(h.reader);
    // No item yet: neither the loop nor its {% empty %} can be known.
    if (h.reader.items.length === 0) this.waitForMore(h.reader, 0);
    else this.claimed = h.reader;
  }

  /** The forloop of a loop made: a streaming loop's length-dependent fields wait for every item when read. */
  forloopMade(loop: Record<string, unknown>, length: number): void {
    const reader = this.claimed;
    if (reader === undefined) return;
    this.claimed = undefined;
    const at: StreamingLoop = { reader, length, index: 0 };
    this.streamingLoops.set(loop, at);
    this.streamingLoopDepth++;
    const provisional = {
      length: () => at.length,
      revcounter: () => at.length - at.index,
      revcounter0: () => at.length - at.index - 1,
      last: () => at.index === at.length - 1,
    };
    for (const key of LENGTH_FIELDS) {
      // Redefined in place: the keys keep Django's order for {{ forloop }}.
      Object.defineProperty(loop, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          this.pending.add(reader);
          return provisional[key]();
        },
      });
    }
  }

  /** A streaming loop's step: the fields that do not need the length. False for any other loop. */
  forloopStep(loop: Record<string, unknown>, i: number): boolean {
    const at = this.streamingLoops.get(loop);
    if (at === undefined) return false;
    at.index = i;
    loop.counter0 = i;
    loop.counter = i + 1;
    loop.first = i === 0;
    return true;
  }

  /** A loop ended: a streaming one waits for more items, from here on. */
  forEnd(loop: Record<string, unknown>): void {
    const at = this.streamingLoops.get(loop);
    if (at === undefined) return;
    this.streamingLoopDepth--;
    this.waitForMore(at.reader, at.length);
  }

  private waitForMore(reader: IterableReader, seen: number): void {
    reader.more.seen = seen;
    this.pending.add(reader.more);
  }

  /**
   * A stream point: while nothing unknown has been met in this pass, what the
   * streaming level's code has written is final, and what was not sent yet
   * goes out.
   */
  streamPoint(out: string): void {
    const s = this.stream;
    if (!s || this.pending.size) return;
    const top = s.levels[s.levels.length - 1];
    if (top === undefined || top.depth !== this.unitDepth) return;
    top.lastOut = out.length;
    const end = top.base + out.length;
    if (end > s.sent && s.sent >= top.base) {
      s.emit(out.slice(s.sent - top.base));
      s.sent = end;
    }
  }

  /**
   * The end of a `for` iteration: a stream point while a loop goes through
   * an async iterable's items, or when enough output waits (a chunk per
   * iteration of plain data would cost more than it gains).
   */
  loopStreamPoint(out: string): void {
    const s = this.stream;
    if (!s) return;
    if (this.streamingLoopDepth === 0) {
      const top = s.levels[s.levels.length - 1];
      if (top === undefined || top.base + out.length - s.sent < LOOP_CHUNK_SIZE) return;
    }
    this.streamPoint(out);
  }

  /** A node whose output is another unit's as it is: that unit streams too. */
  streamEnter(): boolean {
    const s = this.stream;
    if (!s || this.pending.size) return false;
    const top = s.levels[s.levels.length - 1];
    if (top === undefined || top.depth !== this.unitDepth) return false;
    s.levels.push({ depth: this.unitDepth + 1, base: top.base + top.lastOut, lastOut: 0 });
    return true;
  }

  streamLeave(entered: boolean): void {
    if (entered) this.stream!.levels.pop();
  }

  /** Run compiled code in a pass: the same code, made with the async runtime of the engine's. */
  runUnit(unit: CompiledCode, ctx: Context, origin: Origin): string {
    const rt = this.runtimeFor(origin.runtime);
    unit.asyncRender ??= unit.factory(rt, asyncRefs(unit.refs, rt));
    const outer = rt.state;
    rt.state = this;
    this.unitDepth++;
    try {
      return unit.asyncRender(ctx);
    } finally {
      this.unitDepth--;
      rt.state = outer;
    }
  }

  /** The async runtime of an engine's runtime. */
  runtimeFor(base: Runtime): AsyncRuntime {
    let rt = this.core.asyncRuntimes.get(base);
    if (rt === undefined) this.core.asyncRuntimes.set(base, (rt = createAsyncRuntime(base, this.core)));
    return rt;
  }

  /** A filter or tag call, not repeated once its async result is known. */
  callOnce(call: () => unknown): unknown {
    const i = this.callIndex++;
    if (this.calls_.has(i)) return this.settle(this.calls_.get(i));
    // This adds frames between the generated code and the call: an error
    // the call makes keeps enough of them for its template position.
    const result = this.core.withDeepStack(call);
    if (this.pending.size === 0 && (this.core.isThenable(result) || isAsyncIterable(result))) this.calls_.set(i, result);
    return this.settle(result);
  }

  /** A value met in a pass: its settled value, or MISSING while it is unknown. */
  settle(v: unknown): unknown {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
    if (!this.core.isThenable(v)) return isAsyncIterable(v) ? this.settleIterable(v) : v;
    const outcome = this.settled.get(v as object);
    if (outcome) {
      if (outcome.ok) return outcome.value;
      throw rejected(outcome.value, this.core.REJECTION_SITE);
    }
    this.pending.add(v as object);
    return this.core.MISSING;
  }

  /** An async iterable: its items once all are in, or, for a streamed loop's sequence, those in so far. */
  private settleIterable(v: AsyncIterable<unknown>): unknown {
    let reader = this.readers.get(v);
    if (reader === undefined) this.readers.set(v, (reader = new IterableReader(v)));
    if (this.streamRequest && !reader.done) {
      // The first async iterable the sequence meets; claimSequence checks it is the loop's.
      this.streamRequest = false;
      const added = !this.pending.has(reader);
      if (added) this.pending.add(reader);
      this.handOut = { reader, added };
      return reader.items;
    }
    if (reader.done) {
      if (reader.failed) throw rejected(reader.error, this.core.REJECTION_SITE);
      return reader.items;
    }
    this.pending.add(reader);
    return this.core.MISSING;
  }

  /**
   * Wait for what the last pass met. When the first thing it met is a
   * streaming loop's next items, only those are waited for (with time for
   * more to arrive, as long as the pass took): what comes after may be sent
   * without the rest. True when that is what was waited for. Otherwise a
   * loop's next items are not waited for: the values met before its end
   * (an async filter in its last row) are.
   */
  async settlePending(lastPassMs = 0): Promise<boolean> {
    const waiting = [...this.pending];
    this.pending.clear();
    const first = waiting[0];
    if (first instanceof MoreItems) {
      for (const v of waiting.slice(1)) void this.waitFor(v);
      await this.waitFor(first);
      await new Promise((resolve) => setTimeout(resolve, lastPassMs));
      return true;
    }
    await Promise.all(waiting.filter((v) => !(v instanceof MoreItems)).map((v) => this.waitFor(v)));
    return false;
  }

  private async waitFor(v: object): Promise<void> {
    if (v instanceof IterableReader) return v.until(() => false);
    if (v instanceof MoreItems) return v.reader.until(() => v.reader.items.length > v.seen);
    try {
      this.settled.set(v, { ok: true, value: await (v as PromiseLike<unknown>) });
    } catch (e) {
      this.settled.set(v, { ok: false, value: e });
    }
  }
}

/** A rejection's reason, marked with where the template met it. */
function rejected(reason: unknown, site: symbol): unknown {
  if (reason !== null && typeof reason === 'object') {
    try {
      Object.defineProperty(reason, site, { value: new Error().stack, configurable: true });
    } catch {
      // a frozen reason keeps no site
    }
  }
  return reason;
}

/**
 * The runtime of an engine's async passes: the lookups and calls of the
 * synchronous runtime, each result settled through the render's state. The
 * state of the pass under way is set on it while the pass runs (a pass is
 * synchronous, so nothing else can run meanwhile).
 */
export interface AsyncRuntime extends Runtime {
  state: AsyncRenderState | null;
}


export function createAsyncRuntime(base: Runtime, { callValue, findName, lookupMember, isThenable }: AsyncRenderCore): AsyncRuntime {
  const rt = { ...base, state: null } as AsyncRuntime;
  const settle = (v: unknown): unknown => (rt.state ? rt.state.settle(v) : v);
  /** Django's call of what a lookup found, an async function's promise kept for the render. */
  const call = (v: unknown, self: unknown, sii = ''): unknown => {
    if (typeof v !== 'function') return settle(v);
    const state = rt.state;
    const known = state?.calls.get(v)?.get(self);
    if (known !== undefined) return settle(known);
    const result = callValue(v, self, sii);
    if (state && isThenable(result)) {
      let bySelf = state.calls.get(v);
      if (!bySelf) state.calls.set(v, (bySelf = new Map()));
      bySelf.set(self, result);
    }
    return settle(result);
  };
  rt.lookupName = (ctx: Context, name: string, sii?: string) => call(findName(ctx, name), undefined, sii);
  rt.lookupAttr = (o: unknown, bit: string, sii?: string) => call(lookupMember(o, bit), o, sii);
  rt.boundValue = (v: unknown, sii?: string) => call(v, undefined, sii);
  rt.nodeOutput = (s: unknown, index: number) => base.nodeOutput(settle(s), index);
  rt.streamPoint = (_ctx: Context, out: string) => rt.state?.streamPoint(out);
  rt.forSequence = () => rt.state?.forSequence();
  rt.forIterable = (value: unknown) => {
    rt.state?.claimSequence(value);
    return base.forIterable(value);
  };
  rt.forloop = (parentloop: unknown, length: number) => {
    const loop = base.forloop(parentloop, length);
    rt.state?.forloopMade(loop, length);
    return loop;
  };
  // A loop compiled without frames has a forloop here, for a loop over an
  // async iterable's items to wait for all of them when a field needs them.
  rt.forloopIfAsync = (length: number) => rt.forloop(null, length);
  // Stream points measure the output written so far: nothing is set aside.
  rt.iterationStart = () => null;
  rt.forloopStep = (loop: Record<string, unknown>, i: number, length: number) => {
    if (!rt.state?.forloopStep(loop, i)) base.forloopStep(loop, i, length);
  };
  rt.forEnd = (loop: Record<string, unknown> | null) => (loop === null ? undefined : rt.state?.forEnd(loop));
  rt.loopStreamPoint = (_ctx: Context, out: string) => rt.state?.loopStreamPoint(out);
  return rt;
}

/** The refs of a compiled unit for its async form: filter calls made once, their results settled. */
export function asyncRefs(refs: readonly unknown[], rt: AsyncRuntime): unknown[] {
  return refs.map((r) => {
    if (typeof r !== 'function') return r;
    const fn = r as (...a: unknown[]) => unknown;
    return (...a: unknown[]) => (rt.state ? rt.state.callOnce(() => fn(...a)) : fn(...a));
  });
}

/** How a streamed render meets its reader. */
export interface Streaming {
  sink: StreamSink;
  waitForDemand(): Promise<void>;
  cancelled(): boolean;
  /** Set by the render: stops what it is reading at once when the reader cancels. */
  stop?: () => void;
}

/** The passes of an async render. */
export async function renderInPasses(
  core: AsyncRenderCore,
  render: (ctx: Context) => string,
  engine: Engine,
  context: Context | ContextValues | null | undefined,
  options: RenderOptions | undefined,
  streaming?: Streaming,
): Promise<string> {
  const { Context, RenderContext } = core;
  const state = new AsyncRenderState(core);
  state.stream = streaming?.sink;
  if (streaming) streaming.stop = () => state.close();
  try {
    const started = Date.now();
    // Passes that waited for a streaming loop's next items are progress, not counted.
    let pass = 0;
    for (;;) {
      if (streaming?.cancelled()) return '';
      const passStarted = Date.now();
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
      if (++pass >= MAX_PASSES) {
        throw new Error(`The context's asynchronous values did not settle after ${MAX_PASSES} passes (a getter that makes a new Promise each time?).`);
      }
      if (await settleWithin(state, started, engine.limits.renderTimeout, Date.now() - passStarted)) pass--;
      await streaming?.waitForDemand();
    }
  } finally {
    // Async iterables still being read are stopped.
    state.close();
  }
}

/** Wait for the values a pass met, no longer than the render may take in all. */
async function settleWithin(state: AsyncRenderState, started: number, timeout: number, lastPassMs: number): Promise<boolean> {
  if (!Number.isFinite(timeout)) return state.settlePending(lastPassMs);
  const { TemplateLimitError } = state.core;
  const left = timeout - (Date.now() - started);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TemplateLimitError('renderTimeout', `The render's data did not arrive within renderTimeout (${timeout} ms).`)), Math.max(0, left));
  });
  try {
    return await Promise.race([state.settlePending(lastPassMs), expired]);
  } finally {
    clearTimeout(timer);
  }
}
