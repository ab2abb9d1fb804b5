/** `{% widthratio value max width [as var] %}`: value/max*width, rounded as Python rounds. */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError, VariableDoesNotExist } from '../src/errors.js';
import { tryPyFloat as pyFloat, tryPyInt as pyInt } from '../src/utils/pyconvert.js';
import type { FilterExpression } from '../src/expression.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export class WidthRatioNode extends Node {
  constructor(
    readonly valExpr: FilterExpression,
    readonly maxExpr: FilterExpression,
    readonly maxWidth: FilterExpression,
    readonly asvar: string | null,
  ) {
    super();
  }

  override render(context: Context): string {
    let value: unknown, maxValue: unknown, maxWidth: number | undefined;
    try {
      value = this.valExpr.resolve(context);
      maxValue = this.maxExpr.resolve(context);
      maxWidth = pyInt(this.maxWidth.resolve(context));
    } catch (e) {
      if (e instanceof VariableDoesNotExist) return '';
      throw e;
    }
    if (maxWidth === undefined) throw new TemplateSyntaxError('widthratio final argument must be a number');
    let result: string;
    const v = pyFloat(value), m = pyFloat(maxValue);
    if (v === undefined || m === undefined) result = '';
    else if (m === 0) result = '0';
    else {
      const ratio = (v / m) * maxWidth;
      // Python's round() gives an int, printed with all its digits.
      result = Number.isFinite(ratio) ? BigInt(roundHalfEven(ratio)).toString() : '';
    }
    if (this.asvar) {
      context.set(this.asvar, result);
      return '';
    }
    return result;
  }
}

export function widthratio(parser: Parser, token: Token): WidthRatioNode {
  const bits = token.splitContents();
  let asvar: string | null = null;
  if (bits.length === 6) {
    if (bits[4] !== 'as') throw new TemplateSyntaxError("Invalid syntax in widthratio tag. Expecting 'as' keyword");
    asvar = bits[5];
  } else if (bits.length !== 4) {
    throw new TemplateSyntaxError('widthratio takes at least three arguments');
  }
  return new WidthRatioNode(parser.compileFilter(bits[1]), parser.compileFilter(bits[2]), parser.compileFilter(bits[3]), asvar);
}
