/**
 * Django's `i18n` library (django/templatetags/i18n.py): `translate`/`trans`,
 * `blocktranslate`/`blocktrans`, `language`, `get_current_language`,
 * `get_current_language_bidi`, `get_available_languages`,
 * `get_language_info`, `get_language_info_list`, and the `language_name`,
 * `language_name_local`, `language_name_translated` and `language_bidi`
 * filters. The active language is the render's (`context.locale.language`).
 */
import { Library } from '../src/library.js';
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError, VariableDoesNotExist, pyError } from '../src/errors.js';
import { FilterExpression, Variable, applyFilter, formatStringIfInvalid, gettextValue, resolveFilterArg, tokenKwargs } from '../src/expression.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import { TokenType } from '../src/token-type.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { renderValueInContext } from '../src/runtime/display.js';
import { PyTuple, pyRepr, pyStr, pyTypeName } from '../src/runtime/pyrepr.js';
import { checkHashable, truthy } from '../src/runtime/pyops.js';
import type { Context, RenderLocale } from '../src/runtime/context.js';
import { I18n, activeLanguage, type Translation } from '../src/i18n/translation.js';
import { toLanguage } from '../src/i18n/language.js';
import { getLanguageInfo } from '../src/i18n/language-info.js';
import { LANGUAGES_BIDI, SETTINGS_LANGUAGES } from '../src/utils/locale-data/languages.js';

let englishOnly: I18n | undefined;

/** The render's translation (Django's active one). */
function translationOf(locale: RenderLocale): Translation {
  const i18n = locale.i18n ?? (englishOnly ??= new I18n());
  return i18n.activeTranslation(locale);
}

/** Messages as they are: what `translation.override(None)` gives. */
const UNTRANSLATED = {
  gettext: (m: string) => m,
  pgettext: (_c: string, m: string) => m,
  ngettext: (s: string, p: string, n: number) => (n === 1 ? s : p),
  npgettext: (_c: string, s: string, p: string, n: number) => (n === 1 ? s : p),
};
type Gettext = typeof UNTRANSLATED;

/** Django's `get_language()`: the render's language code, lowercase (None when deactivated). */
function currentLanguage(context: Context): string | null {
  const language = activeLanguage(context.locale);
  return language === null ? null : toLanguage(language);
}

/**
 * Django's Variable.resolve with `translate`: the text with `%` doubled,
 * through gettext (pgettext with a context); a safe text stays safe.
 */
function translateMessage(value: unknown, messageContext: string | null, t: Translation): unknown {
  const isSafe = value instanceof SafeString;
  if (typeof value !== 'string' && !isSafe) {
    throw pyError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'replace'`);
  }
  const msgid = String(isSafe ? (value as SafeString).value : value).replaceAll('%', '%%');
  const result = messageContext === null ? t.gettext(msgid) : t.pgettext(messageContext, msgid);
  return isSafe ? markSafe(result) : result;
}

/**
 * Django's FilterExpression.resolve for `{% translate %}`: the message (a
 * literal or a variable) translated before the filters run.
 */
function resolveTranslated(fe: FilterExpression, context: Context, translate: boolean, messageContext: string | null): unknown {
  let obj: unknown;
  let translated = translate;
  if (fe.isVar) {
    const v = fe.var as Variable;
    try {
      obj = v.resolve(context, fe.stringIfInvalid);
    } catch (e) {
      if (!(e instanceof VariableDoesNotExist)) throw e;
      if (fe.stringIfInvalid) return formatStringIfInvalid(fe.stringIfInvalid, v.var);
      obj = fe.stringIfInvalid;
      translated = false;
    }
  } else if (fe.translateConstant) {
    // `_("...")` is already Django's lazy translation (of the text with `%`
    // doubled): the tag's translating, or its noop, does not touch it again.
    obj = gettextValue(context, fe.var);
    translated = false;
  } else if (typeof fe.var === 'string' || fe.var instanceof SafeString) {
    // Django's TranslateNode makes a text constant a Variable again, of
    // "'%s'" % text: its `\'` and `\\` are unescaped a second time.
    const text = fe.var instanceof SafeString ? fe.var.value : fe.var;
    obj = markSafe(text.replaceAll("\\'", "'").replaceAll('\\\\', '\\'));
  } else {
    obj = fe.var;
  }
  if (translated) obj = translateMessage(obj, messageContext, translationOf(context.locale));
  for (const { filter, args } of fe.filters) {
    const argValues = args.map((a) => resolveFilterArg(a, context, fe.stringIfInvalid));
    obj = applyFilter(filter, obj, argValues, context);
  }
  return obj;
}

