/** `{% comment [note] %}...{% endcomment %}`: everything inside is skipped, unparsed. */
import { Node } from '../src/nodes.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class CommentNode extends Node {
  override compile(): void {
    // nothing to output
  }
}

export function comment(parser: Parser, _token: Token): CommentNode {
  parser.skipPast('endcomment');
  return new CommentNode();
}
