/**
 * Django's FilterExpression and Variable: `{{ var.attr|filter:arg }}`.
 *
 * Parsing happens once, at compile time. `resolve()` is the interpreted path
 * that custom tags use; built-in tags compile the same structure to inline
 * JavaScript (see compiler.ts).
 */
import { TemplateSyntaxError, VariableDoesNotExist, pyError } from './errors.js';
import type { FilterDef } from './library.js';
import type { Context } from './runtime/context.js';
import { MISSING, SILENT_FAILURE, lookupAttr, lookupName } from './runtime/lookup.js';
import type { Runtime } from './runtime/index.js';
import { SafeString, markSafe } from './runtime/safestring.js';
import { pyRepr } from './runtime/pyrepr.js';
import { isStringLiteral, pyWhitespace, unescapeStringLiteral } from './utils/text.js';
import { lazyRegExp } from './utils/lazy-regexp.js';

const strdq = '"[^"\\\\]*(?:\\\\[^\\n][^"\\\\]*)*"';
const strsq = "'[^'\\\\]*(?:\\\\[^\\n][^'\\\\]*)*'";
const constant = `(?:_\\(${strdq}\\)|_\\(${strsq}\\)|${strdq}|${strsq})`;

/**
 * Django's filter_re, with `w` for Python's `\w` (a character class). Its
 * groups are numbered, not named (a named group costs an object per match):
 * see FILTER_GROUPS.
 */
function filterRegExp(w: string, flags: string): RegExp {
  const varChars = `${w.slice(0, -1)}.+\\-]+`;
  return new RegExp(
    `^(${constant})|^(${varChars})|(?:[${pyWhitespace}]*\\|[${pyWhitespace}]*(${w}+)(?::(?:(${constant})|(${varChars})))?)`,
    flags,
  );
}

/** The groups of filter_re, by Django's names. */
const FILTER_GROUPS = { constant: 1, var: 2, filterName: 3, constantArg: 4, varArg: 5 } as const;

// Python's `\w` on str is Unicode-aware: letters, digits and underscore. On
// ASCII text that is [A-Za-z0-9_], and a regex without Unicode classes costs
// V8 far less to build: the Unicode one is made when a template needs it.
const asciiFilterRe = /* @__PURE__ */ filterRegExp('[A-Za-z0-9_]', 'g');
let unicodeFilterRe: RegExp | undefined;
const ascii = /^[\x00-\x7f]*$/;

const plainVariable = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9][A-Za-z0-9_]*)*$/;

// Python's float() syntax (digits may be grouped with underscores).
const digitsPart = '\\d(?:_?\\d)*';
const pyFloatRe = /* @__PURE__ */ new RegExp(
  `^[+-]?(?:(?:${digitsPart})?\\.?(?:${digitsPart})?(?:[eE][+-]?${digitsPart})?)$`,
);
const pyIntRe = /* @__PURE__ */ new RegExp(`^[+-]?${digitsPart}$`);

function pyFloat(text: string): number | undefined {
  if (!pyFloatRe.test(text) || !/\d/.test(text.split(/[eE]/)[0])) return undefined;
  return Number(text.replaceAll('_', ''));
}

function pyInt(text: string): number | bigint | undefined {
  if (!pyIntRe.test(text)) return undefined;
  const clean = text.replaceAll('_', '');
  const n = Number(clean);
  return Number.isSafeInteger(n) ? n : BigInt(clean);
}

/** `+`, `-`, `.` or a digit: what pyFloat and pyInt accept first. */
function mayBeNumber(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;
}

export class Variable {
  readonly var: string;
  /** The value of a literal (number or string); undefined for a lookup. */
  readonly literal: unknown = undefined;
  /** The dotted lookups of a real variable, or null for a literal. */
  readonly lookups: readonly string[] | null = null;
  /** `_("...")`: translated at render time. */
  readonly translate: boolean = false;
  messageContext: string | null = null;

  constructor(text: string) {
    this.var = text;
    let v = text;
    // Only a sign, a digit or a point can begin a number (Django tries float(), then int()).
    if (mayBeNumber(v.charCodeAt(0))) {
      const number = v.includes('.') || v.toLowerCase().includes('e') ? pyFloat(v) : pyInt(v);
      if (number !== undefined && !v.endsWith('.')) {
        this.literal = number;
        return;
      }
    }
    if (v.startsWith('_(') && v.endsWith(')')) {
      this.translate = true;
      v = v.slice(2, -1);
    }
    if (isStringLiteral(v)) {
      this.literal = markSafe(unescapeStringLiteral(v));
      return;
    }
    if (v.includes('._') || v[0] === '_') {
      throw new TemplateSyntaxError(`Variables and attributes may not begin with underscores: '${v}'`);
    }
    if (v.includes('+')) throw new TemplateSyntaxError(`Invalid character ('+') in variable name: '${v}'`);
    if (v.includes('-')) throw new TemplateSyntaxError(`Invalid character ('-') in variable name: '${v}'`);
    this.lookups = splitDots(v);
  }

