/** `{% load lib1 lib2 %}` and `{% load name1 name2 from lib %}`: libraries the engine knows by name. */
import { Node } from '../src/nodes.js';
import { TemplateLimitError, TemplateSyntaxError } from '../src/errors.js';
import { Library } from '../src/library.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import { pySplit } from '../src/utils/text.js';

export class LoadNode extends Node {
  override compile(): void {
    // loading happens while parsing; nothing to output
  }
}

function findLibrary(parser: Parser, name: string): Library {
  const allowed = parser.origin.limits.allowedLibraries;
  if (allowed && !allowed.has(name)) {
    throw new TemplateLimitError('allowedLibraries', `'${name}' is not in allowedLibraries: {% load %} may load only ${[...allowed].sort().join(', ') || 'nothing'}.`);
  }
  const lib = parser.libraries.get(name);
  if (lib === undefined) {
    throw new TemplateSyntaxError(
      `'${name}' is not a registered tag library. Must be one of:\n${[...parser.libraries.keys()].sort().join('\n')}`,
    );
  }
  return lib;
}

function loadFromLibrary(library: Library, label: string, names: string[]): Library {
  const subset = new Library();
  for (const name of names) {
    let found = false;
    const tag = library.tags.get(name);
    if (tag) {
      found = true;
      subset.tags.set(name, tag);
    }
    const filter = library.filters.get(name);
    if (filter) {
      found = true;
      subset.filters.set(name, filter);
    }
    if (!found) throw new TemplateSyntaxError(`'${name}' is not a valid tag or filter in tag library '${label}'`);
  }
  return subset;
}

export function load(parser: Parser, token: Token): LoadNode {
  const bits = pySplit(token.contents);
  if (bits.length >= 4 && bits[bits.length - 2] === 'from') {
    const name = bits[bits.length - 1];
    parser.addLibrary(loadFromLibrary(findLibrary(parser, name), name, bits.slice(1, -2)));
  } else {
    for (const name of bits.slice(1)) parser.addLibrary(findLibrary(parser, name));
  }
  return new LoadNode();
}
