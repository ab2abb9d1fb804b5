/**
 * `{% extends %}` and `{% block %}`: template inheritance (Django's
 * loader_tags ExtendsNode and BlockNode).
 *
 * Each block's body is compiled once, to its own function. At render, the
 * block context (a queue of overriding blocks per name, most derived last)
 * picks which body a block of the root template runs; `{{ block.super }}`
 * runs the next one up. Nothing is parsed again.
 */
import { Node, NodeList, TextNode, type Origin } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { Variable, type FilterExpression } from '../src/expression.js';
import { Template } from '../src/template.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { pyRepr, pyStr } from '../src/runtime/pyrepr.js';
import { checkHashable, truthy } from '../src/runtime/pyops.js';
import { pySplit } from '../src/utils/text.js';
import { streamThrough } from '../src/runtime/async.js';
import type { CodeWriter } from '../src/compiler.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import { constructRelativePath } from './relative-path.js';

const BLOCK_CONTEXT_KEY = 'block_context';
const EXTENDS_HISTORY_KEY = 'extends_context';
const LOADED_BLOCKS = Symbol('loadedBlocks');

/** Per render: for each block name, the blocks that define it, most derived last. */
export class BlockContext {
  private readonly blocks = new Map<string, BlockNode[]>();

  addBlocks(blocks: ReadonlyMap<string, BlockNode>): void {
    for (const [name, block] of blocks) {
      let list = this.blocks.get(name);
      if (!list) this.blocks.set(name, (list = []));
      list.unshift(block);
    }
  }
  pop(name: string): BlockNode | undefined {
    return this.blocks.get(name)?.pop();
  }
  push(name: string, block: BlockNode): void {
    let list = this.blocks.get(name);
    if (!list) this.blocks.set(name, (list = []));
    list.push(block);
  }
  getBlock(name: string): BlockNode | undefined {
    const list = this.blocks.get(name);
    return list?.[list.length - 1];
  }
}

/** What `{{ block }}` is inside a block: its name, and `super`. */
export class BlockReference {
  constructor(
    private readonly block: BlockNode,
    private readonly context: Context | null,
  ) {}

  get name(): string {
    return this.block.name;
  }

  /** The parent template's version of this block (`{{ block.super }}`). */
  super(): SafeString | string {
    if (this.context === null) {
      throw new TemplateSyntaxError(
        "'BlockNode' object has no attribute 'context'. Did you use {{ block.super }} in a base template?",
      );
    }
    const blockContext = this.context.renderContext.get(BLOCK_CONTEXT_KEY) as BlockContext | undefined;
    if (blockContext && blockContext.getBlock(this.block.name) !== undefined) {
      // Its output becomes a value here, not the page's: it is not streamed.
      return markSafe(this.block.renderBlock(this.context, false));
    }
    return '';
  }
}

export class BlockNode extends Node {
  constructor(readonly name: string, readonly nodelist: NodeList) {
    super();
  }

  override get streamsThrough(): boolean {
    return true;
  }

  override compile(w: CodeWriter): void {
    w.write(`${w.ref(this)}.renderBlock(ctx)`);
  }

  /** Django's BlockNode.render: the most derived version of this block. */
  renderBlock(context: Context, streamed = true): string {
    const render = (nodelist: NodeList) =>
      streamed ? streamThrough(context, () => nodelist.render(context)) : nodelist.render(context);
    const blockContext = context.renderContext.get(BLOCK_CONTEXT_KEY) as BlockContext | undefined;
    const frame = context.push();
    try {
      if (blockContext === undefined) {
        frame.block = new BlockReference(this, null);
        return render(this.nodelist);
      }
      const push = blockContext.pop(this.name);
      const block = push ?? this;
      frame.block = new BlockReference(block, context);
      const result = render(block.nodelist);
      if (push !== undefined) blockContext.push(this.name, push);
      return result;
    } finally {
      context.pop();
    }
  }
}

const ROOT_BLOCKS = Symbol('rootBlocks');

