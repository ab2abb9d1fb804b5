/**
 * The code writer: node trees to JavaScript render functions.
 *
 * Each tag that compiles itself writes straight-line JavaScript through a
 * CodeWriter; a node that only renders is called through one generic path.
 * Template text and names enter the generated code only as JSON string
 * literals, and values only through the `r` array of references, so no
 * template can inject code. Every generated line remembers the template line
 * and column it came from: stack traces through a render are mapped back to
 * the template, and a source map is built when asked for.
 */
import { SourceMapGenerator } from 'source-map';
import type { Token } from './lexer.js';
import { FilterExpression, Variable, formatStringIfInvalid } from './expression.js';
import { TextNode, VariableNode, type Node, type NodeList, type Origin } from './nodes.js';
import { runtime, type Runtime } from './runtime/index.js';
import { SafeString } from './runtime/safestring.js';
import { annotate } from './errors.js';
import { REJECTION_SITE, asyncRefs } from './runtime/async.js';
import type { Context } from './runtime/context.js';

export type RenderFunction = (context: Context) => string;

/** How a failed variable lookup is treated (Django's resolve modes). */
export type ResolveMode =
  /** `{{ }}` and `with`: missing is `stringIfInvalid` (filters skipped when it is not empty). */
  | 'render'
  /** `if` and `for`: missing is None, and the filters still run (`ignore_failures=True`). */
  | 'ignoreFailures';

interface Binding {
  /** The JavaScript local holding the value. */
  local: string;
  /** The JavaScript local holding the context frame the name lives in. */
  frame: string | null;
  /**
   * When the value is known to be an object the tag made (a `forloop`): the
   * local holding it, and its fields that are plain data, read directly
   * while the name still holds that object.
   */
  known?: { object: string; fields: ReadonlySet<string> };
}

export interface CompiledCode {
  render: RenderFunction;
  /** Makes the render function from a runtime and the refs (for the async form). */
  factory: (rt: Runtime, r: unknown[]) => RenderFunction;
  /** The values the code refers to. */
  refs: readonly unknown[];
  /** The same code run with the engine's async runtime, made on first async use. */
  asyncRender?: RenderFunction;
  /** The generated JavaScript (the body given to `new Function`). */
  source: string;
  /** The URL stack traces show for this code. */
  url: string;
  /**
   * Where generated code came from: runs of four numbers, generated line
   * (0-based, in `source`) and column (0-based), then the template's line
   * and column (1-based), in the order they were written.
   */
  segments: Int32Array;
}

/**
 * Short names for the helpers nearly every template calls: smaller code
 * compiles faster. A Map, so that no name can come from a polluted
 * Object.prototype into the generated code.
 */
const shortNames: ReadonlyMap<string, string> = new Map([
  ['display', '$d'], ['lookupName', '$n'], ['lookupAttr', '$a'], ['orEmpty', '$e'], ['orNone', '$o'], ['boundValue', '$b'],
  ['truthy', '$t'], ['safeCall', '$s'], ['MISSING', '$M'], ['forIterable', '$i'], ['forloop', '$l'], ['forloopStep', '$f'],
]);

export class CodeWriter {
  readonly origin: Origin;
  readonly stringIfInvalid: string;
  /** Autoescaping when known at compile time (inside `{% autoescape %}`), else null. */
  autoescape: boolean | null = null;

  private readonly body: string[] = [];
  private readonly segments: number[] = [];
  /** The `out += a + b` being built, merged from consecutive writes. */
  private pending = '';
  private line_ = 0;
  private col = 0;
  private readonly refs: unknown[] = [];
  private readonly refNames = new Map<unknown, string>();
  private readonly rtNames = new Set<string>();
  private counter = 0;
  private readonly scopes: Map<string, Binding>[] = [];
  private readonly scratchNames: string[] = [];
  private usesSii = false;

  constructor(origin: Origin) {
    this.origin = origin;
    this.stringIfInvalid = origin.stringIfInvalid;
  }

  // ----- emitting -----

