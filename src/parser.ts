/**
 * Django's Parser: tokens to a node tree. Tags are dispatched through the
 * libraries in scope (the builtins, then whatever `{% load %}` adds); the
 * methods tags use (`parse`, `nextToken`, `skipPast`, `deleteFirstToken`,
 * `compileFilter`) are Django's, in TypeScript casing.
 */
import { TemplateSyntaxError } from './errors.js';
import { Token, TokenType } from './lexer.js';
import { parseFilterExpression, type FilterExpression } from './expression.js';
import { Library, type FilterDef, type TagCompileFunction } from './library.js';
import { NodeList, TextNode, VariableNode, type Node, type Origin } from './nodes.js';
import { getTextList, pyFirstWord } from './utils/text.js';
import { pyStrRepr } from './runtime/pyrepr.js';
import type { Engine } from './engine.js';

export class Parser {
  /** Tokens in reverse, so taking the next one is a pop. */
  tokens: Token[];
  /** The tags in scope (shared with the engine until `{% load %}` adds some). */
  tags: ReadonlyMap<string, TagCompileFunction>;
  /** The filters in scope (shared with the engine until `{% load %}` adds some). */
  filters: ReadonlyMap<string, FilterDef>;
  private ownScope = false;
  /** Open block tags, for "Unclosed tag" messages. */
  readonly commandStack: [string, Token][] = [];
  /** Libraries `{% load %}` can add, by name. */
  readonly libraries: ReadonlyMap<string, Library>;
  readonly origin: Origin;
  /** Data a custom tag may leave for the template (Django's `extra_data`). */
  readonly extraData: Record<string, unknown> = Object.create(null);
  /**
   * State a tag keeps while one template is parsed (Django's tags set
   * attributes on the parser, e.g. the block names seen so far).
   */
  readonly tagState = new Map<unknown, unknown>();

  /** The engine the template is compiled for, when there is one. */
  readonly engine: Engine | undefined;

  constructor(
    tokens: Token[],
    origin: Origin,
    libraries: ReadonlyMap<string, Library>,
    builtins: readonly Library[] | Library,
    engine?: Engine,
  ) {
    this.engine = engine;
    this.tokens = tokens.slice().reverse();
    this.origin = origin;
    this.libraries = libraries;
    // The engine merges its builtins once into one library; others are merged here.
    if (builtins instanceof Library) {
      this.tags = builtins.tags;
      this.filters = builtins.filters;
    } else {
      this.tags = new Map();
      this.filters = new Map();
      for (const lib of builtins) this.addLibrary(lib);
    }
  }

  get stringIfInvalid(): string {
    return this.origin.stringIfInvalid;
  }

  /**
   * Parse until one of the `parseUntil` tag names; that token is put back
   * for the caller. Without `parseUntil`, parse to the end.
   */
  parse(parseUntil: readonly string[] = []): NodeList {
    const nodelist = new NodeList();
    nodelist.origin = this.origin;
    while (this.tokens.length) {
      const token = this.nextToken();
      switch (token.tokenType) {
        case TokenType.TEXT:
          this.extendNodelist(nodelist, new TextNode(token.contents), token);
          break;
        case TokenType.VAR: {
          if (!token.contents) throw this.error(token, `Empty variable tag on line ${token.lineno}`);
          let fe: FilterExpression;
          try {
            fe = this.compileFilter(token.contents);
          } catch (e) {
            throw this.error(token, e);
          }
          this.extendNodelist(nodelist, new VariableNode(fe), token);
          break;
        }
        case TokenType.BLOCK: {
          const command = pyFirstWord(token.contents);
          if (command === undefined) throw this.error(token, `Empty block tag on line ${token.lineno}`);
          if (parseUntil.includes(command)) {
            this.prependToken(token);
            return nodelist;
          }
          this.commandStack.push([command, token]);
          const compileFunc = this.tags.get(command);
          if (compileFunc === undefined) throw this.invalidBlockTag(token, command, parseUntil);
          let node: Node;
          try {
            node = compileFunc(this, token);
          } catch (e) {
            throw this.error(token, e);
          }
          this.extendNodelist(nodelist, node, token);
          this.commandStack.pop();
          break;
        }
        default:
          break; // comments leave nothing
      }
    }
    if (parseUntil.length) throw this.unclosedBlockTag(parseUntil);
    return nodelist;
  }

  /** Skip tokens up to and including the block tag `endtag`. */
  skipPast(endtag: string): void {
    while (this.tokens.length) {
      const token = this.nextToken();
      if (token.tokenType === TokenType.BLOCK && token.contents === endtag) return;
    }
    throw this.unclosedBlockTag([endtag]);
  }

  extendNodelist(nodelist: NodeList, node: Node, token: Token): void {
    if (node.mustBeFirst && nodelist.containsNontext) {
      const where = this.origin.templateName ? pyStrRepr(this.origin.templateName) : 'the template';
      throw this.error(token, `{% ${token.contents} %} must be the first tag in ${where}.`);
    }
    if (!(node instanceof TextNode)) nodelist.containsNontext = true;
    node.token = token;
    node.origin = this.origin;
    nodelist.push(node);
  }

  /**
   * The error, annotated with the token where it happened. The innermost
   * token wins: a tag inside an `if` body reports its own position.
   */
  error(token: Token, e: unknown): Error {
    const err = e instanceof Error ? e : new TemplateSyntaxError(String(e));
    const tagged = err as Error & { token?: Token };
    if (tagged.token === undefined) {
      try {
        tagged.token = token;
      } catch {
        // a frozen error keeps no token
      }
    }
    return err;
  }

  invalidBlockTag(token: Token, command: string, parseUntil: readonly string[] = []): Error {
    if (parseUntil.length) {
      return this.error(
        token,
        `Invalid block tag on line ${token.lineno}: '${command}', expected ${getTextList(parseUntil.map((p) => `'${p}'`), 'or')}. Did you forget to register or load this tag?`,
      );
    }
    return this.error(token, `Invalid block tag on line ${token.lineno}: '${command}'. Did you forget to register or load this tag?`);
  }

  unclosedBlockTag(parseUntil: readonly string[]): Error {
    const [command, token] = this.commandStack.pop()!;
    return this.error(token, `Unclosed tag on line ${token.lineno}: '${command}'. Looking for one of: ${parseUntil.join(', ')}.`);
  }

  nextToken(): Token {
    const t = this.tokens.pop();
    if (t === undefined) throw new TemplateSyntaxError('Unexpected end of template.');
    return t;
  }

  prependToken(token: Token): void {
    this.tokens.push(token);
  }

  deleteFirstToken(): void {
    this.tokens.pop();
  }

  addLibrary(lib: Library): void {
    if (!this.ownScope) {
      this.tags = new Map(this.tags);
      this.filters = new Map(this.filters);
      this.ownScope = true;
    }
    for (const [name, fn] of lib.tags) (this.tags as Map<string, TagCompileFunction>).set(name, fn);
    for (const [name, f] of lib.filters) (this.filters as Map<string, FilterDef>).set(name, f);
  }

  compileFilter(token: string): FilterExpression {
    return parseFilterExpression(token, this);
  }

  findFilter(name: string): FilterDef {
    const f = this.filters.get(name);
    if (f === undefined) throw new TemplateSyntaxError(`Invalid filter: '${name}'`);
    return f;
  }
}

// Tags import it from here, as Django's from base.py.
export { tokenKwargs } from './expression.js';
