/**
 * Django's TokenType, apart from the lexer: nodes that keep tokens and read
 * their type when rendering (i18n's `blocktranslate`) import it from here,
 * so that reinhardt/runtime, which renders them, holds no lexer.
 */
export enum TokenType {
  TEXT = 0,
  VAR = 1,
  BLOCK = 2,
  COMMENT = 3,
}