// ----- translate -----

export class TranslateNode extends Node {
  constructor(
    readonly filterExpression: FilterExpression,
    readonly noop: boolean,
    readonly asvar: string | null,
    readonly messageContext: FilterExpression | null,
  ) {
    super();
  }

  override render(context: Context): string {
    const messageContext = this.messageContext === null ? null : pyStr(this.messageContext.resolve(context));
    const output = resolveTranslated(this.filterExpression, context, !this.noop, messageContext || null);
    const text = renderValueInContext(output, context);
    // Percent signs doubled for gettext come back single.
    const isSafe = context.autoescape || output instanceof SafeString;
    const value = text.replaceAll('%%', '%');
    if (this.asvar !== null) {
      context.set(this.asvar, isSafe ? markSafe(value) : value);
      return '';
    }
    return value;
  }
}

export function doTranslate(parser: Parser, token: Token): TranslateNode {
  const bits = token.splitContents();
  if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument`);
  const messageString = parser.compileFilter(bits[1]!);
  const remaining = bits.slice(2);
  let noop = false;
  let asvar: string | null = null;
  let messageContext: FilterExpression | null = null;
  const seen = new Set<string>();
  while (remaining.length) {
    const option = remaining.shift()!;
    if (seen.has(option)) throw new TemplateSyntaxError(`The '${option}' option was specified more than once.`);
    if (option === 'noop') noop = true;
    else if (option === 'context') {
      const value = remaining.shift();
      if (value === undefined) throw new TemplateSyntaxError(`No argument provided to the '${bits[0]}' tag for the context option.`);
      if (value === 'as' || value === 'noop') {
        throw new TemplateSyntaxError(`Invalid argument '${value}' provided to the '${bits[0]}' tag for the context option`);
      }
      messageContext = parser.compileFilter(value);
    } else if (option === 'as') {
      const value = remaining.shift();
      if (value === undefined) throw new TemplateSyntaxError(`No argument provided to the '${bits[0]}' tag for the as option.`);
      asvar = value;
    } else {
      throw new TemplateSyntaxError(
        `Unknown argument for '${bits[0]}' tag: '${option}'. The only options available are 'noop', 'context' "xxx", and 'as VAR'.`,
      );
    }
    seen.add(option);
  }
  return new TranslateNode(messageString, noop, asvar, messageContext);
}

// ----- blocktranslate -----

/** Python's `fmt % dict` for `%(name)s` and `%%`; a KeyError or ValueError as Python raises them. */
function percentFormat(fmt: string, data: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    const next = fmt[i + 1];
    if (next === '%') {
      out += '%';
      i++;
      continue;
    }
    if (next === '(') {
      const close = fmt.indexOf(')', i);
      if (close < 0) throw pyError('ValueError', 'incomplete format key');
      const key = fmt.slice(i + 2, close);
      const conv = fmt[close + 1];
      if (!data.has(key)) throw pyError('KeyError', pyRepr(key));
      if (conv !== 's') throw pyError('ValueError', `unsupported format character '${conv ?? ''}'`);
      out += data.get(key)!;
      i = close + 1;
      continue;
    }
    throw pyError('ValueError', next === undefined ? 'incomplete format' : `unsupported format character '${next}'`);
  }
  return out;
}

/** Django's `trim_whitespace`. */
function trimWhitespace(s: string): string {
  return s.trim().replace(/\s*\n\s*/g, ' ');
}

export class BlockTranslateNode extends Node {
  constructor(
    readonly extraContext: ReadonlyMap<string, FilterExpression>,
    readonly singular: readonly Token[],
    readonly plural: readonly Token[],
    readonly countervar: string | null,
    readonly counter: FilterExpression | null,
    readonly messageContext: FilterExpression | null,
    readonly trimmed: boolean,
    readonly asvar: string | null,
    readonly tagName: string,
  ) {
    super();
  }

  private renderTokenList(tokens: readonly Token[]): [string, string[]] {
    const result: string[] = [];
    const vars: string[] = [];
    for (const token of tokens) {
      if (token.tokenType === TokenType.TEXT) result.push(token.contents.replaceAll('%', '%%'));
      else if (token.tokenType === TokenType.VAR) {
        result.push(`%(${token.contents})s`);
        vars.push(token.contents);
      }
    }
    let msg = result.join('');
    if (this.trimmed) msg = trimWhitespace(msg);
    return [msg, vars];
  }

  override render(context: Context, nested = false): string {
    const t: Gettext = nested ? UNTRANSLATED : translationOf(context.locale);
    const messageContext = this.messageContext === null ? null : pyStr(this.messageContext.resolve(context));
    const values: Record<string, unknown> = {};
    for (const [name, fe] of this.extraContext) values[name] = fe.resolve(context);
    context.update(values);
    let result: string;
    let data: Map<string, string>;
    try {
      const [singular, vars] = this.renderTokenList(this.singular);
      if (this.plural.length && this.countervar !== null && this.counter !== null) {
        const count = this.counter.resolve(context);
        if (typeof count !== 'number' && typeof count !== 'bigint' && typeof count !== 'boolean') {
          throw new TemplateSyntaxError(`'${this.countervar}' argument to '${this.tagName}' tag must be a number.`);
        }
        context.set(this.countervar, count);
        const [plural, pluralVars] = this.renderTokenList(this.plural);
        const n = Number(count);
        result = messageContext ? t.npgettext(messageContext, singular, plural, n) : t.ngettext(singular, plural, n);
        vars.push(...pluralVars);
      } else {
        result = messageContext ? t.pgettext(messageContext, singular) : t.gettext(singular);
      }
      const stringIfInvalid = context.template?.engine.stringIfInvalid ?? '';
      data = new Map();
      for (const key of vars) {
        const val = context.has(key) ? context.get(key) : formatStringIfInvalid(stringIfInvalid, key);
        data.set(key, renderValueInContext(val, context));
      }
    } finally {
      context.pop();
    }
    try {
      result = percentFormat(result, data);
    } catch (e) {
      if (!(e instanceof Error) || (e.name !== 'KeyError' && e.name !== 'ValueError')) throw e;
      if (nested) {
        throw new TemplateSyntaxError(
          `'${this.tagName}' is unable to format string returned by gettext: ${pyRepr(result)} using ${pyRepr(Object.fromEntries(data))}`,
        );
      }
      result = this.render(context, true);
    }
    if (this.asvar !== null) {
      context.set(this.asvar, markSafe(result));
      return '';
    }
    return result;
  }
}

export function doBlockTranslate(parser: Parser, token: Token): BlockTranslateNode {
  const bits = token.splitContents();
  const tag = bits[0]!;
  const options = new Map<string, unknown>();
  const remaining = bits.slice(1);
  let asvar: string | null = null;
  while (remaining.length) {
    const option = remaining.shift()!;
    if (options.has(option)) throw new TemplateSyntaxError(`The ${pyRepr(option)} option was specified more than once.`);
    let value: unknown;
    if (option === 'with') {
      value = tokenKwargs(remaining, parser, true);
      if ((value as Map<string, FilterExpression>).size === 0) {
        throw new TemplateSyntaxError(`"with" in ${pyRepr(tag)} tag needs at least one keyword argument.`);
      }
    } else if (option === 'count') {
      value = tokenKwargs(remaining, parser, true);
      if ((value as Map<string, FilterExpression>).size !== 1) {
        throw new TemplateSyntaxError(`"count" in ${pyRepr(tag)} tag expected exactly one keyword argument.`);
      }
    } else if (option === 'context') {
      const v = remaining.shift();
      try {
        if (v === undefined) throw new Error();
        value = parser.compileFilter(v);
      } catch {
        throw new TemplateSyntaxError(`"context" in ${pyRepr(tag)} tag expected exactly one argument.`);
      }
    } else if (option === 'trimmed') {
      value = true;
    } else if (option === 'asvar') {
      const v = remaining.shift();
      if (v === undefined) throw new TemplateSyntaxError(`No argument provided to the '${tag}' tag for the asvar option.`);
      asvar = v;
      value = v;
    } else {
      throw new TemplateSyntaxError(`Unknown argument for ${pyRepr(tag)} tag: ${pyRepr(option)}.`);
    }
    options.set(option, value);
  }
  let countervar: string | null = null;
  let counter: FilterExpression | null = null;
  if (options.has('count')) {
    [[countervar, counter]] = [...(options.get('count') as Map<string, FilterExpression>)];
  }
  const messageContext = (options.get('context') as FilterExpression | undefined) ?? null;
  const extraContext = (options.get('with') as Map<string, FilterExpression> | undefined) ?? new Map();
  const trimmed = options.get('trimmed') === true;

  const singular: Token[] = [];
  const plural: Token[] = [];
  let current: Token | undefined;
  while (parser.tokens.length) {
    current = parser.nextToken();
    if (current.tokenType === TokenType.VAR || current.tokenType === TokenType.TEXT) singular.push(current);
    else break;
  }
  if (countervar !== null && counter !== null) {
    if (current?.contents.trim() !== 'plural') {
      throw new TemplateSyntaxError(`${pyRepr(tag)} doesn't allow other block tags inside it`);
    }
    while (parser.tokens.length) {
      current = parser.nextToken();
      if (current.tokenType === TokenType.VAR || current.tokenType === TokenType.TEXT) plural.push(current);
      else break;
    }
  }
  const endTagName = `end${tag}`;
  if (current?.contents.trim() !== endTagName) {
    throw new TemplateSyntaxError(`${pyRepr(tag)} doesn't allow other block tags (seen ${pyRepr(current?.contents ?? '')}) inside it`);
  }
  return new BlockTranslateNode(extraContext, singular, plural, countervar, counter, messageContext, trimmed, asvar, tag);
}

