/**
 * Django's Library: where tags and filters are registered. The built-in tags
 * and filters are just the first library; `{% load name %}` adds others.
 */
import type { Parser } from './parser.js';
import { tokenKwargs } from './expression.js';
import type { Token } from './lexer.js';
import { Node, type NodeList } from './nodes.js';
import { ownOptions } from './utils/own.js';
import { TemplateSyntaxError, pyError } from './errors.js';
import type { FilterExpression } from './expression.js';
import type { Context, ContextValues, RenderLocale } from './runtime/context.js';
import { conditionalEscape } from './runtime/escape.js';
import { markSafe } from './runtime/safestring.js';
import type { Template } from './template.js';
import { lazyRegExp } from './utils/lazy-regexp.js';

const arrowParameter = /* @__PURE__ */ lazyRegExp('^\\s*(?:async\\s+)?([\\p{L}_$][\\p{L}\\p{N}_$]*)\\s*=>', 'u');
const parameterName = /* @__PURE__ */ lazyRegExp('^([\\p{L}_$][\\p{L}\\p{N}_$]*)\\s*(=)?', 'u');

/**
 * A filter: `fn(value, arg)`; a filter with `needsAutoescape` is called
 * `fn(value, arg, autoescape)` (arg is undefined when it takes none).
 */
export type FilterFunction = (value: any, arg?: any, autoescape?: boolean, locale?: RenderLocale) => unknown;

export interface FilterOptions {
  /** Django's `is_safe`: a safe input keeps the output safe. */
  isSafe?: boolean;
  /** Django's `needs_autoescape`: the filter is told whether autoescaping is on. */
  needsAutoescape?: boolean;
  /** Django's `expects_localtime`. */
  expectsLocaltime?: boolean;
  /**
   * The filter is given the render's locale (language, time zone) as a
   * fourth argument: `fn(value, arg, autoescape, locale)`. Django's filters
   * read the active language from a thread-local; here it is per render.
   */
  needsLocale?: boolean;
  /**
   * Whether the filter takes its one argument: 'none', 'optional' or
   * 'required'. Default: 'required' when `fn` declares two parameters
   * (three with `needsAutoescape`), else 'none'.
   */
  arg?: 'none' | 'optional' | 'required';
}

export interface FilterDef {
  readonly name: string;
  readonly fn: FilterFunction;
  readonly isSafe: boolean;
  readonly needsAutoescape: boolean;
  readonly expectsLocaltime: boolean;
  readonly needsLocale: boolean;
  readonly arg: 'none' | 'optional' | 'required';
}

/** A tag's compile function: Django's `do_tag(parser, token)`. */
export type TagCompileFunction = (parser: Parser, token: Token) => Node;

export class Library {
  /** Registries never inherit: a lookup of `constructor` finds nothing. */
  readonly filters: Map<string, FilterDef> = new Map();
  readonly tags: Map<string, TagCompileFunction> = new Map();
  /**
   * The functions of simple, simple block and inclusion tags, by tag name:
   * a precompiled module names the function a node calls by these.
   */
  readonly tagFunctions: Map<string, TagFunction> = new Map();
  /** The Node classes of this library's own tags, by name (see `node`). */
  readonly nodeClasses: Map<string, abstract new (...args: any[]) => Node> = new Map();

  // Each method reads only the options given (ownOptions): none from a
  // polluted Object.prototype.
  filter(name: string, fn: FilterFunction, given: FilterOptions = {}): this {
    this.filters.set(name, filterDefinition(name, fn, ownOptions(given)));
    return this;
  }

  tag(name: string, compile: TagCompileFunction): this {
    this.tags.set(name, compile);
    return this;
  }

  /**
   * Name a Node class of this library's tags, so that templates using them
   * can be precompiled (`reinhardt precompile`): the module rebuilds such a
   * node from its own fields, finding its class by this name. Not needed to
   * render with an Engine.
   */
  node(name: string, cls: abstract new (...args: any[]) => Node): this {
    this.nodeClasses.set(name, cls);
    return this;
  }

