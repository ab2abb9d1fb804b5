/**
 * What synchronous rendering needs to know of async rendering (runtime/async.ts):
 * that module is loaded on the first async render (Template's renderAsync and
 * renderStream import it), so a page that renders only synchronously does not
 * load it; these few pieces are used on every path.
 */
import type { Context } from './context.js';
import type { Runtime } from './index.js';
import type { AsyncRenderState, AsyncRuntime } from './async.js';

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/** Where an awaited rejection surfaced, so the error can carry the template position. */
export const REJECTION_SITE = Symbol('reinhardt.rejectionSite');

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

/**
 * The async runtime made of each runtime, once (runtime/async.ts makes it on
 * the first async render): a unit keeps the async form of its code, made with
 * one, so the same one must run it in every pass.
 */
export const asyncRuntimes = new WeakMap<Runtime, AsyncRuntime>();

/**
 * The pass of an async render running on this runtime now, or null: what
 * cannot wait itself (a loader that fetches, a language's locale data) hands
 * the pass the promise to wait for. Set only while a pass's unit runs, and a
 * pass is synchronous, so concurrent renders never see each other's.
 */
export function passUnderWay(base: Runtime): AsyncRenderState | null {
  return asyncRuntimes.get(base)?.state ?? null;
}
