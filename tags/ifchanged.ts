/**
 * `{% ifchanged [values] %}...{% else %}...{% endifchanged %}` (Django's
 * IfChangedNode). The last value seen is kept on the enclosing loop's
 * `forloop` (so a new loop starts afresh) or else in the render state.
 */
import { Node, NodeList } from '../src/nodes.js';
import { pyEquals } from '../src/runtime/pyops.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

// Django keys the state by the node inside the forloop dict; a symbol key
// keeps it out of what `{{ forloop }}` prints.
const STATE = Symbol('ifchanged');

export class IfChangedNode extends Node {
  constructor(
    readonly nodelistTrue: NodeList,
    readonly nodelistFalse: NodeList,
    readonly varlist: FilterExpression[],
  ) {
    super();
  }

  private stateFrame(context: Context): Map<Node, unknown> {
    const forloop = context.has('forloop') ? context.get('forloop') : undefined;
    if (forloop !== null && typeof forloop === 'object') {
      const holder = forloop as { [STATE]?: Map<Node, unknown> };
      if (!holder[STATE]) Object.defineProperty(holder, STATE, { value: new Map(), enumerable: false });
      return holder[STATE]!;
    }
    const rc = context.renderContext;
    if (!rc.has(STATE)) rc.set(STATE, new Map());
    return rc.get(STATE) as Map<Node, unknown>;
  }

  override render(context: Context): string {
    const state = this.stateFrame(context);
    let output: string | null = null;
    let compareTo: unknown;
    if (this.varlist.length) compareTo = this.varlist.map((v) => v.resolve(context, true));
    else compareTo = output = this.nodelistTrue.render(context);
    const previous = state.has(this) ? state.get(this) : null;
    if (!pyEquals(compareTo, previous)) {
      state.set(this, compareTo);
      // Django renders again when the first rendering was empty.
      return output || this.nodelistTrue.render(context);
    }
    if (this.nodelistFalse.length) return this.nodelistFalse.render(context);
    return '';
  }
}

export function ifchanged(parser: Parser, token: Token): IfChangedNode {
  const bits = token.splitContents();
  const nodelistTrue = parser.parse(['else', 'endifchanged']);
  const next = parser.nextToken();
  let nodelistFalse = new NodeList();
  if (next.contents === 'else') {
    nodelistFalse = parser.parse(['endifchanged']);
    parser.deleteFirstToken();
  }
  return new IfChangedNode(nodelistTrue, nodelistFalse, bits.slice(1).map((b) => parser.compileFilter(b)));
}