  /**
   * Django's `@register.simple_tag`: `{% name arg kw=arg [as var] %}` calls
   * `fn` and outputs what it returns, escaped when autoescaping is on (a
   * SafeString is not).
   */
  simpleTag(name: string, fn: TagFunction, given: SimpleTagOptions = {}): this {
    const options = ownOptions(given);
    this.tagFunctions.set(name, fn);
    const takesContext = options.takesContext ?? false;
    const sig = signatureOf(fn, name, options, takesContext ? ['context'] : []);
    return this.tag(name, (parser, token) => {
      const { bits, target } = tagBits(token);
      const { args, kwargs } = parseBits(parser, bits, sig, name);
      return new SimpleNode(fn, takesContext, args, kwargs, sig, target);
    });
  }

  /**
   * Django's `@register.simple_block_tag` (5.2): like a simple tag, with the
   * rendered content of `{% name %}...{% endname %}` as its first argument
   * (after the context).
   */
  simpleBlockTag(name: string, fn: TagFunction, given: SimpleBlockTagOptions = {}): this {
    const options = ownOptions(given);
    this.tagFunctions.set(name, fn);
    const takesContext = options.takesContext ?? false;
    const endName = options.endName ?? `end${name}`;
    if (takesContext && options.params === undefined) {
      const read = readParameters(fn);
      if (read && read.names[1] !== 'content') {
        throw new TemplateSyntaxError(
          `'${name}' is decorated with takes_context=True so it must have a first argument of 'context' and a second argument of 'content'`,
        );
      }
    }
    const sig = signatureOf(fn, name, options, takesContext ? ['context', 'content'] : ['content']);
    return this.tag(name, (parser, token) => {
      const { bits, target } = tagBits(token);
      const nodelist = parser.parse([endName]);
      parser.deleteFirstToken();
      const { args, kwargs } = parseBits(parser, bits, sig, name);
      return new SimpleBlockNode(nodelist, fn, takesContext, args, kwargs, sig, target);
    });
  }

  /**
   * Django's `@register.inclusion_tag(template)`: `fn` returns the context
   * for `template` (a name, a list of names, or a Template), which is
   * rendered in its place.
   */
  inclusionTag(name: string, template: string | readonly string[] | Template, fn: TagFunction, given: SimpleTagOptions = {}): this {
    const options = ownOptions(given);
    this.tagFunctions.set(name, fn);
    const takesContext = options.takesContext ?? false;
    const sig = signatureOf(fn, name, options, takesContext ? ['context'] : []);
    return this.tag(name, (parser, token) => {
      const bits = token.splitContents().slice(1);
      const { args, kwargs } = parseBits(parser, bits, sig, name);
      return new InclusionNode(fn, takesContext, args, kwargs, sig, template);
    });
  }
}

/** A filter's definition (Library.filter). */
export function filterDefinition(name: string, fn: FilterFunction, options: FilterOptions = {}): FilterDef {
  if (options.arg !== undefined) return givenFilterDefinition(name, fn, options, options.arg);
  const def = givenFilterDefinition(name, fn, options, 'none');
  let arg: FilterDef['arg'] | undefined;
  // Read from the function's source when a template first uses the
  // filter: every engine registers some seventy, and a page uses a few.
  return Object.defineProperty(def, 'arg', { get: () => (arg ??= filterArg(fn, def.needsAutoescape)), enumerable: true });
}

/**
 * The definition of a filter whose `arg` is given: what reinhardt/runtime
 * registers the built-in filters a module uses with (each gives its `arg`),
 * so that its page has no reading of a function's parameters from its source.
 */
export function givenFilterDefinition(name: string, fn: FilterFunction, options: FilterOptions, arg: FilterDef['arg']): FilterDef {
  return {
    name,
    fn,
    isSafe: options.isSafe ?? false,
    needsAutoescape: options.needsAutoescape ?? false,
    expectsLocaltime: options.expectsLocaltime ?? false,
    needsLocale: options.needsLocale ?? false,
    arg,
  };
}

