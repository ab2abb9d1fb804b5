/** `{% templatetag openblock %}` and friends: the syntax characters themselves. */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import type { CodeWriter } from '../src/compiler.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import { pySplit } from '../src/utils/text.js';
import { pyRepr } from '../src/runtime/pyrepr.js';

const mapping = new Map([
  ['openblock', '{%'],
  ['closeblock', '%}'],
  ['openvariable', '{{'],
  ['closevariable', '}}'],
  ['openbrace', '{'],
  ['closebrace', '}'],
  ['opencomment', '{#'],
  ['closecomment', '#}'],
]);

export class TemplateTagNode extends Node {
  constructor(readonly tagtype: string) {
    super();
  }
  override compile(w: CodeWriter): void {
    w.text(mapping.get(this.tagtype) ?? '');
  }
}

export function templatetag(_parser: Parser, token: Token): TemplateTagNode {
  const bits = pySplit(token.contents);
  if (bits.length !== 2) throw new TemplateSyntaxError("'templatetag' statement takes one argument");
  const tag = bits[1];
  if (!mapping.has(tag)) {
    throw new TemplateSyntaxError(`Invalid templatetag argument: '${tag}'. Must be one of: ${pyRepr([...mapping.keys()])}`);
  }
  return new TemplateTagNode(tag);
}
