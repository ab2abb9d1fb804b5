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
import { SourceMapGenerator } from 'source-map/lib/source-map-generator.js';
import { UNKNOWN_SOURCE } from './template.js';
import type { Token } from './lexer.js';
import { FilterExpression, Variable, formatStringIfInvalid } from './expression.js';
import { TextNode, VariableNode, type Node, type NodeList, type Origin } from './nodes.js';
import { runtime, type Runtime } from './runtime/index.js';
import { SafeString } from './runtime/safestring.js';
import type { Context } from './runtime/context.js';
import { FUNCTION_HEADER_LINES, standaloneRender, type CompiledCode, type RenderFunction, type SiteBindings } from './runtime/units.js';

export { annotateFromStack, positionInStack, runUnit, templatePosition, type CompiledCode, type RenderFunction, type SiteBindings } from './runtime/units.js';

/** How a failed variable lookup is treated (Django's resolve modes). */
/** Filter chains longer than this compile to a sequence instead of nested calls. */
const MAX_NESTED_FILTERS = 64;

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
  /**
   * A name with no object behind it in a synchronous render (a loop's
   * `forloop` where the loop's code never needs the context, see
   * CodeWriter.attempt): its fields as expressions. Any other read of it
   * needs the object, which `use` is told.
   */
  fields?: { exprs: ReadonlyMap<string, string>; use: ContextUse };
}

/** What compiled code does with the context, recorded while it is written (see CodeWriter.attempt). */
export interface ContextUse {
  /** The code needs the context's frames as Django has them: code we did not write runs, or a name needs its object. */
  needed: boolean;
}

/** The tag state of a template's own code: none (never written to, only read through ReadonlyMap). */
const NO_TAG_STATE: ReadonlyMap<unknown, unknown> = new Map();

/** The bindings of a site that has bound no names. */
const NO_BINDINGS: SiteBindings = { key: '', names: [] };

/**
 * Short names for the helpers nearly every template calls: smaller code
 * compiles faster. A Map, so that no name can come from a polluted
 * Object.prototype into the generated code.
 */
const shortNames: ReadonlyMap<string, string> = new Map([
  ['display', '$d'], ['lookupName', '$n'], ['lookupAttr', '$a'], ['orEmpty', '$e'], ['orNone', '$o'], ['boundValue', '$b'],
  ['truthy', '$t'], ['safeResult', '$s'], ['MISSING', '$M'], ['forIterable', '$i'], ['forloop', '$l'], ['forloopStep', '$f'],
]);

