/**
 * `{% partialdef name [inline] %}...{% endpartialdef %}` and
 * `{% partial name %}` (Django 6.0's template partials). Each partial is
 * kept in the template's `extraData.partials`, where
 * `engine.getTemplate('page.html#name')` finds it.
 */
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { PartialTemplate } from '../src/template.js';
import { enterNested, type Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import type { Engine } from '../src/engine.js';

function partialsOf(parser: Parser): Map<string, PartialTemplate> {
  let partials = parser.extraData.partials as Map<string, PartialTemplate> | undefined;
  if (partials === undefined) parser.extraData.partials = partials = new Map();
  return partials;
}

export class PartialDefNode extends Node {
  constructor(readonly partialName: string, readonly inline: boolean, readonly nodelist: NodeList) {
    super();
  }
  override render(context: Context): string {
    return this.inline ? this.nodelist.render(context) : '';
  }
}

export class PartialNode extends Node {
  /**
   * `extraData` is the template's: its partials are looked up at render,
   * as a partial may be defined after it is used. (Data, not a closure: a
   * precompiled module rebuilds nodes from their fields.)
   */
  constructor(readonly partialName: string, private readonly extraData: Record<string, unknown>) {
    super();
  }
  override render(context: Context): string {
    const partial = (this.extraData.partials as Map<string, PartialTemplate> | undefined)?.get(this.partialName);
    if (partial === undefined) {
      throw new TemplateSyntaxError(`Partial '${this.partialName}' is not defined in the current template.`);
    }
    enterNested(context, this.origin, 'rendering partial', this.partialName);
    try {
      return partial.render(context);
    } finally {
      context.renderContext.includeDepth--;
    }
  }
}

export function partialdef(parser: Parser, token: Token): PartialDefNode {
  const bits = token.splitContents();
  if (bits.length === 1) throw new TemplateSyntaxError("'partialdef' tag requires a name");
  if (bits.length > 3) throw new TemplateSyntaxError("'partialdef' tag takes at most 2 arguments");
  const partialName = bits[1];
  if (bits.length === 3 && bits[2] !== 'inline') {
    throw new TemplateSyntaxError(
      "The 'inline' argument does not have any parameters; either use 'inline' or remove it completely.",
    );
  }
  const inline = bits.length === 3;
  const validEnds = ['endpartialdef', `endpartialdef ${partialName}`];
  const nodelist = parser.parse(validEnds);
  const end = parser.nextToken();
  if (!validEnds.includes(end.contents)) throw parser.invalidBlockTag(end, 'endpartialdef', validEnds);
  const partials = partialsOf(parser);
  if (partials.has(partialName)) {
    throw new TemplateSyntaxError(`Partial '${partialName}' is already defined in the '${parser.origin.name}' template.`);
  }
  partials.set(partialName, new PartialTemplate(
    parser.engine as Engine, nodelist, parser.origin, partialName, [token.position[0], end.position[1]],
  ));
  return new PartialDefNode(partialName, inline, nodelist);
}

export function partial(parser: Parser, token: Token): PartialNode {
  const bits = token.splitContents();
  if (bits.length !== 2) throw new TemplateSyntaxError("'partial' tag requires a single argument");
  return new PartialNode(bits[1], parser.extraData);
}
