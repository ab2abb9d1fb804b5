/** `{% filter upper|escape %}...{% endfilter %}`: the block's output through filters. */
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError, pyError } from '../src/errors.js';
import { markSafe } from '../src/runtime/safestring.js';
import { pySplit } from '../src/utils/text.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class FilterNode extends Node {
  constructor(readonly filterExpr: FilterExpression, readonly nodelist: NodeList) {
    super();
  }
  override render(context: Context): unknown {
    // Django's NodeList.render gives a SafeString: the filters see safe text.
    const output = markSafe(this.nodelist.render(context));
    context.push({ var: output });
    try {
      return this.filterExpr.resolve(context);
    } finally {
      context.pop();
    }
  }
}

export function doFilter(parser: Parser, token: Token): FilterNode {
  const contents = token.contents;
  const words = pySplit(contents);
  if (words.length < 2) throw pyError('ValueError', 'not enough values to unpack (expected 2, got 1)');
  // Django's `contents.split(None, 1)[1]`: everything after the first word.
  const rest = contents.slice(contents.indexOf(words[0]) + words[0].length).replace(/^[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '');
  const filterExpr = parser.compileFilter(`var|${rest}`);
  for (const { filter } of filterExpr.filters) {
    if (filter.name === 'escape' || filter.name === 'safe') {
      throw new TemplateSyntaxError(`"filter ${filter.name}" is not permitted. Use the "autoescape" tag instead.`);
    }
  }
  const nodelist = parser.parse(['endfilter']);
  parser.deleteFirstToken();
  return new FilterNode(filterExpr, nodelist);
}
