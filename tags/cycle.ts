/**
 * `{% cycle a b c [as name [silent]] %}`, `{% cycle name %}` and
 * `{% resetcycle [name] %}` (Django's CycleNode and ResetCycleNode). Where a
 * cycle stands is per render (the render context), never on the node.
 */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { renderValueInContext } from '../src/runtime/display.js';
import { pyStrRepr } from '../src/runtime/pyrepr.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

const NAMED_CYCLES = Symbol('namedCycleNodes');
const LAST_CYCLE = Symbol('lastCycleNode');

export class CycleNode extends Node {
  constructor(
    readonly cyclevars: FilterExpression[],
    readonly variableName: string | null = null,
    readonly silent = false,
  ) {
    super();
  }

  override render(context: Context): string {
    const rc = context.renderContext;
    const index = rc.has(this) ? (rc.get(this) as number) : 0;
    rc.set(this, (index + 1) % this.cyclevars.length);
    const value = this.cyclevars[index].resolve(context);
    if (this.variableName) context.setUpward(this.variableName, value);
    if (this.silent) return '';
    return renderValueInContext(value, context);
  }

  reset(context: Context): void {
    context.renderContext.set(this, 0);
  }
}

export class ResetCycleNode extends Node {
  constructor(readonly node: CycleNode) {
    super();
  }
  override render(context: Context): string {
    this.node.reset(context);
    return '';
  }
}

export function cycle(parser: Parser, token: Token): CycleNode {
  let args = token.splitContents();
  if (args.length < 2) throw new TemplateSyntaxError("'cycle' tag requires at least two arguments");
  const named = parser.tagState.get(NAMED_CYCLES) as Map<string, CycleNode> | undefined;
  if (args.length === 2) {
    const name = args[1];
    if (named === undefined) throw new TemplateSyntaxError(`No named cycles in template. '${name}' is not defined`);
    const node = named.get(name);
    if (node === undefined) throw new TemplateSyntaxError(`Named cycle '${name}' does not exist`);
    return node;
  }
  let asForm = false;
  let silent = false;
  if (args.length > 4) {
    if (args[args.length - 3] === 'as') {
      if (args[args.length - 1] !== 'silent') {
        throw new TemplateSyntaxError(`Only 'silent' flag is allowed after cycle's name, not '${args[args.length - 1]}'.`);
      }
      asForm = true;
      silent = true;
      args = args.slice(0, -1);
    } else if (args[args.length - 2] === 'as') {
      asForm = true;
    }
  }
  let node: CycleNode;
  if (asForm) {
    const name = args[args.length - 1];
    node = new CycleNode(args.slice(1, -2).map((a) => parser.compileFilter(a)), name, silent);
    const map = named ?? new Map<string, CycleNode>();
    map.set(name, node);
    parser.tagState.set(NAMED_CYCLES, map);
  } else {
    node = new CycleNode(args.slice(1).map((a) => parser.compileFilter(a)));
  }
  parser.tagState.set(LAST_CYCLE, node);
  return node;
}

export function resetcycle(parser: Parser, token: Token): ResetCycleNode {
  const args = token.splitContents();
  if (args.length > 2) throw new TemplateSyntaxError(`${pyStrRepr(args[0])} tag accepts at most one argument.`);
  if (args.length === 2) {
    const node = (parser.tagState.get(NAMED_CYCLES) as Map<string, CycleNode> | undefined)?.get(args[1]);
    if (node === undefined) throw new TemplateSyntaxError(`Named cycle '${args[1]}' does not exist.`);
    return new ResetCycleNode(node);
  }
  const last = parser.tagState.get(LAST_CYCLE) as CycleNode | undefined;
  if (last === undefined) throw new TemplateSyntaxError('No cycles in template.');
  return new ResetCycleNode(last);
}