/** The blocks of a template that extends nothing, found once per template. */
function rootBlocksOf(template: Template): ReadonlyMap<string, BlockNode> | null {
  let blocks = template.tagCache.get(ROOT_BLOCKS) as ReadonlyMap<string, BlockNode> | null | undefined;
  if (blocks === undefined) {
    blocks = null;
    for (const node of template.nodelist) {
      if (node instanceof TextNode) continue;
      if (!(node instanceof ExtendsNode)) blocks = new Map(template.nodelist.getNodesByType(BlockNode).map((b) => [b.name, b]));
      break;
    }
    template.tagCache.set(ROOT_BLOCKS, blocks);
  }
  return blocks;
}

export class ExtendsNode extends Node {
  override mustBeFirst = true;

  override get streamsThrough(): boolean {
    return true;
  }
  readonly blocks: ReadonlyMap<string, BlockNode>;

  constructor(readonly nodelist: NodeList, readonly parentName: FilterExpression) {
    super();
    this.blocks = new Map(nodelist.getNodesByType(BlockNode).map((b) => [b.name, b]));
  }

  /** The parent: a Template given by value, or found by name, never one this chain already used. */
  private getParent(context: Context): Template {
    const parent = this.parentName.resolve(context);
    if (!truthy(parent)) {
      let msg = `Invalid template name in 'extends' tag: ${pyRepr(parent)}.`;
      if (this.parentName.filters.length || this.parentName.var instanceof Variable) {
        msg += ` Got this from the '${this.parentName.token}' variable.`;
      }
      throw new TemplateSyntaxError(msg);
    }
    if (parent instanceof Template) return parent;
    const engine = context.template!.engine;
    let history = context.renderContext.get(EXTENDS_HISTORY_KEY) as Origin[] | undefined;
    if (history === undefined) {
      history = [this.origin];
      context.renderContext.set(EXTENDS_HISTORY_KEY, history);
    }
    if (typeof parent !== 'string' && !(parent instanceof SafeString)) checkHashable(parent);
    const template = engine.findTemplate(pyStr(parent), new Set(history.map((o) => o.name)));
    history.push(template.origin);
    return template;
  }

  override render(context: Context): string {
    const parent = this.getParent(context);
    let blockContext = context.renderContext.get(BLOCK_CONTEXT_KEY) as BlockContext | undefined;
    if (blockContext === undefined) {
      blockContext = new BlockContext();
      context.renderContext.set(BLOCK_CONTEXT_KEY, blockContext);
    }
    blockContext.addBlocks(this.blocks);
    // A parent that extends nothing is the root: its blocks join the queue too.
    const rootBlocks = rootBlocksOf(parent);
    if (rootBlocks) blockContext.addBlocks(rootBlocks);
    const rc = context.renderContext;
    const outer = rc.template;
    rc.template = parent;
    try {
      return streamThrough(context, () => parent.renderInContext(context));
    } finally {
      rc.template = outer;
    }
  }
}

export function doBlock(parser: Parser, token: Token): BlockNode {
  // Not split_contents: a block's name is a word, never a variable.
  const bits = pySplit(token.contents);
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' tag takes only one argument`);
  const blockName = bits[1];
  let loaded = parser.tagState.get(LOADED_BLOCKS) as string[] | undefined;
  if (loaded === undefined) parser.tagState.set(LOADED_BLOCKS, (loaded = []));
  if (loaded.includes(blockName)) {
    throw new TemplateSyntaxError(`'${bits[0]}' tag with name '${blockName}' appears more than once`);
  }
  loaded.push(blockName);
  const nodelist = parser.parse(['endblock']);
  const endblock = parser.nextToken();
  const acceptable = ['endblock', `endblock ${blockName}`];
  if (!acceptable.includes(endblock.contents)) throw parser.invalidBlockTag(endblock, 'endblock', acceptable);
  return new BlockNode(blockName, nodelist);
}

export function doExtends(parser: Parser, token: Token): ExtendsNode {
  const bits = token.splitContents();
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument`);
  bits[1] = constructRelativePath(parser.origin.templateName, bits[1]);
  const parentName = parser.compileFilter(bits[1]);
  const nodelist = parser.parse();
  if (nodelist.getNodesByType(ExtendsNode).length) {
    throw new TemplateSyntaxError(`'${bits[0]}' cannot appear more than once in the same template`);
  }
  return new ExtendsNode(nodelist, parentName);
}