// ----- language and the language tags -----

export class LanguageNode extends Node {
  constructor(readonly nodelist: NodeList, readonly language: FilterExpression) {
    super();
  }
  override render(context: Context): string {
    const old = context.locale;
    const language = this.language.resolve(context);
    let locale: RenderLocale;
    if (language === null || language === undefined) {
      // translation.override(None) is deactivate_all(): messages as they
      // are, the settings' formats, get_language() None.
      locale = { ...old, deactivated: true };
    } else if (!truthy(language)) {
      // activate() ignores an empty code: the language stays.
      locale = old;
    } else if (typeof language === 'string' || language instanceof SafeString) {
      locale = { ...old, language: pyStr(language), deactivated: false };
    } else {
      // translation(language) keys a dict by the code, then reads it as text.
      checkHashable(language);
      throw pyError('AttributeError', `'${pyTypeName(language)}' object has no attribute 'find'`);
    }
    context.locale = locale;
    try {
      return this.nodelist.render(context);
    } finally {
      context.locale = old;
    }
  }
}

export function doLanguage(parser: Parser, token: Token): LanguageNode {
  const bits = token.splitContents();
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument (language)`);
  const language = parser.compileFilter(bits[1]!);
  const nodelist = parser.parse(['endlanguage']);
  parser.deleteFirstToken();
  return new LanguageNode(nodelist, language);
}

/**
 * A node that sets one context variable from the render's state. Each tag
 * has its own class (Django's GetCurrentLanguageNode, ...), not a closure,
 * so that a precompiled module can rebuild it from its fields.
 */
abstract class SetVariableNode extends Node {
  constructor(readonly variable: string) {
    super();
  }
  abstract compute(context: Context): unknown;
  override render(context: Context): string {
    context.set(this.variable, this.compute(context));
    return '';
  }
}

export class GetCurrentLanguageNode extends SetVariableNode {
  compute(context: Context): unknown {
    return currentLanguage(context);
  }
}

export class GetCurrentLanguageBidiNode extends SetVariableNode {
  compute(context: Context): unknown {
    // get_language_bidi(): False when deactivated.
    const language = currentLanguage(context);
    return language !== null && engineBidi(context).includes(language.split('-')[0]!);
  }
}

export class GetAvailableLanguagesNode extends SetVariableNode {
  compute(context: Context): unknown {
    const t = translationOf(context.locale);
    return engineLanguages(context).map(([code, name]) => PyTuple.make(code, t.gettext(name)));
  }
}

export class GetLanguageInfoNode extends SetVariableNode {
  constructor(readonly langCode: FilterExpression, variable: string) {
    super(variable);
  }
  compute(context: Context): unknown {
    return languageInfo(pyStr(this.langCode.resolve(context)), context);
  }
}

export class GetLanguageInfoListNode extends SetVariableNode {
  constructor(readonly languages: FilterExpression, variable: string) {
    super(variable);
  }
  compute(context: Context): unknown {
    const langs = this.languages.resolve(context);
    const items: unknown[] = typeof langs === 'string' ? Array.from(langs) : Array.isArray(langs) ? langs : [];
    return items.map((language) => {
      // A code, or a sequence whose first item is the code (settings.LANGUAGES style).
      const first = Array.isArray(language) ? language[0] : typeof language === 'string' ? language[0] : undefined;
      const code = first !== undefined && pyStr(first).length > 1 ? pyStr(first) : pyStr(language);
      return languageInfo(code, context);
    });
  }
}

/** `{% tag as var %}`: Django splits these on whitespace, not with split_contents. */
function asVariable(token: Token, name: string): string {
  const args = token.contents.split(/\s+/).filter(Boolean);
  if (args.length !== 3 || args[1] !== 'as') {
    throw new TemplateSyntaxError(`'${name}' requires 'as variable' (got ${pyRepr(args)})`);
  }
  return args[2]!;
}

/** Django's `get_language_info` with `name_translated` in the render's language. */
function languageInfo(code: string, context: Context): Record<string, unknown> {
  const info = getLanguageInfo(code);
  return { ...info, name_translated: translationOf(context.locale).gettext(info.name) };
}

function engineLanguages(context: Context): readonly (readonly [string, string])[] {
  return context.template?.engine.languages ?? SETTINGS_LANGUAGES;
}

function engineBidi(context: Context): readonly string[] {
  return context.template?.engine.languagesBidi ?? LANGUAGES_BIDI;
}

function forAs(parser: Parser, token: Token, what: string): [FilterExpression, string] {
  const args = token.splitContents();
  if (args.length !== 5 || args[1] !== 'for' || args[3] !== 'as') {
    throw new TemplateSyntaxError(`'${args[0]}' requires 'for ${what} as variable' (got ${pyRepr(args.slice(1))})`);
  }
  return [parser.compileFilter(args[2]!), args[4]!];
}

// ----- filters -----

function langCode(value: unknown): string {
  if (typeof value === 'string' || value instanceof SafeString || value instanceof PyTuple) return pyStr(value);
  // Django's get_language_info looks the code up in a dict, then asks
  // `"-" in code`: a code that is neither text nor a tuple fails on one.
  checkHashable(value);
  throw pyError('TypeError', `argument of type '${pyTypeName(value)}' is not iterable`);
}

export const i18nLibrary = /* @__PURE__ */ new Library()
  .tag('translate', doTranslate)
  .tag('trans', doTranslate)
  .tag('blocktranslate', doBlockTranslate)
  .tag('blocktrans', doBlockTranslate)
  .tag('language', doLanguage)
  .tag('get_current_language', (_parser, token) => new GetCurrentLanguageNode(asVariable(token, 'get_current_language')))
  .tag('get_current_language_bidi', (_parser, token) => new GetCurrentLanguageBidiNode(asVariable(token, 'get_current_language_bidi')))
  .tag('get_available_languages', (_parser, token) => new GetAvailableLanguagesNode(asVariable(token, 'get_available_languages')))
  .tag('get_language_info', (parser, token) => new GetLanguageInfoNode(...forAs(parser, token, 'string')))
  .tag('get_language_info_list', (parser, token) => new GetLanguageInfoListNode(...forAs(parser, token, 'sequence')))
  .filter('language_name', (value: unknown) => getLanguageInfo(langCode(value)).name, { arg: 'none' })
  .filter('language_name_translated', (value: unknown, _arg: unknown, _autoescape: unknown, locale?: RenderLocale) =>
    translationOf(locale ?? { language: 'en-us', timeZone: 'UTC' }).gettext(getLanguageInfo(langCode(value)).name),
  { arg: 'none', needsLocale: true })
  .filter('language_name_local', (value: unknown) => getLanguageInfo(langCode(value)).name_local, { arg: 'none' })
  .filter('language_bidi', (value: unknown) => getLanguageInfo(langCode(value)).bidi, { arg: 'none' })
  .node('TranslateNode', TranslateNode)
  .node('BlockTranslateNode', BlockTranslateNode)
  .node('LanguageNode', LanguageNode)
  .node('GetCurrentLanguageNode', GetCurrentLanguageNode)
  .node('GetCurrentLanguageBidiNode', GetCurrentLanguageBidiNode)
  .node('GetAvailableLanguagesNode', GetAvailableLanguagesNode)
  .node('GetLanguageInfoNode', GetLanguageInfoNode)
  .node('GetLanguageInfoListNode', GetLanguageInfoListNode);
