/**
 * Compiled units at render time: running one, and mapping an error's stack
 * back to the template. Shared by the engine (whose units are made with
 * `new Function`) and by precompiled modules (whose units are functions
 * written into the module), so it holds no compiler.
 */
import { annotate } from '../errors.js';
import { REJECTION_SITE } from './async-core.js';
import type { Runtime } from './index.js';
import type { Context } from './context.js';
import type { Node, Origin } from '../nodes.js';

/** A unit's render; code compiled for a site's bindings takes their values second. */
export type RenderFunction = (context: Context, bindings?: unknown[] | null) => string;

/**
 * The names a call site has bound to locals, handed to code compiled
 * elsewhere (an included template, a block's body) so that it reads them as
 * the site does instead of searching the context's frames. Nothing shadows
 * them between the site and that code but what the site leaves out.
 */
export interface SiteBindings {
  /** Tells apart the code compiled for different sets of names. */
  readonly key: string;
  /**
   * Each name's value, its frame and (when `known`) the object the tag
   * made; a name `withoutFrame` has its value only: the site keeps it in no
   * frame, and only code that needs no frames may be compiled for it.
   */
  readonly names: readonly { name: string; known: ReadonlySet<string> | null; withoutFrame?: boolean }[];
  /**
   * Names the site binds but cannot hand over (a frameless loop's
   * `forloop`): code compiled for it must not read them (see
   * compileWithoutFrames), nor look for them in the context.
   */
  readonly hidden?: readonly string[];
}

export interface CompiledCode {
  render: RenderFunction;
  /** Makes the render function from a runtime and the refs (for the async form). */
  factory: (rt: Runtime, r: unknown[]) => RenderFunction;
  /** The values the code refers to. */
  refs: readonly unknown[];
  /** The same code run with the engine's async runtime, made on first async use. */
  asyncRender?: RenderFunction;
  /** The generated JavaScript (the body given to `new Function`; empty for a precompiled unit). */
  source: string;
  /** The URL stack traces show for this code. */
  url: string;
  /**
   * The line (1-based, as stacks count) of `url` where the code's first line
   * is: after `new Function`'s header, or where a precompiled module put it.
   */
  firstLine: number;
  /**
   * Where generated code came from: runs of four numbers, generated line
   * (0-based, in `source`) and column (0-based), then the template's line
   * and column (1-based), in the order they were written.
   */
  segments: Int32Array;
  /** A source map (version 3, as JSON) from this code to the template. */
  sourceMap(): string;
}

/** The lines `new Function` puts before the body it is given. */
export const FUNCTION_HEADER_LINES = 2;

/** Where in the template a place in the generated code (1-based, as stacks show) came from. */
export function templatePosition(code: CompiledCode, stackLine: number, stackColumn: number): { line: number; column: number } | undefined {
  const genLine = stackLine - code.firstLine;
  const genCol = stackColumn - 1;
  let found: { line: number; column: number } | undefined;
  const s = code.segments;
  for (let i = 0; i < s.length; i += 4) {
    if (s[i] !== genLine || s[i + 1] > genCol) continue;
    if (s[i + 2]) found = { line: s[i + 2], column: s[i + 3] };
  }
  return found;
}

/**
 * The template position of the innermost generated frame in an error's
 * stack, for any of the given compiled units.
 */
export function positionInStack(err: unknown, units: Iterable<CompiledCode>): { line: number; column: number } | undefined {
  const found = frameInStack(err, units);
  return found && templatePosition(found.unit, found.line, found.column);
}

/** The innermost frame in an error's stack of any of the given units: the unit, and its line and column there. */
function frameInStack(err: unknown, units: Iterable<CompiledCode>): { unit: CompiledCode; line: number; column: number } | undefined {
  // A rejected Promise's reason was made elsewhere: where it surfaced counts.
  const stack = err !== null && typeof err === 'object'
    ? ((err as { [REJECTION_SITE]?: unknown })[REJECTION_SITE] ?? (err as { stack?: unknown }).stack)
    : undefined;
  if (typeof stack !== 'string') return undefined;
  // A precompiled module holds many units under one URL, one after another.
  const byUrl = new Map<string, CompiledCode[]>();
  for (const u of units) {
    const list = byUrl.get(u.url);
    if (list) list.push(u);
    else byUrl.set(u.url, [u]);
  }
  for (const m of stack.matchAll(/([a-z][a-z0-9+.-]*:\/\/[^\s()]*?):(\d+):(\d+)/gi)) {
    const line = Number(m[2]);
    let unit: CompiledCode | undefined;
    for (const u of byUrl.get(m[1]) ?? []) if (u.firstLine <= line && (!unit || u.firstLine > unit.firstLine)) unit = u;
    if (unit) return { unit, line, column: Number(m[3]) };
  }
  return undefined;
}