  /** Resolve against a context; a failed lookup throws VariableDoesNotExist. */
  resolve(context: Context, stringIfInvalid = ''): unknown {
    let value: unknown;
    if (this.lookups !== null) {
      value = resolveLookups(context, this.lookups, stringIfInvalid);
      if (value === MISSING) throw variableDoesNotExist(context, this.lookups, stringIfInvalid);
    } else {
      value = this.literal;
    }
    return this.translate ? gettextValue(context, translateValue(value)) : value;
  }

  toString(): string {
    return this.var;
  }
}

/** `text.split('.')`, which V8 runs as a call into its runtime: most names have no dot, or one. */
function splitDots(text: string): string[] {
  let dot = text.indexOf('.');
  if (dot < 0) return [text];
  const parts: string[] = [];
  let start = 0;
  do {
    parts.push(text.slice(start, dot));
    start = dot + 1;
    dot = text.indexOf('.', start);
  } while (dot >= 0);
  parts.push(text.slice(start));
  return parts;
}

/**
 * Django's gettext of a `_("...")` value in the render's language: the
 * translation, safe when the message was (untranslated, the message itself).
 */
export function gettextValue(context: Context, value: unknown): unknown {
  const i18n = context.locale?.i18n;
  const text = value instanceof SafeString ? value.value : typeof value === 'string' ? value : undefined;
  if (!i18n || text === undefined) return value;
  const translated = i18n.activeTranslation(context.locale).gettext(text);
  if (translated === text) return value;
  return value instanceof SafeString ? markSafe(translated) : translated;
}

/** Django marks `%` in a translated literal as `%%` before gettext. */
export function translateValue(value: unknown): unknown {
  if (value === MISSING) return value;
  if (value instanceof SafeString) return new SafeString(value.value.replaceAll('%', '%%'));
  if (typeof value === 'string') return value.replaceAll('%', '%%');
  throw pyError('TypeError', `'${typeof value}' object has no attribute 'replace'`);
}

/**
 * The lookups of this render: in a pass of an async render, the async
 * runtime's, which settle what they meet and call an async function once per
 * render (see runtime/async.ts).
 */
function lookupsOf(context: Context): Pick<Runtime, 'lookupName' | 'lookupAttr'> {
  return context.asyncState && context.template ? context.asyncState.runtimeFor(context.template.engine.runtime) : SYNC_LOOKUPS;
}
const SYNC_LOOKUPS: Pick<Runtime, 'lookupName' | 'lookupAttr'> = { lookupName, lookupAttr };

export function resolveLookups(context: Context, lookups: readonly string[], stringIfInvalid: string): unknown {
  const rt = lookupsOf(context);
  let current = rt.lookupName(context, lookups[0], stringIfInvalid);
  for (let i = 1; i < lookups.length && current !== MISSING; i++) {
    current = rt.lookupAttr(current, lookups[i], stringIfInvalid);
  }
  // Django's _resolve_lookup gives stringIfInvalid, unformatted, for an error with silentVariableFailure.
  return current === SILENT_FAILURE ? stringIfInvalid : current;
}

/** Which step failed, worded as Django words it. */
export function variableDoesNotExist(context: Context, lookups: readonly string[], stringIfInvalid: string): VariableDoesNotExist {
  // The same lookups again: a function in the data is not called a second way.
  const rt = lookupsOf(context);
  let current: unknown = rt.lookupName(context, lookups[0], stringIfInvalid);
  if (current === MISSING) {
    const key = lookups[0];
    const error = new VariableDoesNotExist(`Failed lookup for key [${key}] in ${pyRepr(context.dicts)}`);
    // Django formats this message when it is read (VariableDoesNotExist's
    // __str__, over the context itself), after the render has popped what it
    // pushed: the frames are read then too, so that the message does not
    // depend on which frames a render needed on its way.
    Object.defineProperty(error, 'message', {
      get: () => `Failed lookup for key [${key}] in ${pyRepr(context.dicts)}`,
      configurable: true,
    });
    return error;
  }
  for (let i = 1; i < lookups.length; i++) {
    const next = rt.lookupAttr(current, lookups[i], stringIfInvalid);
    if (next === MISSING) return new VariableDoesNotExist(`Failed lookup for key [${lookups[i]}] in ${pyRepr(current)}`);
    current = next;
  }
  return new VariableDoesNotExist(`Failed lookup for ${lookups.join('.')}`);
}