/**
 * Whether a filter function takes its argument, read from its parameters
 * as Django reads a Python signature: `(value)`, `(value, arg)`,
 * `(value, arg = 'x')`; with `needsAutoescape` the last one is `autoescape`.
 */
function filterArg(fn: Function, needsAutoescape: boolean): 'none' | 'optional' | 'required' {
  const read = readParameters(fn);
  if (read === undefined) return fn.length - (needsAutoescape ? 1 : 0) >= 2 ? 'required' : 'none';
  const names = needsAutoescape ? read.names.slice(0, -1) : read.names;
  if (names.length < 2) return 'none';
  const required = read.names.length - read.defaults;
  return required >= 2 ? 'required' : 'optional';
}

// ----- simple tags, simple block tags and inclusion tags -----

/**
 * A tag function's parameters, as Django reads them from a Python function's
 * signature. When left out, they are read from the function's own parameter
 * list (`(a, b = 1, ...rest)`); give them when the function is minified or
 * takes keyword arguments.
 */
export interface TagSignature {
  /** Parameter names in order (after `context` and `content`). */
  params?: readonly string[];
  /** How many of the last `params` have defaults. */
  defaults?: number;
  /** Keyword-only parameter names (passed in the keyword object). */
  kwonly?: readonly string[];
  /** The keyword-only parameters that have defaults. */
  kwonlyDefaults?: readonly string[];
  /** Accepts more positional arguments (Python's `*args`: a rest parameter). */
  varargs?: boolean;
  /** Accepts other keyword arguments (Python's `**kwargs`). */
  varkw?: boolean;
}

export interface SimpleTagOptions extends TagSignature {
  /** The function's first argument is the Context (Django's `takes_context`). */
  takesContext?: boolean;
}

export interface SimpleBlockTagOptions extends SimpleTagOptions {
  /** The closing tag; default `end<name>`. */
  endName?: string;
}

/**
 * How a tag function is called: `fn([context,] [content,] ...params,
 * ...extraPositional[, keywords])`. Keyword arguments naming a parameter fill
 * that parameter's place (a parameter not given is `undefined`, so a default
 * value applies); the keyword object is passed last, and only when the
 * signature has `kwonly` or `varkw`.
 */
export type TagFunction = (...args: any[]) => unknown;

interface Signature {
  /** The tag's name, for Python's messages when the function has none. */
  name: string;
  params: string[];
  defaults: number;
  kwonly: string[];
  kwonlyDefaults: string[];
  varargs: boolean;
  varkw: boolean;
}

/** The parameter names of a JavaScript function, read from its source. */
function readParameters(fn: Function): { names: string[]; defaults: number; rest: boolean } | undefined {
  const src = Function.prototype.toString.call(fn);
  let start = src.indexOf('(');
  const arrow = src.indexOf('=>');
  if (arrow >= 0 && (start < 0 || start > arrow)) {
    // `x => ...`: one parameter, no parentheses.
    const m = arrowParameter().exec(src);
    return m ? { names: [m[1]], defaults: 0, rest: false } : undefined;
  }
  if (start < 0) return undefined;
  start++;
  let depth = 0;
  let quote = '';
  const parts: string[] = [];
  let current = '';
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      current += c;
      if (c === '\\') current += src[++i];
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        parts.push(current);
        break;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  const names: string[] = [];
  let defaults = 0;
  let rest = false;
  for (const raw of parts) {
    const p = raw.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trim();
    if (!p) continue;
    if (p.startsWith('...')) {
      rest = true;
      continue;
    }
    const m = parameterName().exec(p);
    if (!m) return undefined;
    names.push(m[1]);
    if (m[2]) defaults++;
    else if (defaults) return undefined;
  }
  return { names, defaults, rest };
}

