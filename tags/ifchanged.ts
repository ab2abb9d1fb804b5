/**
 * `{% ifchanged [values] %}...{% else %}...{% endifchanged %}` (Django's
 * IfChangedNode). The last value seen belongs to the enclosing loop's
 * `forloop` (so a new loop starts afresh) or else to the render state.
 */
import { Node, NodeList } from '../src/nodes.js';
import { pyEquals } from '../src/runtime/pyops.js';
import { isDictLike, pyTypeName } from '../src/runtime/pyrepr.js';
import { pyError } from '../src/errors.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

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
    const rc = context.renderContext;
    if (context.has('forloop')) {
      const forloop = context.get('forloop');
      // Django calls `context['forloop'].setdefault(self)`: anything but a
      // dict has no such method.
      if (!isDictLike(forloop)) throw pyError('AttributeError', `'${pyTypeName(forloop)}' object has no attribute 'setdefault'`);
      // Django keys the state by the node inside the forloop dict. A
      // `forloop` may come from the data (`{% with forloop=x %}`), which a
      // render never writes to: the state is the render's, per forloop
      // object, and lives as long as that loop (a WeakMap).
      const loops = (rc.loopState ??= new WeakMap());
      let state = loops.get(forloop);
      if (!state) loops.set(forloop, (state = new Map()));
      return state as Map<Node, unknown>;
    }
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
