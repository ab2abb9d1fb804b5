/** `{% regroup list by key as groups %}`: consecutive items grouped by a key (Django's RegroupNode). */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { PyTuple, pyRepr } from '../src/runtime/pyrepr.js';
import { pyEquals } from '../src/runtime/pyops.js';
import { forIterable } from '../src/runtime/index.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

/** Django's GroupedResult namedtuple: `group.grouper`, `group.list`, or unpacked as a pair. */
export class GroupedResult extends PyTuple {
  static group(grouper: unknown, list: unknown[]): GroupedResult {
    const g = new GroupedResult();
    g.push(grouper, list);
    return g;
  }
  get grouper(): unknown {
    return this[0];
  }
  get list(): unknown {
    return this[1];
  }
  __repr__(): string {
    return `GroupedResult(grouper=${pyRepr(this[0])}, list=${pyRepr(this[1])})`;
  }
}

export class RegroupNode extends Node {
  constructor(readonly target: FilterExpression, readonly expression: FilterExpression, readonly varName: string) {
    super();
  }

  override render(context: Context): string {
    const objList = this.target.resolve(context, true);
    if (objList === null || objList === undefined) {
      context.set(this.varName, []);
      return '';
    }
    const groups: GroupedResult[] = [];
    let current: GroupedResult | undefined;
    for (const obj of Array.from(forIterable(objList))) {
      context.set(this.varName, obj);
      const key = this.expression.resolve(context, true);
      if (current && pyEquals(current[0], key)) (current[1] as unknown[]).push(obj);
      else groups.push((current = GroupedResult.group(key, [obj])));
    }
    context.set(this.varName, groups);
    return '';
  }
}

export function regroup(parser: Parser, token: Token): RegroupNode {
  const bits = token.splitContents();
  if (bits.length !== 6) throw new TemplateSyntaxError("'regroup' tag takes five arguments");
  const target = parser.compileFilter(bits[1]);
  if (bits[2] !== 'by') throw new TemplateSyntaxError("second argument to 'regroup' tag must be 'by'");
  if (bits[4] !== 'as') throw new TemplateSyntaxError("next-to-last argument to 'regroup' tag must be 'as'");
  const varName = bits[5];
  // The key is looked up on the item, which Django binds to the target name.
  const expression = parser.compileFilter(`${varName}.${bits[3]}`);
  return new RegroupNode(target, expression, varName);
}