  /** Emit one line of JavaScript, mapped to the current template position. */
  line(code: string): void {
    this.flush();
    this.segments.push(this.body.length, 0, this.line_, this.col);
    this.body.push(code);
  }

  private flush(): void {
    if (this.pending) {
      this.body.push(this.pending + ';');
      this.pending = '';
      const max = this.origin.limits.maxOutputSize;
      if (Number.isFinite(max)) {
        this.segments.push(this.body.length, 0, this.line_, this.col);
        this.body.push(`if (out.length > ${max}) throw ${this.rt('outputLimit')}(${max});`);
      }
    }
  }

  /** Emit `open {`, the body, then `}`. */
  block(open: string, body: () => void, close = '}'): void {
    this.line(open + ' {');
    body();
    this.line(close);
  }

  /** Map the following lines to this token's place in the template. */
  at(token: Token | undefined): void {
    if (token) {
      this.line_ = token.lineno;
      this.col = token.col;
    }
  }

  /** A name for a value the generated code needs (never inlined as code). */
  ref(value: unknown): string {
    let name = this.refNames.get(value);
    if (name === undefined) {
      name = `r${this.refs.length}`;
      this.refs.push(value);
      this.refNames.set(value, name);
    }
    return name;
  }

  /** The local alias of a runtime helper. */
  rt(name: keyof Runtime): string {
    this.rtNames.add(name);
    return shortNames.get(name) ?? `rt_${name}`;
  }

  /** A fresh local variable name. */
  tmp(prefix = 't'): string {
    return `${prefix}${this.counter++}`;
  }

