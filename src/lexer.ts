/**
 * Django's Lexer: template source to tokens (text, variable, block, comment).
 *
 * The same rule as Django's `tag_re`: a tag opens with `{{`, `{%` or `{#` and
 * closes at the nearest matching `}}`, `%}` or `#}` on the same line; whatever
 * else is text. Inside `{% verbatim %}` everything but the matching
 * `{% endverbatim %}` is text.
 */
import { pyStrip, smartSplit } from './utils/text.js';
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

/**
 * The end (exclusive) of the tag opening at `start` (`{%`, `{{` or `{#`), or
 * -1: Django's `tag_re`, `{%.*?%}|{{.*?}}|{#.*?#}`, where Python's `.` is any
 * character but "\n" (a "\r" may be inside a tag). The nearest closer wins.
 */
function tagEnd(source: string, start: number, closer: string, lineEnd: number): number {
  const close = source.indexOf(closer, start + 2);
  return close >= 0 && close < lineEnd ? close + 2 : -1;
}

/**
 * Django's Lexer.tokenize. One scan for `{`, with the line of each token
 * counted on the way (text is all that may hold a "\n"): no regex, and no
 * object per token but the Token.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let verbatim: string | false = false;
  let line = 1;
  // Offset of the line's first character, for columns (1-based, in UTF-16 units).
  let lineStart = 0;
  // The first "\n" at or after the last place looked at (source.length when none).
  let lineEnd = -1;
  let upto = 0;
  const text = (end: number): void => {
    tokens.push(new Token(TokenType.TEXT, source.slice(upto, end), [upto, end], line, upto - lineStart + 1));
    for (let nl = source.indexOf('\n', upto); nl >= 0 && nl < end; nl = source.indexOf('\n', nl + 1)) {
      line++;
      lineStart = nl + 1;
    }
  };
  for (let at = source.indexOf('{'); at >= 0 && at < source.length - 1; at = source.indexOf('{', at + 1)) {
    const kind = source.charCodeAt(at + 1);
    // `{%`, `{{`, `{#`
    const closer = kind === 37 ? '%}' : kind === 123 ? '}}' : kind === 35 ? '#}' : undefined;
    if (closer === undefined) continue;
    if (lineEnd < at) {
      lineEnd = source.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = source.length;
    }
    const end = tagEnd(source, at, closer, lineEnd);
    if (end < 0) continue;
    if (upto !== at) text(at);
    let type = TokenType.TEXT;
    let contents: string | undefined;
    if (kind === 37) {
      const content = pyStrip(source.slice(at + 2, end - 2));
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
    } else if (!verbatim) {
      type = kind === 123 ? TokenType.VAR : TokenType.COMMENT;
      contents = pyStrip(source.slice(at + 2, end - 2));
    }
    // Inside verbatim a tag is text, as it is written.
    tokens.push(new Token(type, contents ?? source.slice(at, end), [at, end], line, at - lineStart + 1));
    upto = end;
    // The next tag starts at the earliest where this one ended.
    at = end - 1;
  }
  if (upto < source.length) text(source.length);
  return tokens;
}
