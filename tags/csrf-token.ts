/** `{% csrf_token %}`: Django's hidden form input, from `csrf_token` in the context. */
import { Node } from '../src/nodes.js';
import { pyError } from '../src/errors.js';
import { escapeHtml } from '../src/runtime/escape.js';
import { truthy } from '../src/runtime/pyops.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class CsrfTokenNode extends Node {
  override render(context: Context): string {
    const token = context.get('csrf_token');
    if (!truthy(token)) return '';
    const text = token instanceof SafeString ? token.value : pyStr(token);
    // Django 6.1 calls format_html("") here, which now refuses no arguments.
    if (text === 'NOTPROVIDED') throw pyError('TypeError', 'args or kwargs must be provided.');
    const value = token instanceof SafeString ? text : escapeHtml(text);
    return `<input type="hidden" name="csrfmiddlewaretoken" value="${value}">`;
  }
}

export function csrfToken(_parser: Parser, _token: Token): CsrfTokenNode {
  return new CsrfTokenNode();
}
