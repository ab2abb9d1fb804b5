/**
 * `{% verbatim [name] %}...{% endverbatim [name] %}`: the content is output
 * as written. The lexer already made everything inside text (see lexer.ts).
 */
import { Node, TextNode } from '../src/nodes.js';
import type { CodeWriter } from '../src/compiler.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class VerbatimNode extends Node {
  constructor(readonly content: string) {
    super();
  }
  override compile(w: CodeWriter): void {
    w.text(this.content);
  }
}

export function verbatim(parser: Parser, _token: Token): VerbatimNode {
  const nodelist = parser.parse(['endverbatim']);
  parser.deleteFirstToken();
  let content = '';
  for (const node of nodelist) if (node instanceof TextNode) content += node.s;
  return new VerbatimNode(content);
}