const STREAM_POINT = `${shortNames.get('streamPoint') ?? 'rt_streamPoint'}(ctx, out);`;

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

  /** Locals set from the site's bindings when the code starts (see SiteBindings). */
  private readonly presets: string[] = [];
  /** The attempts being written, innermost last (see attempt). */
  private readonly uses: ContextUse[] = [];
  /**
   * Nodes whose attempt needed the context: their code does not change, nor
   * would the outcome. Made at the first failure: most code never fails one.
   */
  private attemptsFailed: WeakSet<object> | null = null;

  /**
   * What the code is compiled for beyond its nodes, for tags to read (the
   * blocks an inheritance chain resolved to, see tags/extends.ts); empty
   * for a template's own code.
   */
  readonly tagState: ReadonlyMap<unknown, unknown>;

  constructor(origin: Origin, site: SiteBindings = NO_BINDINGS, tagState: ReadonlyMap<unknown, unknown> = NO_TAG_STATE) {
    this.origin = origin;
    this.tagState = tagState;
    this.stringIfInvalid = origin.stringIfInvalid;
    if (site.names.length) {
      this.pushScope();
      let k = 0;
      for (const { name, known, withoutFrame } of site.names) {
        const local = this.tmp('b');
        this.presets.push(`let ${local} = a[${k++}];`);
        if (withoutFrame) {
          this.bind(name, local, null);
          continue;
        }
        const frame = `${local}f`;
        this.presets.push(`const ${frame} = a[${k++}];`);
        let object: string | undefined;
        if (known) this.presets.push(`const ${(object = `${local}o`)} = a[${k++}];`);
        this.bind(name, local, frame, known && object ? { object, fields: known } : undefined);
      }
    }
  }

  /**
   * The names bound here, but those in `except`, for code compiled elsewhere
   * that runs at this point: the key of that code, and an expression for
   * the array of values it takes.
   */
  siteBindings(except: ReadonlySet<string> = new Set()): { site: SiteBindings; args: string } {
    this.contextNeeded();
    return this.collectSite(except, false);
  }

  /**
   * The same for code that needs no frames (see compileWithoutFrames),
   * which leaves an attempt around this site standing: the names bound
   * without a frame are handed over as values, those without a value to
   * hand (a frameless loop's `forloop`) are hidden from that code.
   */
  siteValues(except: ReadonlySet<string> = new Set()): { site: SiteBindings; args: string } {
    return this.collectSite(except, true);
  }

  private collectSite(except: ReadonlySet<string>, withoutFrames: boolean): { site: SiteBindings; args: string } {
    const seen = new Set<string>(except);
    const names: { name: string; known: ReadonlySet<string> | null; withoutFrame?: boolean }[] = [];
    const hidden: string[] = [];
    const args: string[] = [];
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (const [name, b] of this.scopes[i]) {
        if (seen.has(name)) continue;
        seen.add(name);
        if (!b.frame) {
          // A name with no frame to read it again from is left to the context.
          if (!withoutFrames) continue;
          if (b.fields) hidden.push(name);
          else {
            names.push({ name, known: null, withoutFrame: true });
            args.push(b.local);
          }
          continue;
        }
        names.push({ name, known: b.known?.fields ?? null });
        args.push(b.local, b.frame);
        if (b.known) args.push(b.known.object);
      }
    }
    if (!names.length && !hidden.length) return { site: NO_BINDINGS, args: 'null' };
    const key = JSON.stringify([names.map((n) => [n.name, n.known ? [...n.known] : null, n.withoutFrame ?? false]), hidden]);
    if (!names.length) return { site: { key, names, hidden }, args: 'null' };
    // One array per run of this code, refilled at each call (a site in a
    // loop calls often): the code called copies it into its locals first.
    const array = this.scratch();
    return { site: { key, names, hidden }, args: `(${array} ??= new Array(${args.length}), ${args.map((a, i) => `${array}[${i}] = ${a}`).join(', ')}, ${array})` };
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
  bind(name: string, local: string, frame: string | null, known?: Binding['known'], fields?: Binding['fields']): void {
    this.scopes[this.scopes.length - 1].set(name, { local, frame, known, fields });
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

  /** A local holding this template name's value, if a compiled tag bound it. */
  boundLocal(name: string): string | undefined {
    const b = this.binding(name);
    if (b?.fields) b.fields.use.needed = true;
    return b?.local;
  }

  /**
   * After code we did not write (a node's render) ran, bound names are read
   * again from their frames: it may have set them, as Django allows.
   */
  resync(): void {
    this.contextNeeded();
    for (const scope of this.scopes) {
      for (const [name, b] of scope) {
        if (b.frame) this.line(`${b.local} = ${this.frameGet(b.frame, name)};`);
      }
    }
  }

  // ----- attempts: code that does without the context's frames -----

  /**
   * Write `emit`'s code if it turns out not to need the context's frames;
   * otherwise take it back and return false, for the caller to write the
   * code that does. Code needs them when code we did not write runs (a
   * node's render, an include, a block: any of them may read or set any
   * name) or when `emit` says so through `use` (a name it bound without an
   * object is read whole). The outcome depends on `node`'s contents alone:
   * a node that needed the frames once is not attempted again (an
   * enclosing attempt that fails writes it a second time).
   */
  attempt(node: object, emit: (use: ContextUse) => void): boolean {
    if (this.attemptsFailed?.has(node)) return false;
    this.flush();
    const start = { body: this.body.length, segments: this.segments.length, line: this.line_, col: this.col };
    const use: ContextUse = { needed: false };
    this.uses.push(use);
    try {
      emit(use);
    } finally {
      this.uses.pop();
    }
    if (!use.needed) return true;
    (this.attemptsFailed ??= new WeakSet()).add(node);
    this.body.length = start.body;
    this.segments.length = start.segments;
    this.pending = '';
    this.line_ = start.line;
    this.col = start.col;
    return false;
  }

  /** The code being written needs the context's frames: no attempt around it holds. */
  private contextNeeded(): void {
    for (const use of this.uses) use.needed = true;
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
    this.rt('streamPoint');
    // One string for every stream point: comparing it with the last line is then comparing pointers.
    const code = STREAM_POINT;
    // Twice in a row with nothing written between, it would send nothing more.
    if (!this.pending && this.body[this.body.length - 1] === code) return;
    this.line(code);
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
    // A lookup that failed silently is stringIfInvalid unformatted, and the filters run on it.
    const sii = this.stringIfInvalid ? `, ${this.siiName()}` : '';
    if (mode === 'ignoreFailures') return this.applyFilters(fe, `${this.rt('orNone')}(${value}${sii})`);
    if (!this.stringIfInvalid) return this.applyFilters(fe, `${this.rt('orEmpty')}(${value})`);
    // Django returns a non-empty stringIfInvalid at once: the filters do not run.
    const invalid = JSON.stringify(formatStringIfInvalid(this.stringIfInvalid, v.var));
    if (fe.filters.length === 0) return `${this.rt('orValue')}(${value}, ${invalid}${sii})`;
    const t = this.scratch();
    return `((${t} = ${value}) === ${this.rt('MISSING')} ? ${invalid} : ${this.applyFilters(fe, `${this.rt('orSilent')}(${t}${sii})`)})`;
  }

  /** The value of a variable, or MISSING: `a.b.c` as nested lookups. */
  variableExpr(v: Variable): string {
    const lookups = v.lookups!;
    // The lookups default to an empty stringIfInvalid.
    const sii = this.stringIfInvalid ? `, ${this.siiName()}` : '';
    const binding = this.binding(lookups[0]);
    if (binding?.fields) {
      const field = lookups.length > 1 ? binding.fields.exprs.get(lookups[1]) : undefined;
      if (field === undefined) binding.fields.use.needed = true;
      else {
        let expr = field;
        for (let i = 2; i < lookups.length; i++) expr = `${this.rt('lookupAttr')}(${expr}, ${JSON.stringify(lookups[i])}${sii})`;
        return v.translate ? `${this.rt('gettextValue')}(ctx, ${this.rt('translateValue')}(${expr}))` : expr;
      }
    }
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
    // A long chain (Django renders thousands of filters) is a sequence of
    // assignments to a scratch local: nested calls that deep would overflow
    // the stack of JavaScript's parser.
    if (fe.filters.length === 0) return input;
    const chained = fe.filters.length > MAX_NESTED_FILTERS ? this.scratch() : null;
    let expr = chained === null ? input : `(${chained} = ${input}`;
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
        const rest = argExprs.length ? `, ${argExprs.join(', ')}, ${fail})` : `, ${fail})`;
        expr = chained === null ? `(${expr}${rest}` : `${expr}, ${chained} = (${chained}${rest}`;
        break;
      }
      // The arguments after the value, each after ", ".
      let callArgs = '';
      if (filter.needsAutoescape || filter.needsLocale) {
        callArgs = `, ${argExprs.length ? argExprs[0] : 'undefined'}, ${filter.needsAutoescape ? this.autoescapeExpr() : 'undefined'}${filter.needsLocale ? ', ctx.locale' : ''}`;
      } else {
        for (const a of argExprs) callArgs += `, ${a}`;
      }
      if (!filter.isSafe) {
        expr = chained === null ? `${fn}(${expr}${callArgs})` : `${expr}, ${chained} = ${fn}(${chained}${callArgs})`;
        continue;
      }
      // The input is kept in a local: a call through a helper taking the
      // arguments as a rest parameter would make an array per call.
      const local = chained ?? this.scratch();
      const call = `${this.rt('safeResult')}(${local}, ${fn}(${local}${callArgs}))`;
      expr = chained === null ? `(${local} = ${expr}, ${call})` : `${expr}, ${chained} = ${call}`;
    }
    return chained === null ? expr : `${expr})`;
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
    this.flush();
    // The lines before the body, counted for the segments' generated lines.
    const lines = ['"use strict";'];
    if (this.rtNames.size) {
      let names = '';
      for (const n of this.rtNames) names += `${names ? ', ' : ''}${n}: ${shortNames.get(n) ?? `rt_${n}`}`;
      lines.push(`const { ${names} } = rt;`);
    }
    if (this.refs.length) {
      let names = 'r0';
      for (let i = 1; i < this.refs.length; i++) names += `, r${i}`;
      lines.push(`const [${names}] = r;`);
    }
    if (this.usesSii) lines.push(`const SII = ${JSON.stringify(this.stringIfInvalid)};`);
    // Parenthesised, V8 compiles render with the factory (the eager-compile
    // heuristic) instead of pre-parsing it and parsing it again on first render.
    lines.push(this.presets.length ? 'return (function render(ctx, a) {' : 'return (function render(ctx) {');
    for (const preset of this.presets) lines.push(preset);
    let declarations = 'let out = ""';
    for (const n of this.scratchNames) declarations += `, ${n}`;
    lines.push(`${declarations};`);
    const headLines = lines.length;
    for (const line of this.body) lines.push(line);
    // The same template compiles to the same code and URL, which lets V8
    // reuse its own compilation of it.
    const url = `reinhardt:///${urlPath(this.origin.name)}?unit=${this.origin.units.length}`;
    lines.push('return out;', '});', `//# sourceURL=${url}`);
    const segments = new Int32Array(this.segments.length);
    for (let i = 0; i < segments.length; i += 4) {
      segments[i] = this.segments[i] + headLines;
      segments[i + 1] = this.segments[i + 1];
      segments[i + 2] = this.segments[i + 2];
      segments[i + 3] = this.segments[i + 3];
    }
    const firstLine = 1 + FUNCTION_HEADER_LINES;
    if (this.origin.debug) {
      // Debuggers and `node --enable-source-maps` then show template lines.
      const map = sourceMap({ url, segments, firstLine }, this.origin);
      lines.push(`//# sourceMappingURL=data:application/json;base64,${base64(map)}`);
    }
    // One join: the code is one flat string, which the test below and new Function read.
    let code = lines.join('\n');
    // V8 counts a raw U+2028 or U+2029 (which JSON.stringify leaves in
    // string literals) as a line end in stack positions: escaped, the
    // generated lines stay the lines the template positions are mapped by.
    if (lineSeparators.test(code)) code = code.replace(/[\u2028\u2029]/g, (c) => (c === '\u2028' ? '\\u2028' : '\\u2029'));
    let factory: (rt: Runtime, r: unknown[]) => RenderFunction;
    try {
      factory = new Function('rt', 'r', code) as typeof factory;
    } catch (e) {
      // A page whose Content-Security-Policy forbids eval: say what to change.
      if (e instanceof EvalError) {
        throw new EvalError(
          `reinhardt compiles templates with new Function, which this page's Content-Security-Policy forbids (${e.message}): ` +
            "allow 'unsafe-eval' in its script-src, or render templates precompiled ahead of time.",
        );
      }
      throw e;
    }
    return new CompiledUnit(factory(this.origin.runtime, this.refs), factory, this.refs, url, segments, firstLine, this.origin);
  }
}