function signatureOf(
  fn: Function,
  name: string,
  given: TagSignature,
  leading: readonly ('context' | 'content')[],
): Signature {
  // Only the options given: none from a polluted Object.prototype.
  const options = ownOptions(given);
  if (options.params) {
    return {
      name,
      params: [...options.params],
      defaults: options.defaults ?? 0,
      kwonly: [...(options.kwonly ?? [])],
      kwonlyDefaults: [...(options.kwonlyDefaults ?? [])],
      varargs: options.varargs ?? false,
      varkw: options.varkw ?? false,
    };
  }
  const read = readParameters(fn);
  if (read === undefined) {
    throw new TypeError(`Cannot read the parameters of tag '${name}': give them as the 'params' option.`);
  }
  const params = read.names;
  // Django insists on these names; so do we, when we read them ourselves.
  leading.forEach((want) => {
    if (params[0] !== want) {
      throw new TemplateSyntaxError(
        want === 'context'
          ? `'${name}' is decorated with takes_context=True so it must have a first argument of 'context'`
          : `'${name}' must have a first argument of 'content'`,
      );
    }
    params.shift();
  });
  const varkw = options.varkw ?? false;
  // With keyword arguments, the last named parameter receives them (or,
  // with a rest parameter, the rest's last element).
  if ((varkw || options.kwonly?.length) && !read.rest) params.pop();
  return {
    name,
    params,
    defaults: Math.min(read.defaults, params.length),
    kwonly: [...(options.kwonly ?? [])],
    kwonlyDefaults: [...(options.kwonlyDefaults ?? [])],
    varargs: options.varargs ?? read.rest,
    varkw,
  };
}

/** Django's parse_bits: the tag's positional and keyword arguments, checked against the signature. */
export function parseBits(
  parser: Parser,
  bits: readonly string[],
  sig: Signature,
  name: string,
): { args: FilterExpression[]; kwargs: Map<string, FilterExpression> } {
  const args: FilterExpression[] = [];
  const kwargs = new Map<string, FilterExpression>();
  const unhandledParams = [...sig.params];
  const unhandledKwargs = sig.kwonly.filter((k) => !sig.kwonlyDefaults.includes(k));
  for (const bit of bits) {
    const kwarg = tokenKwargs([bit], parser);
    if (kwarg.size) {
      const [param, value] = [...kwarg][0];
      if (!sig.params.includes(param) && !sig.kwonly.includes(param) && !sig.varkw) {
        throw new TemplateSyntaxError(`'${name}' received unexpected keyword argument '${param}'`);
      }
      if (kwargs.has(param)) {
        throw new TemplateSyntaxError(`'${name}' received multiple values for keyword argument '${param}'`);
      }
      kwargs.set(param, value);
      const i = unhandledParams.indexOf(param);
      if (i >= 0) unhandledParams.splice(i, 1);
      else {
        const k = unhandledKwargs.indexOf(param);
        if (k >= 0) unhandledKwargs.splice(k, 1);
      }
    } else {
      if (kwargs.size) {
        throw new TemplateSyntaxError(`'${name}' received some positional argument(s) after some keyword argument(s)`);
      }
      args.push(parser.compileFilter(bit));
      if (unhandledParams.length) unhandledParams.shift();
      else if (!sig.varargs) throw new TemplateSyntaxError(`'${name}' received too many positional arguments`);
    }
  }
  const required = sig.defaults ? unhandledParams.slice(0, Math.max(0, unhandledParams.length - sig.defaults)) : unhandledParams;
  const missing = [...required, ...unhandledKwargs];
  if (missing.length) {
    throw new TemplateSyntaxError(
      `'${name}' did not receive value(s) for the argument(s): ${missing.map((p) => `'${p}'`).join(', ')}`,
    );
  }
  return { args, kwargs };
}

/** Django's TagHelperNode: resolves a tag function's arguments and calls it. */
abstract class TagHelperNode extends Node {
  constructor(
    readonly func: TagFunction,
    readonly takesContext: boolean,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    protected readonly sig: Signature,
  ) {
    super();
  }