/**
 * Give an error the template position of the innermost generated frame of
 * this origin in its stack (once: the innermost catch is the culprit).
 */
export function annotateFromStack(err: unknown, origin: Origin): void {
  annotateFromStackOf(err, [origin]);
}

/**
 * The same for code that calls code of other templates directly (a
 * template resolved with the blocks of its inheritance chain): the
 * innermost frame of any of these origins places the error.
 */
export function annotateFromStackOf(err: unknown, origins: readonly Origin[]): void {
  if (err === null || typeof err !== 'object' || (err as { templateName?: unknown }).templateName !== undefined) return;
  const found = frameInStack(err, origins.flatMap((o) => o.units));
  if (!found) return;
  const origin = origins.find((o) => o.units.includes(found.unit))!;
  const pos = templatePosition(found.unit, found.line, found.column);
  if (pos) annotate(err, { templateName: origin.name, ...pos }, origin.source);
}

/**
 * Run compiled code in a context: its synchronous form, or, during a pass of
 * an async render, the same code with the engine's async runtime.
 */
export function runUnit(unit: CompiledCode, ctx: Context, origin: Origin): string {
  const state = ctx.asyncState;
  return state === undefined ? unit.render(ctx) : state.runUnit(unit, ctx, origin);
}

/** A render function for a unit used on its own (a nodelist, a node). */
export function standaloneRender(unit: CompiledCode, origin: Origin): RenderFunction {
  return (ctx) => runUnit(unit, ctx, origin);
}

/**
 * The code of some nodes for each site that runs them with its bindings:
 * compiled for the site's names on first use (by the engine's compiler),
 * kept by their key, and the last site's found again without a lookup (a
 * block or an include in a loop runs from the same site each time). Where
 * there is no compiler (a precompiled module), the nodes' own code runs:
 * the frames hold the same values the bindings do. Given `hidden`, only
 * code that runs without the frame holding those names is kept (see
 * Origin.compileWithoutFrames), and a site whose code needs it has none.
 */
export class SiteUnits {
  private readonly units = new Map<string, CompiledCode | null>();
  /** The last site asked for (undefined: none yet), and its code. */
  private lastSite: SiteBindings | null | undefined = undefined;
  private lastUnit: CompiledCode | null = null;
  /** Runs left before the sites' code is compiled (see the constructor). */
  private untilCompiled: number;

  constructor(
    private readonly nodes: Iterable<Node>,
    private readonly origin: Origin,
    /** What runs when the site's code cannot be compiled, or is not yet. */
    private readonly plain: (ctx: Context) => string,
    private readonly hidden: readonly string[] | null = null,
    /**
     * How many runs `plain` serves before the sites' code is compiled, where
     * `plain` is code compiled already (an included template's own): a
     * site's code reads its names faster, but compiling it costs as much as
     * many runs gain, which a page rendered once never makes up.
     */
    plainRuns = 0,
  ) {
    this.untilCompiled = plainRuns;
  }

  /** The code for this site, or null where there is none (no compiler, or code that needs the hidden frame). */
  unit(site: SiteBindings | null): CompiledCode | null {
    if (site === this.lastSite) return this.lastUnit;
    const key = site?.key ?? '';
    let found = this.units.get(key);
    if (found === undefined) {
      const { origin, nodes, hidden } = this;
      found = (hidden === null ? origin.compileForSite?.(nodes, origin, site ?? undefined) : origin.compileWithoutFrames?.(nodes, origin, site ?? undefined, hidden)) ?? null;
      this.units.set(key, found);
    }
    this.lastSite = site;
    return (this.lastUnit = found);
  }

  run(site: SiteBindings | null, ctx: Context, bindings: unknown[] | null): string {
    if (this.untilCompiled > 0) {
      this.untilCompiled--;
      return this.plain(ctx);
    }
    const unit = this.unit(site);
    return unit === null ? this.plain(ctx) : this.call(unit, ctx, bindings);
  }

  /** Run a unit this gave, its errors placed in the template. */
  call(unit: CompiledCode, ctx: Context, bindings: unknown[] | null): string {
    try {
      return unit.render(ctx, bindings);
    } catch (e) {
      annotateFromStack(e, this.origin);
      throw e;
    }
  }
}
