/**
 * `{% with a=b c=d %}...{% endwith %}`, and the legacy
 * `{% with b as a and d as c %}` (Django's do_with and WithNode).
 */
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import type { Parser } from '../src/parser.js';
import type { CodeWriter } from '../src/compiler.js';
import { tokenKwargs, type FilterExpression } from '../src/expression.js';
import type { Token } from '../src/lexer.js';
import { pyStrRepr } from '../src/runtime/pyrepr.js';

export class WithNode extends Node {
  constructor(readonly extraContext: Map<string, FilterExpression>, readonly nodelist: NodeList) {
    super();
  }

  override compile(w: CodeWriter): void {
    w.block('', () => {
      // Every value is resolved before any is bound, as Django does.
      const values = [...this.extraContext].map(([name, fe]) => [name, w.filterExpression(fe, 'render')] as const);
      const frame = w.tmp('f');
      w.line(`const ${frame} = ctx.push();`);
      w.pushScope();
      for (const [name, value] of values) {
        w.line(`${w.frameSet(frame, name, value)};`);
        w.bind(name, value, frame);
      }
      w.nodelist(this.nodelist);
      w.popScope();
      w.line('ctx.pop();');
    });
  }
}

export function doWith(parser: Parser, token: Token): WithNode {
  const bits = token.splitContents();
  const remaining = bits.slice(1);
  const extraContext = tokenKwargs(remaining, parser, true);
  if (extraContext.size === 0) {
    throw new TemplateSyntaxError(`${pyStrRepr(bits[0])} expected at least one variable assignment`);
  }
  if (remaining.length) {
    throw new TemplateSyntaxError(`${pyStrRepr(bits[0])} received an invalid token: ${pyStrRepr(remaining[0])}`);
  }
  const nodelist = parser.parse(['endwith']);
  parser.deleteFirstToken();
  return new WithNode(extraContext, nodelist);
}
