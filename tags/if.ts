/**
 * `{% if %}` / `{% elif %}` / `{% else %}` / `{% endif %}` (Django's do_if
 * and IfNode). The condition language is smartif's.
 */
import { Node, type NodeList } from '../src/nodes.js';
import { IfParser, compileCondition, type Condition } from '../src/smartif.js';
import { TemplateSyntaxError } from '../src/errors.js';
import type { CodeWriter } from '../src/compiler.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class IfNode extends Node {
  constructor(readonly conditionsNodelists: [Condition | null, NodeList][]) {
    super();
  }

  override getNodesByType<T extends Node>(type: abstract new (...args: any[]) => T): T[] {
    const found: T[] = this instanceof type ? [this as unknown as T] : [];
    for (const [, nl] of this.conditionsNodelists) found.push(...nl.getNodesByType(type));
    return found;
  }

  override compile(w: CodeWriter): void {
    const branches = this.conditionsNodelists;
    const emit = (i: number): void => {
      const [condition, nodelist] = branches[i];
      if (condition === null) {
        w.nodelist(nodelist);
        return;
      }
      const value = evaluate(w, condition);
      // An operator gives a boolean already; an operand alone needs Python's truth.
      const test = condition.kind === 'literal' ? `if (${w.rt('truthy')}(${value}))` : `if (${value})`;
      if (i + 1 === branches.length) {
        w.block(test, () => w.nodelist(nodelist));
      } else {
        w.block(test, () => w.nodelist(nodelist), '} else {');
        emit(i + 1);
        w.line('}');
      }
    };
    emit(0);
  }
}

/**
 * A condition's value. An operand alone that fails to resolve with
 * VariableDoesNotExist (a missing filter argument) counts as None.
 */
function evaluate(w: CodeWriter, condition: Condition): string {
  const value = compileCondition(w, condition);
  if (condition.kind !== 'literal' || !condition.value.filters.some((f) => f.args.some((a) => a.lookup))) return value;
  const v = w.tmp('c');
  w.line(`let ${v}; try { ${v} = ${value}; } catch (e) { if (e instanceof ${w.rt('VariableDoesNotExist')}) ${v} = null; else throw e; }`);
  return v;
}

export function doIf(parser: Parser, token: Token): IfNode {
  const parseCondition = (t: Token): Condition =>
    new IfParser(t.splitContents().slice(1), (bit) => parser.compileFilter(bit)).parse();
  const conditionsNodelists: [Condition | null, NodeList][] = [];
  conditionsNodelists.push([parseCondition(token), parser.parse(['elif', 'else', 'endif'])]);
  token = parser.nextToken();
  while (token.contents.startsWith('elif')) {
    conditionsNodelists.push([parseCondition(token), parser.parse(['elif', 'else', 'endif'])]);
    token = parser.nextToken();
  }
  if (token.contents === 'else') {
    conditionsNodelists.push([null, parser.parse(['endif'])]);
    token = parser.nextToken();
  }
  if (token.contents !== 'endif') {
    throw new TemplateSyntaxError(`Malformed template tag at line ${token.lineno}: "${token.contents}"`);
  }
  return new IfNode(conditionsNodelists);
}
