/**
 * What synchronous rendering needs to know of async rendering (runtime/async.ts):
 * that module is loaded on the first async render (Template's renderAsync and
 * renderStream import it), so a page that renders only synchronously does not
 * load it; these few pieces are used on every path.
 */
import type { Context } from './context.js';

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
