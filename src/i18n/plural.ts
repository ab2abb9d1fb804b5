/**
 * gettext's `Plural-Forms` header: `nplurals=3; plural=(n%10==1 && n%100!=11
 * ? 0 : ...);`. The expression is C: a tiny recursive-descent parser turns it
 * into a closure tree once per catalog; nothing is ever `eval`ed. The rules
 * are Python's `gettext.c2py`: booleans are 0 or 1, `/` and `%` are Python's
 * floored integer operations.
 */

export type PluralFunction = (n: number) => number;

export interface PluralForms {
  readonly nplurals: number;
  readonly plural: PluralFunction;
  /** The header value it was parsed from (a precompiled module writes it out); absent: gettext's default. */
  readonly header?: string;
}

/** English (and gettext's default): one, other. */
export const GERMANIC_PLURAL: PluralForms = { nplurals: 2, plural: (n) => (n === 1 ? 0 : 1) };

type Expr = (n: number) => number;

const TOKEN = /\s*(?:(\d+)|(n)|(\|\||&&|==|!=|<=|>=|[<>?:()!%*/+-]))/y;

class PluralParser {
  private tokens: string[] = [];
  private pos = 0;

  constructor(private readonly source: string) {
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    let end = 0;
    while ((m = TOKEN.exec(source)) !== null) {
      this.tokens.push(m[0].trim());
      end = TOKEN.lastIndex;
    }
    if (source.slice(end).trim() !== '') this.fail(`unexpected ${JSON.stringify(source.slice(end).trim()[0])}`);
  }

  parse(): Expr {
    const e = this.ternary();
    if (this.pos < this.tokens.length) this.fail(`unexpected ${JSON.stringify(this.tokens[this.pos])}`);
    return e;
  }

  private fail(what: string): never {
    throw new SyntaxError(`Invalid plural forms expression ${JSON.stringify(this.source)}: ${what}`);
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private take(t: string): boolean {
    if (this.tokens[this.pos] !== t) return false;
    this.pos++;
    return true;
  }

  private ternary(): Expr {
    const cond = this.binary(0);
    if (!this.take('?')) return cond;
    const yes = this.ternary();
    if (!this.take(':')) this.fail("expected ':'");
    const no = this.ternary();
    return (n) => (cond(n) ? yes(n) : no(n));
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%'],
  ];

  private binary(level: number): Expr {
    if (level === PluralParser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = this.peek();
      if (op === undefined || !PluralParser.LEVELS[level]!.includes(op)) return left;
      this.pos++;
      const right = this.binary(level + 1);
      left = combine(op, left, right, (what) => this.fail(what));
    }
  }

  private unary(): Expr {
    if (this.take('!')) {
      const e = this.unary();
      return (n) => (e(n) ? 0 : 1);
    }
    if (this.take('-')) {
      const e = this.unary();
      return (n) => -e(n);
    }
    if (this.take('(')) {
      const e = this.ternary();
      if (!this.take(')')) this.fail("expected ')'");
      return e;
    }
    const t = this.peek();
    if (t === 'n') {
      this.pos++;
      return (n) => n;
    }
    if (t !== undefined && /^\d+$/.test(t)) {
      this.pos++;
      const v = Number(t);
      return () => v;
    }
    return this.fail(t === undefined ? 'unexpected end' : `unexpected ${JSON.stringify(t)}`);
  }
}

function combine(op: string, a: Expr, b: Expr, fail: (what: string) => never): Expr {
  switch (op) {
    case '||': return (n) => (a(n) || b(n) ? 1 : 0);
    case '&&': return (n) => (a(n) && b(n) ? 1 : 0);
    case '==': return (n) => (a(n) === b(n) ? 1 : 0);
    case '!=': return (n) => (a(n) !== b(n) ? 1 : 0);
    case '<': return (n) => (a(n) < b(n) ? 1 : 0);
    case '>': return (n) => (a(n) > b(n) ? 1 : 0);
    case '<=': return (n) => (a(n) <= b(n) ? 1 : 0);
    case '>=': return (n) => (a(n) >= b(n) ? 1 : 0);
    case '+': return (n) => a(n) + b(n);
    case '-': return (n) => a(n) - b(n);
    case '*': return (n) => a(n) * b(n);
    case '/': return (n) => Math.floor(a(n) / b(n));
    case '%': return (n) => { const d = b(n); return ((a(n) % d) + d) % d; };
  }
  return fail(`unknown operator ${op}`);
}

/** Parse `plural=...` alone (the expression). */
export function parsePluralExpression(expression: string): PluralFunction {
  const e = new PluralParser(expression).parse();
  // Python's gettext takes the count as an int; `%` and `/` above are
  // Python's (floored), as c2py compiles the expression to Python.
  return (n: number) => e(n);
}

/** Parse a whole `Plural-Forms` header value: `nplurals=2; plural=(n != 1);`. */
export function parsePluralForms(header: string | null | undefined): PluralForms {
  if (!header) return GERMANIC_PLURAL;
  const nplurals = /nplurals\s*=\s*(\d+)/.exec(header);
  const plural = /plural\s*=\s*([^;]*)/.exec(header);
  if (!plural) throw new SyntaxError(`Invalid plural forms ${JSON.stringify(header)}: no plural=`);
  return { nplurals: nplurals ? Number(nplurals[1]) : 2, plural: parsePluralExpression(plural[1]!), header };
}
