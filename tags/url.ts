/**
 * `{% url "name" arg1 kw=arg2 [as var] %}`: a URL from the engine's
 * `urlResolver(viewName, args, kwargs)`, which plays Django's `reverse()`.
 */
import { Node } from '../src/nodes.js';
import { NoReverseMatch, TemplateSyntaxError, pyError } from '../src/errors.js';
import { conditionalEscape } from '../src/runtime/escape.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import { checkHashable } from '../src/runtime/pyops.js';
import { SafeString } from '../src/runtime/safestring.js';
import { kwargRe, type FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class URLNode extends Node {
  constructor(
    readonly viewName: FilterExpression,
    readonly args: FilterExpression[],
    readonly kwargs: Map<string, FilterExpression>,
    readonly asvar: string | null,
  ) {
    super();
  }

  override render(context: Context): string {
    const args = this.args.map((a) => a.resolve(context));
    const kwargs: Record<string, unknown> = {};
    for (const [k, v] of this.kwargs) kwargs[k] = v.resolve(context);
    const value = this.viewName.resolve(context);
    const isText = typeof value === 'string' || value instanceof SafeString;
    const viewName = value instanceof SafeString ? value.value : pyStr(value);
    // Django's reverse(): a namespaced name is looked up first (the
    // resolver's part here), then args and kwargs may not be mixed, then
    // the name is a dict key.
    if (!(isText && viewName.includes(':')) && args.length > 0 && Object.keys(kwargs).length > 0) {
      throw pyError('ValueError', "Don't mix *args and **kwargs in call to reverse()!");
    }
    if (!isText) checkHashable(value);
    let url = '';
    try {
      url = reverse(context, viewName, args, kwargs);
    } catch (e) {
      if (!(e instanceof NoReverseMatch) || this.asvar === null) throw e;
    }
    if (this.asvar) {
      context.set(this.asvar, url);
      return '';
    }
    return context.autoescape ? conditionalEscape(url).value : url;
  }
}

function reverse(context: Context, viewName: string, args: unknown[], kwargs: Record<string, unknown>): string {
  const resolver = context.template?.engine.urlResolver;
  const url = resolver ? resolver(viewName, args, kwargs) : undefined;
  if (url === undefined || url === null) {
    throw new NoReverseMatch(`Reverse for '${viewName}' not found. '${viewName}' is not a valid view function or pattern name.`);
  }
  return url;
}

export function url(parser: Parser, token: Token): URLNode {
  let bits = token.splitContents();
  if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument, a URL pattern name.`);
  const viewName = parser.compileFilter(bits[1]);
  const args: FilterExpression[] = [];
  const kwargs = new Map<string, FilterExpression>();
  let asvar: string | null = null;
  bits = bits.slice(2);
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    asvar = bits[bits.length - 1];
    bits = bits.slice(0, -2);
  }
  for (const bit of bits) {
    const m = kwargRe().exec(bit);
    if (!m) throw new TemplateSyntaxError('Malformed arguments to url tag');
    if (m[1]) kwargs.set(m[1], parser.compileFilter(m[2]));
    else args.push(parser.compileFilter(m[2]));
  }
  return new URLNode(viewName, args, kwargs, asvar);
}
