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
 */
import { MISSING, callValue, findName, getMember } from './lookup.js';
import type { Runtime } from './index.js';
import type { Context } from './context.js';

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

function isAsyncIterable(v: unknown): v is AsyncIterable<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** Where an awaited rejection surfaced, so the error can carry the template position. */
export const REJECTION_SITE = Symbol('reinhardt.rejectionSite');

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

export class AsyncRenderState {
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

  /** A new pass starts. */
  startPass(): void {
    this.callIndex = 0;
    if (this.stream) this.stream.levels = [{ depth: 1, base: 0, lastOut: 0 }];
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

  /** A filter or tag call, not repeated once its async result is known. */
  callOnce(call: () => unknown): unknown {
    const i = this.callIndex++;
    if (this.calls_.has(i)) return this.settle(this.calls_.get(i));
    const result = call();
    if (this.pending.size === 0 && (isThenable(result) || isAsyncIterable(result))) this.calls_.set(i, result);
    return this.settle(result);
  }

  /** A value met in a pass: its settled value, or MISSING while it is unknown. */
  settle(v: unknown): unknown {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
    const thenable = isThenable(v);
    if (!thenable && !isAsyncIterable(v)) return v;
    const outcome = this.settled.get(v as object);
    if (outcome) {
      if (outcome.ok) return outcome.value;
      const reason = outcome.value;
      if (reason !== null && typeof reason === 'object') {
        try {
          Object.defineProperty(reason, REJECTION_SITE, { value: new Error().stack, configurable: true });
        } catch {
          // a frozen reason keeps no site
        }
      }
      throw reason;
    }
    this.pending.add(v as object);
    return MISSING;
  }

  /** Wait for everything the last pass met. */
  async settlePending(): Promise<void> {
    const waiting = [...this.pending];
    this.pending.clear();
    await Promise.all(waiting.map(async (v) => {
      try {
        const value = isThenable(v) ? await v : await collect(v as AsyncIterable<unknown>);
        this.settled.set(v, { ok: true, value });
      } catch (e) {
        this.settled.set(v, { ok: false, value: e });
      }
    }));
  }
}

/** An async iterable's items, in order (a `for` loop needs its length). */
async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const items: unknown[] = [];
  for await (const item of iterable) items.push(item);
  return items;
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

export function createAsyncRuntime(base: Runtime): AsyncRuntime {
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
  rt.lookupAttr = (o: unknown, bit: string, sii?: string) => call(getMember(o, bit), o, sii);
  rt.boundValue = (v: unknown, sii?: string) => call(v, undefined, sii);
  rt.nodeOutput = (s: unknown, index: number) => base.nodeOutput(settle(s), index);
  rt.streamPoint = (_ctx: Context, out: string) => rt.state?.streamPoint(out);
  return rt;
}

/** Around the inner render of a node that streams its output through (include, block, extends). */
export function streamThrough<T>(ctx: Context, render: () => T): T {
  const state = ctx.asyncState;
  if (state === undefined || state.stream === undefined) return render();
  const entered = state.streamEnter();
  try {
    return render();
  } finally {
    state.streamLeave(entered);
  }
}

/** The refs of a compiled unit for its async form: filter calls made once, their results settled. */
export function asyncRefs(refs: readonly unknown[], rt: AsyncRuntime): unknown[] {
  return refs.map((r) => {
    if (typeof r !== 'function') return r;
    const fn = r as (...a: unknown[]) => unknown;
    return (...a: unknown[]) => (rt.state ? rt.state.callOnce(() => fn(...a)) : fn(...a));
  });
}
