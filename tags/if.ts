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
    compileBranch(w, this.conditionsNodelists, 0);
  }
}

/** The branch `i` and those after it, each in the `else` of the one before. */
function compileBranch(w: CodeWriter, branches: readonly [Condition | null, NodeList][], i: number): void {
  const [condition, nodelist] = branches[i];
  if (condition === null) {
    w.nodelist(nodelist);
    return;
  }
  const value = evaluate(w, condition);
  // An operator gives a boolean already; an operand alone needs Python's truth.
  w.line(condition.kind === 'literal' ? `if (${w.rt('truthy')}(${value})) {` : `if (${value}) {`);
  w.nodelist(nodelist);
  if (i + 1 === branches.length) {
    w.line('}');
  } else {
    w.line('} else {');
    compileBranch(w, branches, i + 1);
    w.line('}');
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

const IF_ENDS = ['elif', 'else', 'endif'];
const ENDIF = ['endif'];

function parseCondition(parser: Parser, token: Token): Condition {
  return new IfParser(token.splitContents().slice(1), parser).parse();
}

export function doIf(parser: Parser, token: Token): IfNode {
  const conditionsNodelists: [Condition | null, NodeList][] = [];
  conditionsNodelists.push([parseCondition(parser, token), parser.parse(IF_ENDS)]);
  token = parser.nextToken();
  while (token.contents.startsWith('elif')) {
    conditionsNodelists.push([parseCondition(parser, token), parser.parse(IF_ENDS)]);
    token = parser.nextToken();
  }
  if (token.contents === 'else') {
    conditionsNodelists.push([null, parser.parse(ENDIF)]);
    token = parser.nextToken();
  }
  if (token.contents !== 'endif') {
    throw new TemplateSyntaxError(`Malformed template tag at line ${token.lineno}: "${token.contents}"`);
  }
  return new IfNode(conditionsNodelists);
}
