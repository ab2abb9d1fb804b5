/** `{% spaceless %}...{% endspaceless %}`: whitespace between tags removed. */
import { Node, type NodeList } from '../src/nodes.js';
import { pyStrip, pyWhitespace } from '../src/utils/text.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

// Django's strip_spaces_between_tags: re.sub(r">\s+<", "><", value).
const betweenTags = /* @__PURE__ */ new RegExp(`>[${pyWhitespace}]+<`, 'g');

export class SpacelessNode extends Node {
  constructor(readonly nodelist: NodeList) {
    super();
  }
  override render(context: Context): string {
    return pyStrip(this.nodelist.render(context)).replace(betweenTags, '><');
  }
}

export function spaceless(parser: Parser, _token: Token): SpacelessNode {
  const nodelist = parser.parse(['endspaceless']);
  parser.deleteFirstToken();
  return new SpacelessNode(nodelist);
}