export interface FilterArg {
  /** False for a quoted constant (passed marked safe), true for a Variable. */
  readonly lookup: boolean;
  readonly value: unknown;
  /** A `_("...")` constant: translated in the render's language. */
  readonly translate?: boolean;
}

export interface FilterCall {
  readonly name: string;
  readonly filter: FilterDef;
  readonly args: readonly FilterArg[];
}

/** What the parser offers a FilterExpression: the filters in scope. */
export interface FilterSource {
  findFilter(name: string): FilterDef;
  readonly stringIfInvalid: string;
}

export class FilterExpression {
  readonly token: string;
  readonly filters: FilterCall[];
  /** A Variable, or the value of a constant. */
  readonly var: unknown;
  readonly isVar: boolean;
  /** The constant is `_("...")`: translated in the render's language (Django's gettext_lazy). */
  readonly translateConstant: boolean;
  readonly stringIfInvalid: string;

  /**
   * Made of its parts: Django's `FilterExpression(token, parser)`, which
   * parses, is `parser.compileFilter(token)` (parseFilterExpression). Apart,
   * so that reinhardt/runtime, which rebuilds expressions a module holds and
   * never parses one, does not bundle the parsing with the class.
   */
  constructor(token: string, stringIfInvalid: string, value: unknown, filters: FilterCall[] = [], translateConstant = false) {
    this.token = token;
    this.filters = filters;
    this.var = value;
    this.isVar = value instanceof Variable;
    this.translateConstant = translateConstant;
    this.stringIfInvalid = stringIfInvalid;
  }

  /**
   * Django's FilterExpression.resolve. With `ignoreFailures` a missing
   * variable is None; otherwise it is `stringIfInvalid`, which, when not
   * empty, is returned at once without running the filters.
   */
  resolve(context: Context, ignoreFailures = false): unknown {
    let obj: unknown;
    if (this.isVar) {
      const v = this.var as Variable;
      try {
        obj = v.resolve(context, this.stringIfInvalid);
      } catch (e) {
        if (!(e instanceof VariableDoesNotExist)) throw e;
        if (ignoreFailures) obj = null;
        else if (this.stringIfInvalid) return formatStringIfInvalid(this.stringIfInvalid, v.var);
        else obj = this.stringIfInvalid;
      }
    } else {
      obj = this.translateConstant ? gettextValue(context, this.var) : this.var;
    }
    for (const { filter, args } of this.filters) {
      const argValues = args.map((a) => resolveFilterArg(a, context, this.stringIfInvalid));
      const input = obj;
      obj = context.asyncState
        ? context.asyncState.callOnce(() => applyFilter(filter, input, argValues, context))
        : applyFilter(filter, input, argValues, context);
    }
    return obj;
  }

  toString(): string {
    return this.token;
  }
}

function execFrom(re: RegExp, text: string, index: number): RegExpExecArray | null {
  re.lastIndex = index;
  return re.exec(text);
}

/** Django's FilterExpression(token, parser): the filter expression `token`, parsed. */
export function parseFilterExpression(token: string, parser: FilterSource): FilterExpression {
  // Most expressions are a plain dotted name: no need for the full grammar.
  if (plainVariable.test(token)) return new FilterExpression(token, parser.stringIfInvalid, new Variable(token));
  const filters: FilterCall[] = [];
  let translateConstant = false;
  let varObj: unknown = undefined;
  let haveVar = false;
  let upto = 0;
  const filterRe = ascii.test(token) ? asciiFilterRe : (unicodeFilterRe ??= filterRegExp('[\\p{L}\\p{N}_]', 'gu'));
  // exec from where the last match ended, not matchAll: matchAll copies
  // the regular expression at each call.
  for (let m = execFrom(filterRe, token, 0); m !== null; m = execFrom(filterRe, token, upto)) {
    const start = m.index;
    if (upto !== start) {
      throw new TemplateSyntaxError(
        `Could not parse some characters: ${token.slice(0, upto)}|${token.slice(upto, start)}|${token.slice(start)}`,
      );
    }
    if (!haveVar) {
      haveVar = true;
      if (m[FILTER_GROUPS.constant]) {
        const constant = new Variable(m[FILTER_GROUPS.constant]);
        varObj = constant.resolve(EMPTY_CONTEXT);
        translateConstant = constant.translate;
      } else if (m[FILTER_GROUPS.var] === undefined) {
        throw new TemplateSyntaxError(`Could not find variable at start of ${token}.`);
      } else {
        varObj = new Variable(m[FILTER_GROUPS.var]);
      }
    } else {
      const name = m[FILTER_GROUPS.filterName]!;
      const args: FilterArg[] = [];
      if (m[FILTER_GROUPS.constantArg]) {
        const constant = new Variable(m[FILTER_GROUPS.constantArg]);
        args.push({ lookup: false, value: constant.resolve(EMPTY_CONTEXT), translate: constant.translate });
      }
      else if (m[FILTER_GROUPS.varArg]) args.push({ lookup: true, value: new Variable(m[FILTER_GROUPS.varArg]) });
      const filter = parser.findFilter(name);
      argsCheck(name, filter, args.length);
      filters.push({ name, filter, args });
    }
    upto = start + m[0].length;
  }
  if (upto !== token.length) {
    throw new TemplateSyntaxError(`Could not parse the remainder: '${token.slice(upto)}' from '${token}'`);
  }
  return new FilterExpression(token, parser.stringIfInvalid, varObj, filters, translateConstant);
}