const lineSeparators = /[\u2028\u2029]/;

/**
 * What finish() gives: a class, not an object literal with a getter and a
 * method, which V8 makes more slowly (one per compiled unit).
 */
class CompiledUnit implements CompiledCode {
  asyncRender?: RenderFunction = undefined;
  constructor(
    public render: RenderFunction,
    public factory: (rt: Runtime, r: unknown[]) => RenderFunction,
    public refs: readonly unknown[],
    public url: string,
    public segments: Int32Array,
    public firstLine: number,
    private readonly origin: Origin,
  ) {}

  // V8 keeps the function's text: a copy of it kept here would double what every cached template holds.
  get source(): string {
    return functionBody(this.factory);
  }

  sourceMap(): string {
    return sourceMap(this, this.origin);
  }
}

/** A name needing no escape in a URL's path (encodeURI leaves it as it is). */
const plainUrlPath = /^[A-Za-z0-9._~/-]*$/;

/**
 * A template's name as the path of its code's URL. Parentheses too are
 * escaped: a stack line closes its location with ")". A lone surrogate,
 * which encodeURI refuses, becomes U+FFFD.
 */
function urlPath(name: string): string {
  if (plainUrlPath.test(name)) return name;
  const wellFormed = name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  return encodeURI(wellFormed).replace(/[?#()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The body given to `new Function('rt', 'r', body)`: ECMAScript makes the
 * function's text `function anonymous(rt,r\n) {\n` + body + `\n}`
 * (CreateDynamicFunction), and Function.prototype.toString gives it back.
 */
function functionBody(factory: Function): string {
  const text = Function.prototype.toString.call(factory);
  return text.slice(text.indexOf('\n) {\n') + 5, -2);
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** A source map (version 3) from generated code back to the template. */
export function sourceMap(code: Pick<CompiledCode, 'url' | 'segments' | 'firstLine'>, origin: Origin): string {
  const mappings: SourceMapping[] = [];
  const s = code.segments;
  for (let i = 0; i < s.length; i += 4) {
    if (s[i + 2]) mappings.push([s[i] + code.firstLine - 1, s[i + 1], 0, s[i + 2] - 1, s[i + 3] - 1]);
  }
  return sourceMapJson(code.url, [{ name: origin.name, source: origin.source }], mappings);
}

/** [generated line, generated column, source index, source line, source column], all 0-based. */
export type SourceMapping = [number, number, number, number, number];

/**
 * A source map's JSON for these sources and mappings, written by Mozilla's
 * source-map. Its generator alone is imported: the package's index also
 * loads the consumer and its WebAssembly reader, which nothing here needs.
 */
export function sourceMapJson(file: string, sources: readonly { name: string; source: string }[], mappings: readonly SourceMapping[]): string {
  // The library refuses a mapping to a source without a name.
  const names = sources.map((x) => x.name || UNKNOWN_SOURCE);
  const gen = new SourceMapGenerator({ file });
  sources.forEach((x, i) => gen.setSourceContent(names[i], x.source));
  for (const [line, column, source, sourceLine, sourceColumn] of mappings) {
    gen.addMapping({
      generated: { line: line + 1, column },
      original: { line: sourceLine + 1, column: sourceColumn },
      source: names[source],
    });
  }
  return gen.toString();
}

/**
 * Compile nodes to a render function; with a site's bindings, to one that
 * takes their values as its second argument (see SiteBindings).
 */
export function compileNodes(nodes: Iterable<Node>, origin: Origin, site?: SiteBindings, tagState?: ReadonlyMap<unknown, unknown>): CompiledCode {
  const w = new CodeWriter(origin, site, tagState);
  writeTopLevel(w, nodes);
  const unit = w.finish();
  origin.units.push(unit);
  return unit;
}

/**
 * Compile nodes for a site as compileNodes does, if their code needs none
 * of the context's frames (see CodeWriter.attempt); else null. The names in
 * `hidden` are those of a frame the caller would push for them and does
 * not: reading one (whole, or a field) needs that frame.
 */
export function compileWithoutFrames(nodes: Iterable<Node>, origin: Origin, site: SiteBindings | undefined, hidden: readonly string[]): CompiledCode | null {
  const w = new CodeWriter(origin, site);
  const written = w.attempt(nodes, (use) => {
    w.pushScope();
    for (const name of [...hidden, ...(site?.hidden ?? [])]) w.bind(name, 'undefined', null, undefined, { exprs: new Map(), use });
    writeTopLevel(w, nodes);
    w.popScope();
  });
  if (!written) return null;
  const unit = w.finish();
  origin.units.push(unit);
  return unit;
}

function writeTopLevel(w: CodeWriter, nodes: Iterable<Node>): void {
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
}

/** Render functions for a node or nodelist used on its own (by a custom tag). */
export function compileStandalone(nodes: Iterable<Node>, origin: Origin): RenderFunction {
  return standaloneRender(compileNodes(nodes, origin), origin);
}
