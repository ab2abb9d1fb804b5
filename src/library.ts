/**
 * Django's Library: where tags and filters are registered. The built-in tags
 * and filters are just the first library; `{% load name %}` adds others.
 */
import type { Parser } from './parser.js';
import type { Token } from './lexer.js';
import type { Node } from './nodes.js';

/**
 * A filter: `fn(value, arg)`; a filter with `needsAutoescape` is called
 * `fn(value, arg, autoescape)` (arg is undefined when it takes none).
 */
export type FilterFunction = (value: any, arg?: any, autoescape?: boolean) => unknown;

export interface FilterOptions {
  /** Django's `is_safe`: a safe input keeps the output safe. */
  isSafe?: boolean;
  /** Django's `needs_autoescape`: the filter is told whether autoescaping is on. */
  needsAutoescape?: boolean;
  /** Django's `expects_localtime`. */
  expectsLocaltime?: boolean;
  /**
   * Whether the filter takes its one argument: 'none', 'optional' or
   * 'required'. Default: 'required' when `fn` declares two parameters
   * (three with `needsAutoescape`), else 'none'.
   */
  arg?: 'none' | 'optional' | 'required';
}

export interface FilterDef {
  readonly name: string;
  readonly fn: FilterFunction;
  readonly isSafe: boolean;
  readonly needsAutoescape: boolean;
  readonly expectsLocaltime: boolean;
  readonly arg: 'none' | 'optional' | 'required';
}

/** A tag's compile function: Django's `do_tag(parser, token)`. */
export type TagCompileFunction = (parser: Parser, token: Token) => Node;

export class Library {
  /** Registries never inherit: a lookup of `constructor` finds nothing. */
  readonly filters: Map<string, FilterDef> = new Map();
  readonly tags: Map<string, TagCompileFunction> = new Map();

  filter(name: string, fn: FilterFunction, options: FilterOptions = {}): this {
    const positional = fn.length - (options.needsAutoescape ? 1 : 0);
    this.filters.set(name, {
      name,
      fn,
      isSafe: options.isSafe ?? false,
      needsAutoescape: options.needsAutoescape ?? false,
      expectsLocaltime: options.expectsLocaltime ?? false,
      arg: options.arg ?? (positional >= 2 ? 'required' : 'none'),
    });
    return this;
  }

  tag(name: string, compile: TagCompileFunction): this {
    this.tags.set(name, compile);
    return this;
  }
}