  /** A JavaScript expression for a constant value. */
  literal(value: unknown): string {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'boolean') return String(value);
    if (value === null) return 'null';
    if (value === undefined) return 'undefined';
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)) return String(value);
    return this.ref(value);
  }

  /** `out += expr`; consecutive writes make one statement. */
  write(expr: string): void {
    if (!this.pending) this.pending = 'out += ';
    else this.pending += ' + ';
    this.segments.push(this.body.length, this.pending.length, this.line_, this.col);
    this.pending += expr;
  }

  /** `out += "text"` */
  text(s: string): void {
    if (s) this.write(JSON.stringify(s));
  }

  /** The autoescape setting as an expression. */
  autoescapeExpr(): string {
    return this.autoescape === null ? 'ctx.autoescape' : String(this.autoescape);
  }

  // ----- scopes: names bound by compiled tags -----

  pushScope(): void {
    this.scopes.push(new Map());
  }
  popScope(): void {
    this.scopes.pop();
  }
  /** Bind a template name to a local for the rest of the current scope. */
  bind(name: string, local: string, frame: string | null, known?: Binding['known']): void {
    this.scopes[this.scopes.length - 1].set(name, { local, frame, known });
  }
  private binding(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
  }
  /** An expression that sets a name in a context frame and gives the value. */
  frameSet(frame: string, name: string, value: string): string {
    // `__proto__` must become an own key, not the frame's prototype.
    return name === '__proto__' ? `${this.rt('setInFrame')}(${frame}, "__proto__", ${value})` : `${frame}[${JSON.stringify(name)}] = ${value}`;
  }

  /** An expression for a frame's own value of a name. */
  frameGet(frame: string, name: string): string {
    return name === '__proto__' ? `${this.rt('getInFrame')}(${frame}, "__proto__")` : `${frame}[${JSON.stringify(name)}]`;
  }

  /** A local for this template name, if a compiled tag bound it. */
  boundLocal(name: string): string | undefined {
    return this.binding(name)?.local;
  }

  /**
   * After code we did not write (a node's render) ran, bound names are read
   * again from their frames: it may have set them, as Django allows.
   */
  private resync(): void {
    for (const scope of this.scopes) {
      for (const [name, b] of scope) {
        if (b.frame) this.line(`${b.local} = ${this.frameGet(b.frame, name)};`);
      }
    }
  }

  // ----- nodes -----

  nodelist(nodes: NodeList | Iterable<Node>): void {
    let index = 0;
    for (const n of nodes) this.node(n, index++);
  }

  /** One node; `index` is its place in its nodelist (Django's messages count it). */
  node(n: Node, index = 0): void {
    this.at(n.token);
    // Streaming: what is written before a node that streams its own output
    // may go out now.
    if (n.streamsThrough) this.streamPoint();
    if (n.compile) {
      n.compile(this);
    } else {
      this.write(`${this.rt('nodeOutput')}(${this.ref(n)}.render(ctx), ${index})`);
      this.resync();
    }
  }

  /**
   * A point where a streamed render may send what this code has written so
   * far (a no-op outside streaming).
   */
  streamPoint(): void {
    this.line(`${this.rt('streamPoint')}(ctx, out);`);
  }

  // ----- values -----

  /**
   * Emit code that resolves a FilterExpression into a new local; returns
   * the local's name.
   */
  filterExpression(fe: FilterExpression, mode: ResolveMode): string {
    const t = this.tmp();
    this.line(`let ${t} = ${this.expression(fe, mode)};`);
    return t;
  }

  /**
   * A JavaScript expression for a FilterExpression's value (Django's
   * FilterExpression.resolve). Lookups, the treatment of a missing value and
   * the filter calls nest into one expression, evaluated in Django's order:
   * the variable, then each filter's argument just before that filter runs.
   */
  expression(fe: FilterExpression, mode: ResolveMode): string {
    if (!fe.isVar) {
      const constant = this.literal(fe.var);
      return this.applyFilters(fe, fe.translateConstant ? `${this.rt('gettextValue')}(ctx, ${constant})` : constant);
    }
    const v = fe.var as Variable;
    if (v.lookups === null) return this.applyFilters(fe, this.literal(v.resolve(null as unknown as Context)));
    const value = this.variableExpr(v);
    if (mode === 'ignoreFailures') return this.applyFilters(fe, `${this.rt('orNone')}(${value})`);
    if (!this.stringIfInvalid) return this.applyFilters(fe, `${this.rt('orEmpty')}(${value})`);
    // Django returns a non-empty stringIfInvalid at once: the filters do not run.
    const invalid = JSON.stringify(formatStringIfInvalid(this.stringIfInvalid, v.var));
    if (fe.filters.length === 0) return `${this.rt('orValue')}(${value}, ${invalid})`;
    const t = this.scratch();
    return `((${t} = ${value}) === ${this.rt('MISSING')} ? ${invalid} : ${this.applyFilters(fe, t)})`;
  }

  /** The value of a variable, or MISSING: `a.b.c` as nested lookups. */
  variableExpr(v: Variable): string {
    const lookups = v.lookups!;
    // The lookups default to an empty stringIfInvalid.
    const sii = this.stringIfInvalid ? `, ${this.siiName()}` : '';
    const binding = this.binding(lookups[0]);
    let expr = binding
      ? `${this.rt('boundValue')}(${binding.local}${sii})`
      : `${this.rt('lookupName')}(ctx, ${JSON.stringify(lookups[0])}${sii})`;
    let i = 1;
    if (binding?.known && lookups.length > 1 && binding.known.fields.has(lookups[1])) {
      // `forloop.counter` while forloop is still the loop's own object.
      const { object } = binding.known;
      expr = `(${binding.local} === ${object} ? ${object}.${lookups[1]} : ${this.rt('lookupAttr')}(${expr}, ${JSON.stringify(lookups[1])}${sii}))`;
      i = 2;
    }
    // lookupAttr passes MISSING through, so the chain needs no checks.
    for (; i < lookups.length; i++) expr = `${this.rt('lookupAttr')}(${expr}, ${JSON.stringify(lookups[i])}${sii})`;
    if (v.translate) expr = `${this.rt('gettextValue')}(ctx, ${this.rt('translateValue')}(${expr}))`;
    return expr;
  }

  private applyFilters(fe: FilterExpression, input: string): string {
    let expr = input;
    for (const { filter, args } of fe.filters) {
      const argExprs = args.map((arg) => {
        if (!arg.lookup) {
          const constant = this.literal(arg.value instanceof SafeString ? arg.value : runtime.markSafe(arg.value));
          // gettext keeps a safe message safe.
          return arg.translate ? `${this.rt('gettextValue')}(ctx, ${constant})` : constant;
        }
        const av = arg.value as Variable;
        if (av.lookups === null) return this.literal(av.resolve(null as unknown as Context));
        // A missing argument raises VariableDoesNotExist, as in Django.
        return `${this.rt('argValue')}(${this.variableExpr(av)}, ctx, ${this.ref(av.lookups)}, ${this.siiName()})`;
      });
      const fn = this.ref(filter.fn);
      if (filter.needsAutoescape && filter.arg === 'none' && argExprs.length > 0) {
        // Django's args_check lets this through; the call then fails, after
        // the value and the arguments were resolved (which may fail first).
        const fail = `${this.rt('throwTypeError')}(${JSON.stringify(`${filter.name}() got multiple values for argument 'autoescape'`)})`;
        return `(${[expr, ...argExprs, fail].join(', ')})`;
      }
      const callArgs = filter.needsAutoescape || filter.needsLocale
        ? [argExprs.length ? argExprs[0] : 'undefined', filter.needsAutoescape ? this.autoescapeExpr() : 'undefined', ...(filter.needsLocale ? ['ctx.locale'] : [])]
        : argExprs;
      expr = filter.isSafe
        ? `${this.rt('safeCall')}(${fn}, ${[expr, ...callArgs].join(', ')})`
        : `${fn}(${[expr, ...callArgs].join(', ')})`;
    }
    return expr;
  }

  /** The name of the constant holding stringIfInvalid. */
  private siiName(): string {
    this.usesSii = true;
    return 'SII';
  }

  /** A scratch local declared at the top of the function. */
  private scratch(): string {
    const name = this.tmp('s');
    this.scratchNames.push(name);
    return name;
  }

  // ----- output -----

  finish(): CompiledCode {
    const prelude = ['"use strict";'];
    this.flush();
    if (this.rtNames.size) {
      prelude.push(`const { ${[...this.rtNames].map((n) => `${n}: ${shortNames.get(n) ?? `rt_${n}`}`).join(', ')} } = rt;`);
    }
    if (this.refs.length) prelude.push(`const [${this.refs.map((_, i) => `r${i}`).join(', ')}] = r;`);
    if (this.usesSii) prelude.push(`const SII = ${JSON.stringify(this.stringIfInvalid)};`);
    const head = [...prelude, 'return function render(ctx) {', `let out = ""${this.scratchNames.map((n) => `, ${n}`).join('')};`];
    // The same template compiles to the same code and URL, which lets V8
    // reuse its own compilation of it.
    // Parentheses too are escaped: a stack line closes its location with
    // ")". A lone surrogate, which encodeURI refuses, becomes U+FFFD.
    const name = this.origin.name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
    const url = `reinhardt:///${encodeURI(name).replace(/[?#()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}?unit=${this.origin.units.length}`;
    const lines = [...head, ...this.body, 'return out;', '};', `//# sourceURL=${url}`];
    const segments = Int32Array.from(this.segments);
    for (let i = 0; i < segments.length; i += 4) segments[i] += head.length;
    if (this.origin.debug) {
      // Debuggers and `node --enable-source-maps` then show template lines.
      const map = sourceMap({ url, segments }, this.origin);
      lines.push(`//# sourceMappingURL=data:application/json;base64,${base64(map)}`);
    }
    // V8 counts a raw U+2028 or U+2029 (which JSON.stringify leaves in
    // string literals) as a line end in stack positions: escaped, the
    // generated lines stay the lines the template positions are mapped by.
    const source = lines.join('\n').replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
    const factory = new Function('rt', 'r', source) as (rt: Runtime, r: unknown[]) => RenderFunction;
    return { render: factory(this.origin.runtime, this.refs), factory, refs: this.refs, source, url, segments };
  }
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The lines `new Function` puts before the body it is given. */
const FUNCTION_HEADER_LINES = 2;

