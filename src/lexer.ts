/**
 * Django's Lexer: template source to tokens (text, variable, block, comment).
 *
 * The same rule as Django's `tag_re`: a tag opens with `{{`, `{%` or `{#` and
 * closes at the nearest matching `}}`, `%}` or `#}` on the same line; whatever
 * else is text. Inside `{% verbatim %}` everything but the matching
 * `{% endverbatim %}` is text.
 */
import moo from 'moo';
import { pyStripSlice, smartSplit } from './utils/text.js';
import { pyError } from './errors.js';

import { TokenType } from './token-type.js';

export { TokenType };

export class Token {
  // The offsets as two numbers: a compiled template keeps its nodes' tokens.
  private readonly start: number;
  private readonly end: number;

  constructor(
    readonly tokenType: TokenType,
    readonly contents: string,
    /** Offsets [start, end) of the whole token in the source. */
    position: readonly [number, number],
    /** 1-based line where the token starts (Django's `lineno`). */
    readonly lineno: number,
    /** 1-based column where the token starts. */
    readonly col: number,
  ) {
    this.start = position[0];
    this.end = position[1];
  }

  /** Offsets [start, end) of the whole token in the source. */
  get position(): readonly [number, number] {
    return [this.start, this.end];
  }

  /**
   * Django's `split_contents`: split on spaces, keeping quoted strings whole,
   * and `_("...")` translation markers with their spaces.
   */
  splitContents(): string[] {
    const split: string[] = [];
    const bits = smartSplit(this.contents);
    for (let i = 0; i < bits.length; i++) {
      let bit = bits[i];
      if (bit.startsWith('_("') || bit.startsWith("_('")) {
        const sentinel = bit[2] + ')';
        const trans = [bit];
        while (!bit.endsWith(sentinel)) {
          // Django's loop takes next(bits) until the sentinel: a literal never
          // closed runs out of bits with StopIteration.
          if (i + 1 >= bits.length) throw pyError('StopIteration', '');
          bit = bits[++i];
          trans.push(bit);
        }
        bit = trans.join(' ');
      }
      split.push(bit);
    }
    return split;
  }

  toString(): string {
    const kind = TokenType[this.tokenType];
    return `<${kind[0] + kind.slice(1).toLowerCase()} token: "${this.contents.slice(0, 20).replace(/\n/g, '')}...">`;
  }
}

// Python's `.` does not match "\n" only; JavaScript's also stops at "\r",
// U+2028 and U+2029, so the rule says [^\n].
const rules = moo.compile({
  block: /\{%[^\n]*?%\}/,
  variable: /\{\{[^\n]*?\}\}/,
  comment: /\{#[^\n]*?#\}/,
  text: moo.fallback,
});

export function tokenize(source: string): Token[] {
  const lexer = rules.reset(source);
  const tokens: Token[] = [];
  let verbatim: string | false = false;
  // Token copies the offsets out of the pair it is given: one pair serves every token.
  const position: [number, number] = [0, 0];
  for (let t = lexer.next(); t !== undefined; t = lexer.next()) {
    const raw = t.value;
    position[0] = t.offset;
    position[1] = t.offset + raw.length;
    let type = TokenType.TEXT;
    let contents = raw;
    if (t.type === 'block') {
      const content = pyStripSlice(raw, 2, raw.length - 2);
      if (verbatim) {
        if (content === verbatim) {
          verbatim = false;
          type = TokenType.BLOCK;
          contents = content;
        }
      } else {
        if (content.slice(0, 9) === 'verbatim' || content.slice(0, 9) === 'verbatim ') verbatim = 'end' + content;
        type = TokenType.BLOCK;
        contents = content;
      }
    } else if (t.type !== 'text' && !verbatim) {
      type = t.type === 'variable' ? TokenType.VAR : TokenType.COMMENT;
      contents = pyStripSlice(raw, 2, raw.length - 2);
    }
    tokens.push(new Token(type, contents, position, t.line, t.col));
  }
  return tokens;
}
