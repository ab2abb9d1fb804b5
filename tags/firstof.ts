/** `{% firstof a b c [as var] %}`: the first true value, escaped as `{{ }}` would be. */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { renderValueInContext } from '../src/runtime/display.js';
import { truthy } from '../src/runtime/pyops.js';
import { SafeString } from '../src/runtime/safestring.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class FirstOfNode extends Node {
  constructor(readonly vars: FilterExpression[], readonly asvar: string | null) {
    super();
  }
  override render(context: Context): string {
    let first: string | SafeString = '';
    for (const v of this.vars) {
      const value = v.resolve(context, true);
      if (truthy(value)) {
        // render_value_in_context: escaped text is a SafeString.
        first = context.autoescape ? new SafeString(renderValueInContext(value, context)) : renderValueInContext(value, context);
        break;
      }
    }
    if (this.asvar) {
      context.set(this.asvar, first);
      return '';
    }
    return String(first);
  }
}

export function firstof(parser: Parser, token: Token): FirstOfNode {
  let bits = token.splitContents().slice(1);
  let asvar: string | null = null;
  if (!bits.length) throw new TemplateSyntaxError("'firstof' statement requires at least one argument");
  if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
    asvar = bits[bits.length - 1];
    bits = bits.slice(0, -2);
  }
  return new FirstOfNode(bits.map((b) => parser.compileFilter(b)), asvar);
}
