/** `{% autoescape on|off %}...{% endautoescape %}` (Django's AutoEscapeControlNode). */
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import type { CodeWriter } from '../src/compiler.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import { pySplit } from '../src/utils/text.js';

export class AutoEscapeControlNode extends Node {
  constructor(readonly setting: boolean, readonly nodelist: NodeList) {
    super();
  }

  override compile(w: CodeWriter): void {
    w.block('', () => {
      // The context carries the setting too, for included templates and
      // custom tags; the code inside knows it and does not ask.
      const old = w.tmp('ae');
      w.line(`const ${old} = ctx.autoescape;`);
      w.line(`ctx.autoescape = ${this.setting};`);
      const outer = w.autoescape;
      w.autoescape = this.setting;
      w.nodelist(this.nodelist);
      w.autoescape = outer;
      w.line(`ctx.autoescape = ${old};`);
    });
  }
}

export function autoescape(parser: Parser, token: Token): AutoEscapeControlNode {
  // Not split_contents: the argument is a word, never a variable.
  const args = pySplit(token.contents);
  if (args.length !== 2) throw new TemplateSyntaxError("'autoescape' tag requires exactly one argument.");
  const arg = args[1];
  if (arg !== 'on' && arg !== 'off') throw new TemplateSyntaxError("'autoescape' argument should be 'on' or 'off'");
  const nodelist = parser.parse(['endautoescape']);
  parser.deleteFirstToken();
  return new AutoEscapeControlNode(arg === 'on', nodelist);
}