/** Where in the template a place in the generated code (1-based, as stacks show) came from. */
export function templatePosition(code: CompiledCode, stackLine: number, stackColumn: number): { line: number; column: number } | undefined {
  const genLine = stackLine - 1 - FUNCTION_HEADER_LINES;
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
  // A rejected Promise's reason was made elsewhere: where it surfaced counts.
  const stack = err !== null && typeof err === 'object'
    ? ((err as { [REJECTION_SITE]?: unknown })[REJECTION_SITE] ?? (err as { stack?: unknown }).stack)
    : undefined;
  if (typeof stack !== 'string') return undefined;
  const byUrl = new Map<string, CompiledCode>();
  for (const u of units) byUrl.set(u.url, u);
  for (const m of stack.matchAll(/(reinhardt:\/\/\/[^\s)]*?):(\d+):(\d+)/g)) {
    const unit = byUrl.get(m[1]);
    if (unit) return templatePosition(unit, Number(m[2]), Number(m[3]));
  }
  return undefined;
}

/**
 * Give an error the template position of the innermost generated frame of
 * this origin in its stack (once: the innermost catch is the culprit).
 */
export function annotateFromStack(err: unknown, origin: Origin): void {
  if (err === null || typeof err !== 'object' || (err as { templateName?: unknown }).templateName !== undefined) return;
  const pos = positionInStack(err, origin.units);
  if (pos) annotate(err, { templateName: origin.name, ...pos }, origin.source);
}

