/**
 * Django's smartif: the `{% if %}` expression parser (a small Pratt parser
 * with Python's operator precedence), and the JavaScript each operator
 * compiles to.
 */
import { TemplateSyntaxError } from './errors.js';
import type { FilterExpression } from './expression.js';
import type { CodeWriter } from './compiler.js';

type InfixOp = 'or' | 'and' | 'in' | 'not in' | 'is' | 'is not' | '==' | '!=' | '>' | '>=' | '<' | '<=';

/** Binding powers, as Django's OPERATORS table gives them. */
const infixPower: Record<InfixOp, number> = {
  or: 6, and: 7, in: 9, 'not in': 9, is: 10, 'is not': 10,
  '==': 10, '!=': 10, '>': 10, '>=': 10, '<': 10, '<=': 10,
};
const NOT_POWER = 8;

export type Condition =
  | { kind: 'literal'; value: FilterExpression; text: string }
  | { kind: 'not'; first: Condition }
  | { kind: 'infix'; op: InfixOp; first: Condition; second: Condition };

type IfToken =
  | { kind: 'literal'; value: FilterExpression; text: string }
  | { kind: 'infix'; op: InfixOp }
  | { kind: 'not' }
  | { kind: 'end' };

const END: IfToken = { kind: 'end' };

function lbp(t: IfToken): number {
  if (t.kind === 'infix') return infixPower[t.op];
  if (t.kind === 'not') return NOT_POWER;
  return 0;
}

function display(t: IfToken): string {
  switch (t.kind) {
    case 'literal': return t.text;
    case 'infix': return t.op;
    case 'not': return 'not';
    case 'end': return 'end';
  }
}

export class IfParser {
  private readonly tokens: IfToken[] = [];
  private pos = 0;
  private current: IfToken;

  /** The parser's `compileFilter` turns each operand into a FilterExpression (Django's TemplateIfParser). */
  constructor(bits: readonly string[], parser: { compileFilter(bit: string): FilterExpression }) {
    for (let i = 0; i < bits.length; i++) {
      let bit = bits[i];
      // 'is not' and 'not in' are single operators.
      if (bit === 'is' && bits[i + 1] === 'not') { bit = 'is not'; i++; }
      else if (bit === 'not' && bits[i + 1] === 'in') { bit = 'not in'; i++; }
      if (bit === 'not') this.tokens.push({ kind: 'not' });
      else if (Object.hasOwn(infixPower, bit)) this.tokens.push({ kind: 'infix', op: bit as InfixOp });
      else this.tokens.push({ kind: 'literal', value: parser.compileFilter(bit), text: bit });
    }
    this.current = this.next();
  }

  private next(): IfToken {
    return this.pos < this.tokens.length ? this.tokens[this.pos++] : END;
  }

  parse(): Condition {
    const result = this.expression();
    if (this.current !== END) {
      throw new TemplateSyntaxError(`Unused '${display(this.current)}' at end of if expression.`);
    }
    return result;
  }

  private expression(rbp = 0): Condition {
    const t = this.current;
    this.current = this.next();
    let left = this.nud(t);
    while (rbp < lbp(this.current)) {
      const op = this.current;
      this.current = this.next();
      left = this.led(op, left);
    }
    return left;
  }

  private nud(t: IfToken): Condition {
    switch (t.kind) {
      case 'literal': return t;
      case 'not': return { kind: 'not', first: this.expression(NOT_POWER) };
      case 'end': throw new TemplateSyntaxError('Unexpected end of expression in if tag.');
      case 'infix': throw new TemplateSyntaxError(`Not expecting '${t.op}' in this position in if tag.`);
    }
  }

  private led(t: IfToken, left: Condition): Condition {
    if (t.kind === 'infix') return { kind: 'infix', op: t.op, first: left, second: this.expression(infixPower[t.op]) };
    throw new TemplateSyntaxError(`Not expecting '${display(t)}' as infix operator in if tag.`);
  }
}

type Infix = Extract<Condition, { kind: 'infix' }>;

/**
 * Emit code evaluating a condition; returns an expression for its value
 * (a boolean for an operator). As in Django, an operator that raises (a
 * comparison Python refuses, a lookup that throws) is False; an operand
 * alone lets errors through.
 */
export function compileCondition(w: CodeWriter, c: Condition): string {
  // Operators of equal power associate to the left, so a long chain
  // (`a or b or c ...`, which Django renders) is a deep left spine: walk
  // it in a loop, innermost first, not by recursion as deep as the chain.
  const spine: Infix[] = [];
  let first = c;
  for (; first.kind === 'infix'; first = first.first) spine.push(first);
  let x = first.kind === 'literal' ? w.expression(first.value, 'ignoreFailures') : compileNot(w, first);
  for (let i = spine.length - 1; i >= 0; i--) x = compileInfix(w, spine[i], x);
  return x;
}

function truth(w: CodeWriter, c: Condition, e: string): string {
  return c.kind === 'literal' ? `${w.rt('truthy')}(${e})` : e;
}

function compileNot(w: CodeWriter, c: Extract<Condition, { kind: 'not' }>): string {
  const result = w.tmp('c');
  const x = compileCondition(w, c.first);
  w.line(`let ${result} = false; try { ${result} = !${truth(w, c.first, x)}; } catch {}`);
  return result;
}

/** An operator whose left operand's value is already in `x`. */
function compileInfix(w: CodeWriter, c: Infix, x: string): string {
  const result = w.tmp('c');
  if (c.op === 'or' || c.op === 'and') {
    if (c.second.kind === 'literal') {
      const y = compileCondition(w, c.second);
      const op = c.op === 'or' ? '||' : '&&';
      w.line(`let ${result} = false; try { ${result} = ${truth(w, c.first, x)} ${op} ${truth(w, c.second, y)}; } catch {}`);
      return result;
    }
    // The right side is evaluated only when needed, as Python's `or`/`and` do.
    w.line(`let ${result} = false; try { ${result} = ${truth(w, c.first, x)}; } catch {}`);
    w.block(c.op === 'or' ? `if (!${result})` : `if (${result})`, () => {
      w.line(`${result} = ${compileCondition(w, c.second)};`);
    });
    return result;
  }
  const y = compileCondition(w, c.second);
  w.line(`let ${result} = false; try { ${result} = ${operatorExpr(w, c.op, x, y)}; } catch {}`);
  return result;
}

function operatorExpr(w: CodeWriter, op: InfixOp, x: string, y: string): string {
  switch (op) {
    case '==': return `${w.rt('pyEquals')}(${x}, ${y})`;
    case '!=': return `!${w.rt('pyEquals')}(${x}, ${y})`;
    case '<': return `${w.rt('compare')}(${x}, ${y}) < 0`;
    case '<=': return `${w.rt('compare')}(${x}, ${y}) <= 0`;
    case '>': return `${w.rt('compare')}(${x}, ${y}) > 0`;
    case '>=': return `${w.rt('compare')}(${x}, ${y}) >= 0`;
    case 'in': return `${w.rt('contains')}(${y}, ${x})`;
    case 'not in': return `!${w.rt('contains')}(${y}, ${x})`;
    case 'is': return `${w.rt('pyIs')}(${x}, ${y})`;
    case 'is not': return `!${w.rt('pyIs')}(${x}, ${y})`;
    default: throw new Error(`unknown operator ${op}`);
  }
}