/**
 * A filter's argument at render time: a variable looked up, a constant as
 * Django passes it (marked safe), a `_("...")` constant in the render's language.
 */
export function resolveFilterArg(arg: FilterArg, context: Context, stringIfInvalid: string): unknown {
  if (arg.lookup) return (arg.value as Variable).resolve(context, stringIfInvalid);
  return markSafe(arg.translate ? gettextValue(context, arg.value) : arg.value);
}

/** One filter call with Django's safety rule for `isSafe` filters. */
export function applyFilter(filter: FilterDef, obj: unknown, args: unknown[], context: Context): unknown {
  // Django's args_check counts `autoescape` as a possible argument, so an
  // argument given to a filter that takes none fails only when called.
  if (filter.needsAutoescape && filter.arg === 'none' && args.length > 0) {
    throw pyError('TypeError', `${filter.name}() got multiple values for argument 'autoescape'`);
  }
  const result = filter.needsAutoescape || filter.needsLocale
    ? filter.fn(obj, args[0], filter.needsAutoescape ? context.autoescape : undefined, filter.needsLocale ? context.locale : undefined)
    : filter.fn(obj, args[0]);
  return filter.isSafe && obj instanceof SafeString ? markSafe(result) : result;
}

/** `stringIfInvalid % var` when it holds `%s`, as Django formats it. */
export function formatStringIfInvalid(stringIfInvalid: string, varName: string): string {
  if (!stringIfInvalid.includes('%s')) return stringIfInvalid;
  return stringIfInvalid.replace(/%([s%])/g, (_m, c: string) => (c === '%' ? '%' : varName));
}

/**
 * Django's args_check: counts include the filtered value, as Django's
 * message does ("join requires 2 arguments, 1 provided").
 */
function argsCheck(name: string, filter: FilterDef, provided: number): void {
  const plen = provided + 1;
  const required = filter.arg === 'required' ? 2 : 1;
  const max = 1 + (filter.arg === 'none' ? 0 : 1) + (filter.needsAutoescape ? 1 : 0);
  if (plen < required || plen > max) {
    throw new TemplateSyntaxError(`${name} requires ${required} arguments, ${plen} provided`);
  }
}

// Literals resolve without a context.
const EMPTY_CONTEXT = { dicts: [] } as unknown as Context;

// Django's kwarg_re: an optional `name=` then the value (also the url tag's).
export const kwargRe = /* @__PURE__ */ lazyRegExp('^(?:([\\p{L}\\p{N}_]+)=)?([^\\n]+)', 'u');

/**
 * Django's token_kwargs: take `name=value` (or, with `supportLegacy`,
 * `value as name [and ...]`) bits off the front of `bits`, compiling each
 * value. Stops at the first bit of another form; `bits` keeps the rest.
 */
export function tokenKwargs(bits: string[], parser: { compileFilter(token: string): FilterExpression }, supportLegacy = false): Map<string, FilterExpression> {
  const kwargs = new Map<string, FilterExpression>();
  if (!bits.length) return kwargs;
  let match = kwargRe().exec(bits[0]);
  const kwargFormat = match !== null && match[1] !== undefined;
  if (!kwargFormat) {
    if (!supportLegacy) return kwargs;
    if (bits.length < 3 || bits[1] !== 'as') return kwargs;
  }
  while (bits.length) {
    let key: string, value: string;
    if (kwargFormat) {
      match = kwargRe().exec(bits[0]);
      if (!match || match[1] === undefined) return kwargs;
      [, key, value] = match;
      bits.splice(0, 1);
    } else {
      if (bits.length < 3 || bits[1] !== 'as') return kwargs;
      [key, value] = [bits[2], bits[0]];
      bits.splice(0, 3);
    }
    kwargs.set(key, parser.compileFilter(value));
    if (bits.length && !kwargFormat) {
      if (bits[0] !== 'and') return kwargs;
      bits.splice(0, 1);
    }
  }
  return kwargs;
}
