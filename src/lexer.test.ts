import { describe, expect, test } from 'vitest';
import { Token, TokenType, tokenize } from './lexer.js';

const kinds = (source: string) => tokenize(source).map((t) => [TokenType[t.tokenType], t.contents]);

describe('tokenize', () => {
  test('the four kinds, with Django contents', () => {
    expect(kinds('a{{ b }}c{% if d %}{# e #}')).toEqual([
      ['TEXT', 'a'], ['VAR', 'b'], ['TEXT', 'c'], ['BLOCK', 'if d'], ['COMMENT', 'e'],
    ]);
  });

  test('a tag does not span lines, and \\r does not end one', () => {
    expect(kinds('{{ a\n}}')).toEqual([['TEXT', '{{ a\n}}']]);
    expect(kinds('{{ a\r}}')).toEqual([['VAR', 'a']]);
  });

  test('unclosed openers are text', () => {
    expect(kinds('{{ a } {% b')).toEqual([['TEXT', '{{ a } {% b']]);
  });

  test('verbatim content is text up to its own end tag', () => {
    expect(kinds('{% verbatim x %}{{ a }}{% endverbatim %}{% endverbatim x %}')).toEqual([
      ['BLOCK', 'verbatim x'], ['TEXT', '{{ a }}'], ['TEXT', '{% endverbatim %}'], ['BLOCK', 'endverbatim x'],
    ]);
  });

  test('every token has its line, column and offsets', () => {
    const [a, b, c] = tokenize('ab\n  {{ x }}\n{% y %}');
    expect([a.lineno, a.col, a.position]).toEqual([1, 1, [0, 5]]);
    expect([b.lineno, b.col, b.position]).toEqual([2, 3, [5, 12]]);
    expect([c.lineno, c.col]).toEqual([2, 10]);
  });
});

describe('Token.splitContents', () => {
  const split = (s: string) => new Token(TokenType.BLOCK, s, [0, 0], 1, 1).splitContents();
  test('keeps quoted strings and _() markers whole', () => {
    expect(split('with a="x y" b=\'c d\'')).toEqual(['with', 'a="x y"', "b='c d'"]);
    expect(split('x _("a b c") y')).toEqual(['x', '_("a b c")', 'y']);
    expect(split('if x == "a \\" b"')).toEqual(['if', 'x', '==', '"a \\" b"']);
  });
});
