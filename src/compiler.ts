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
import type { Node, NodeList, Origin } from './nodes.js';
import { runtime, type Runtime } from './runtime/index.js';
import { SafeString } from './runtime/safestring.js';
import { annotate } from './errors.js';
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
}

export interface CompiledCode {
  render: RenderFunction;
  /** The generated JavaScript (the body given to `new Function`). */
  source: string;
  /** The URL stack traces show for this code. */
  url: string;
  /** For each generated line (0-based): template line and column, or 0. */
  lineTable: Int32Array;
}

export class CodeWriter {
  readonly origin: Origin;
  readonly stringIfInvalid: string;
  /** Autoescaping when known at compile time (inside `{% autoescape %}`), else null. */
  autoescape: boolean | null = null;

  private readonly body: string[] = [];
  private readonly positions: number[] = [];
  private line_ = 0;
  private col = 0;
  private depth = 2;
  private readonly refs: unknown[] = [];
  private readonly refNames = new Map<unknown, string>();
  private readonly rtNames = new Set<string>();
  private counter = 0;
  private readonly scopes: Map<string, Binding>[] = [];

  constructor(origin: Origin) {
    this.origin = origin;
    this.stringIfInvalid = origin.stringIfInvalid;
  }

  // ----- emitting -----

  /** Emit one line of JavaScript, mapped to the current template position. */
  line(code: string): void {
    this.body.push('  '.repeat(this.depth) + code);
    this.positions.push(this.line_, this.col);
  }