  /** The call's arguments, in the documented order of TagFunction. */
  protected resolvedArguments(context: Context, leading: unknown[]): unknown[] {
    const positional = this.args.map((a) => a.resolve(context));
    // No prototype: a keyword named like an Object member is just a keyword.
    const keywords: Record<string, unknown> = Object.create(null);
    for (const [k, v] of this.kwargs) keywords[k] = v.resolve(context);
    const sig = this.sig;
    const fname = this.func.name || sig.name;
    const params: unknown[] = positional.slice(0, sig.params.length);
    // What Python's call would refuse, although Django's parse_bits let it through.
    for (let i = 0; i < params.length; i++) {
      if (sig.params[i] in keywords) {
        throw pyError('TypeError', `${fname}() got multiple values for argument '${sig.params[i]}'`);
      }
    }
    const missing: string[] = [];
    for (let i = params.length; i < sig.params.length; i++) {
      const p = sig.params[i];
      if (p in keywords) params.push(keywords[p]);
      else {
        if (i < sig.params.length - sig.defaults) missing.push(p);
        params.push(undefined);
      }
    }
    if (missing.length) {
      const names = missing.map((m) => `'${m}'`);
      const list = names.length === 1 ? names[0] : names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')}, and ${names[names.length - 1]}`;
      throw pyError('TypeError', `${fname}() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${list}`);
    }
    for (const p of sig.params) delete keywords[p];
    const call = [...leading, ...params, ...positional.slice(this.sig.params.length)];
    if (this.sig.varkw || this.sig.kwonly.length) call.push(keywords);
    return call;
  }
}

export class SimpleNode extends TagHelperNode {
  constructor(
    func: TagFunction,
    takesContext: boolean,
    args: FilterExpression[],
    kwargs: Map<string, FilterExpression>,
    sig: Signature,
    readonly targetVar: string | null,
  ) {
    super(func, takesContext, args, kwargs, sig);
  }

  protected leading(context: Context): unknown[] {
    return this.takesContext ? [context] : [];
  }

  override render(context: Context): unknown {
    const args = this.resolvedArguments(context, this.leading(context));
    // An async tag function's result, in a pass of an async render.
    const output = context.asyncState ? context.asyncState.callOnce(() => this.func(...args)) : this.func(...args);
    if (this.targetVar !== null) {
      context.set(this.targetVar, output);
      return '';
    }
    return context.autoescape ? conditionalEscape(output) : output;
  }
}

export class SimpleBlockNode extends SimpleNode {
  constructor(
    readonly nodelist: NodeList,
    func: TagFunction,
    takesContext: boolean,
    args: FilterExpression[],
    kwargs: Map<string, FilterExpression>,
    sig: Signature,
    targetVar: string | null,
  ) {
    super(func, takesContext, args, kwargs, sig, targetVar);
  }

  protected override leading(context: Context): unknown[] {
    // Django's NodeList.render gives a SafeString.
    const content = markSafe(this.nodelist.render(context));
    return this.takesContext ? [context, content] : [content];
  }
}

export class InclusionNode extends TagHelperNode {
  constructor(
    func: TagFunction,
    takesContext: boolean,
    args: FilterExpression[],
    kwargs: Map<string, FilterExpression>,
    sig: Signature,
    readonly filename: string | readonly string[] | Template,
  ) {
    super(func, takesContext, args, kwargs, sig);
  }

  override render(context: Context): string {
    const args = this.resolvedArguments(context, this.takesContext ? [context] : []);
    const values = context.asyncState ? context.asyncState.callOnce(() => this.func(...args)) : this.func(...args);
    let t = context.renderContext.get(this) as Template | undefined;
    if (t === undefined) {
      const engine = context.template!.engine;
      if (typeof this.filename === 'string') t = engine.getTemplate(this.filename);
      else if (Array.isArray(this.filename)) t = engine.selectTemplate(this.filename);
      else t = this.filename as Template;
      context.renderContext.set(this, t);
    }
    const newContext = context.new(values as ContextValues);
    const csrfToken = context.get('csrf_token');
    if (csrfToken !== undefined) newContext.set('csrf_token', csrfToken);
    return t.render(newContext);
  }
}

function tagBits(token: Token): { bits: string[]; target: string | null } {
  let bits = token.splitContents().slice(1);
  let target: string | null = null;
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    target = bits[bits.length - 1];
    bits = bits.slice(0, -2);
  }
  return { bits, target };
}
