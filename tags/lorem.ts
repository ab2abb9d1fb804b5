/** `{% lorem [count] [w|p|b] [random] %}`: placeholder Latin text. */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { pyStrRepr } from '../src/runtime/pyrepr.js';
import { paragraphs, words } from '../src/utils/lorem-ipsum.js';
import { tryPyInt as pyInt } from '../src/utils/pyconvert.js';
import { outputLimit } from '../src/runtime/index.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class LoremNode extends Node {
  constructor(readonly count: FilterExpression, readonly method: 'w' | 'p' | 'b', readonly common: boolean) {
    super();
  }
  override render(context: Context): string {
    const count = pyInt(this.count.resolve(context)) ?? 1;
    // Every word or paragraph is at least a character: past maxOutputSize the
    // text would be built in full (for minutes) before the output is measured.
    const origin = context.renderContext.template?.origin;
    const max = origin?.limits.maxOutputSize ?? Infinity;
    if (count > max) throw outputLimit(max);
    const random = origin?.random ?? Math.random;
    if (this.method === 'w') return words(count, this.common, random);
    let paras = paragraphs(count, this.common, random);
    if (this.method === 'p') paras = paras.map((p) => `<p>${p}</p>`);
    return paras.join('\n\n');
  }
}

export function lorem(parser: Parser, token: Token): LoremNode {
  const bits = token.splitContents();
  const tagname = bits[0];
  const common = bits[bits.length - 1] !== 'random';
  if (!common) bits.pop();
  let method: 'w' | 'p' | 'b' = 'b';
  const last = bits[bits.length - 1];
  if (last === 'w' || last === 'p' || last === 'b') {
    method = last;
    bits.pop();
  }
  const count = bits.length > 1 ? bits.pop()! : '1';
  const countExpr = parser.compileFilter(count);
  if (bits.length !== 1) throw new TemplateSyntaxError(`Incorrect format for ${pyStrRepr(tagname)} tag`);
  return new LoremNode(countExpr, method, common);
}