  /** Emit `open {`, the body, then `}`. */
  block(open: string, body: () => void, close = '}'): void {
    this.line(open + ' {');
    this.depth++;
    body();
    this.depth--;
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
    return `rt_${name}`;
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

  /** `out += expr` */
  write(expr: string): void {
    this.line(`out += ${expr};`);
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
  bind(name: string, local: string, frame: string | null): void {
    this.scopes[this.scopes.length - 1].set(name, { local, frame });
  }
  private binding(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const b = this.scopes[i].get(name);
      if (b) return b;
    }
    return undefined;
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
        if (b.frame) this.line(`${b.local} = ${b.frame}[${JSON.stringify(name)}];`);
      }
    }
  }

  // ----- nodes -----

  nodelist(nodes: NodeList | Iterable<Node>): void {
    for (const n of nodes) this.node(n);
  }

  node(n: Node): void {
    this.at(n.token);
    if (n.compile) {
      n.compile(this);
    } else {
      this.write(`${this.rt('nodeOutput')}(${this.ref(n)}.render(ctx))`);
      this.resync();
    }
  }

  // ----- values -----

  /**
   * Emit code that resolves a FilterExpression; returns the local holding
   * the value.
   */
  filterExpression(fe: FilterExpression, mode: ResolveMode): string {
    const t = this.tmp();
    if (!fe.isVar) {
      this.line(`let ${t} = ${this.literal(fe.var)};`);
      this.applyFilters(fe, t);
      return t;
    }
    const v = fe.var as Variable;
    if (v.lookups === null) {
      this.line(`let ${t} = ${this.literal(v.resolve(null as unknown as Context))};`);
      this.applyFilters(fe, t);
      return t;
    }
    this.line(`let ${t};`);
    this.lookupInto(t, v);
    const M = this.rt('MISSING');
    if (mode === 'ignoreFailures') {
      this.line(`if (${t} === ${M}) ${t} = null;`);
    } else if (this.stringIfInvalid) {
      // Django returns stringIfInvalid at once: the filters do not run.
      const sii = JSON.stringify(formatStringIfInvalid(this.stringIfInvalid, v.var));
      if (fe.filters.length === 0) {
        this.line(`if (${t} === ${M}) ${t} = ${sii};`);
      } else {
        this.block(`if (${t} === ${M}) ${t} = ${sii}; else`, () => this.applyFilters(fe, t));
      }
      return t;
    } else {
      this.line(`if (${t} === ${M}) ${t} = "";`);
    }
    this.applyFilters(fe, t);
    return t;
  }

  /** Emit `target = <value of the variable, or MISSING>`. */
  lookupInto(target: string, v: Variable): void {
    const lookups = v.lookups!;
    const sii = JSON.stringify(this.stringIfInvalid);
    const M = this.rt('MISSING');
    const bound = this.boundLocal(lookups[0]);
    if (bound) {
      this.line(`${target} = ${bound};`);
      this.line(`if (typeof ${target} === "function") ${target} = ${this.rt('callValue')}(${target}, undefined, ${sii});`);
    } else {
      this.line(`${target} = ${this.rt('lookupName')}(ctx, ${JSON.stringify(lookups[0])}, ${sii});`);
    }
    for (let i = 1; i < lookups.length; i++) {
      this.line(`if (${target} !== ${M}) ${target} = ${this.rt('lookupAttr')}(${target}, ${JSON.stringify(lookups[i])}, ${sii});`);
    }
    if (v.translate) this.line(`if (${target} !== ${M}) ${target} = ${this.rt('translateValue')}(${target});`);
  }

  private applyFilters(fe: FilterExpression, t: string): void {
    for (const { filter, args } of fe.filters) {
      const argExprs: string[] = [];
      for (const arg of args) {
        if (!arg.lookup) {
          argExprs.push(this.literal(arg.value instanceof SafeString ? arg.value : runtime.markSafe(arg.value)));
          continue;
        }
        const av = arg.value as Variable;
        if (av.lookups === null) {
          argExprs.push(this.literal(av.resolve(null as unknown as Context)));
          continue;
        }
        const a = this.tmp('a');
        this.line(`let ${a};`);
        this.lookupInto(a, av);
        this.line(
          `if (${a} === ${this.rt('MISSING')}) throw ${this.rt('missingArg')}(ctx, ${this.ref(av.lookups)}, ${JSON.stringify(this.stringIfInvalid)});`,
        );
        argExprs.push(a);
      }
      const fn = this.ref(filter.fn);
      let call: string;
      if (filter.needsAutoescape) {
        if (filter.arg === 'none' && argExprs.length > 0) {
          // Django's args_check lets this through; the call then fails.
          this.line(`throw new TypeError(${JSON.stringify(`${filter.name}() got multiple values for argument 'autoescape'`)});`);
          return;
        }
        call = `${fn}(${t}, ${argExprs[0] ?? 'undefined'}, ${this.autoescapeExpr()})`;
      } else {
        call = `${fn}(${[t, ...argExprs].join(', ')})`;
      }
      this.line(filter.isSafe ? `${t} = ${this.rt('safeResult')}(${t}, ${call});` : `${t} = ${call};`);
    }
  }

  // ----- output -----

  finish(): CompiledCode {
    const prelude = ['"use strict";'];
    for (const name of this.rtNames) prelude.push(`const rt_${name} = rt.${name};`);
    for (let i = 0; i < this.refs.length; i++) prelude.push(`const r${i} = r[${i}];`);
    const head = [...prelude, 'return function render(ctx) {', '  let out = "";'];
    const url = `reinhardt:///${encodeURI(this.origin.name).replace(/[?#]/g, encodeURIComponent)}?t=${this.origin.id}.${this.origin.units.length}`;
    const lines = [...head, ...this.body, '  return out;', '};', `//# sourceURL=${url}`];
    const lineTable = new Int32Array(lines.length * 2);
    lineTable.set(this.positions, head.length * 2);
    if (this.origin.debug) {
      // Debuggers and `node --enable-source-maps` then show template lines.
      const map = sourceMap({ url, lineTable }, this.origin);
      lines.push(`//# sourceMappingURL=data:application/json;base64,${base64(map)}`);
    }
    const source = lines.join('\n');
    const factory = new Function('rt', 'r', source) as (rt: Runtime, r: unknown[]) => RenderFunction;
    return { render: factory(runtime, this.refs), source, url, lineTable };
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

/** Where in the template a generated line (1-based, as stacks show) came from. */
export function templatePosition(code: CompiledCode, stackLine: number): { line: number; column: number } | undefined {
  const i = stackLine - 1 - FUNCTION_HEADER_LINES;
  if (i < 0 || i * 2 >= code.lineTable.length) return undefined;
  const line = code.lineTable[i * 2];
  return line ? { line, column: code.lineTable[i * 2 + 1] } : undefined;
}

/**
 * The template position of the innermost generated frame in an error's
 * stack, for any of the given compiled units.
 */
export function positionInStack(err: unknown, units: Iterable<CompiledCode>): { line: number; column: number } | undefined {
  const stack = err !== null && typeof err === 'object' ? (err as { stack?: unknown }).stack : undefined;
  if (typeof stack !== 'string') return undefined;
  const byUrl = new Map<string, CompiledCode>();
  for (const u of units) byUrl.set(u.url, u);
  for (const m of stack.matchAll(/(reinhardt:\/\/\/[^\s)]*?):(\d+):\d+/g)) {
    const unit = byUrl.get(m[1]);
    if (unit) return templatePosition(unit, Number(m[2]));
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
export function sourceMap(code: Pick<CompiledCode, 'url' | 'lineTable'>, origin: Origin): string {
  const gen = new SourceMapGenerator({ file: code.url });
  gen.setSourceContent(origin.name, origin.source);
  for (let i = 0; i < code.lineTable.length / 2; i++) {
    const line = code.lineTable[i * 2];
    if (!line) continue;
    gen.addMapping({
      generated: { line: i + 1 + FUNCTION_HEADER_LINES, column: 0 },
      original: { line, column: code.lineTable[i * 2 + 1] - 1 },
      source: origin.name,
    });
  }
  return gen.toString();
}

/** Compile nodes to a render function. */
export function compileNodes(nodes: Iterable<Node>, origin: Origin): CompiledCode {
  const w = new CodeWriter(origin);
  w.nodelist(nodes);
  const unit = w.finish();
  origin.units.push(unit);
  return unit;
}

/** Render functions for a node or nodelist used on its own (by a custom tag). */
export function compileStandalone(nodes: Iterable<Node>, origin: Origin): RenderFunction {
  return compileNodes(nodes, origin).render;
}