/** A source map (version 3) from generated code back to the template. */
export function sourceMap(code: Pick<CompiledCode, 'url' | 'segments'>, origin: Origin): string {
  const gen = new SourceMapGenerator({ file: code.url });
  // The source-map library refuses an empty source name.
  const name = origin.name === '' ? '<unknown source>' : origin.name;
  gen.setSourceContent(name, origin.source);
  const s = code.segments;
  for (let i = 0; i < s.length; i += 4) {
    if (!s[i + 2]) continue;
    gen.addMapping({
      generated: { line: s[i] + 1 + FUNCTION_HEADER_LINES, column: s[i + 1] },
      original: { line: s[i + 2], column: s[i + 3] - 1 },
      source: name,
    });
  }
  return gen.toString();
}

/**
 * Run compiled code in a context: its synchronous form, or, during a pass of
 * an async render, the same code with the engine's async runtime.
 */
export function runUnit(unit: CompiledCode, ctx: Context, origin: Origin): string {
  const state = ctx.asyncState;
  if (state === undefined) return unit.render(ctx);
  const rt = origin.asyncRuntime;
  unit.asyncRender ??= unit.factory(rt, asyncRefs(unit.refs, rt));
  const outer = rt.state;
  rt.state = state;
  state.unitDepth++;
  try {
    return unit.asyncRender(ctx);
  } finally {
    state.unitDepth--;
    rt.state = outer;
  }
}

/** Compile nodes to a render function. */
export function compileNodes(nodes: Iterable<Node>, origin: Origin): CompiledCode {
  const w = new CodeWriter(origin);
  // A streamed render sends output after each run of top-level nodes that
  // ends at a tag, and at the end.
  let index = 0;
  let wrote = false;
  for (const n of nodes) {
    const simple = n instanceof TextNode || n instanceof VariableNode;
    if (!simple && wrote) w.streamPoint();
    w.node(n, index++);
    wrote = true;
  }
  if (wrote) w.streamPoint();
  const unit = w.finish();
  origin.units.push(unit);
  return unit;
}

/** Render functions for a node or nodelist used on its own (by a custom tag). */
export function compileStandalone(nodes: Iterable<Node>, origin: Origin): RenderFunction {
  const unit = compileNodes(nodes, origin);
  return (ctx) => runUnit(unit, ctx, origin);
}
