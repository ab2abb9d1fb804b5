/**
 * `{% extends %}` and `{% block %}`: template inheritance (Django's
 * loader_tags ExtendsNode and BlockNode).
 *
 * Each block's body is compiled once, to its own function. At render, the
 * block context (a queue of overriding blocks per name, most derived last)
 * picks which body a block of the root template runs; `{{ block.super }}`
 * runs the next one up. Nothing is parsed again. A body that reads no
 * `block` and runs only code we wrote runs without Django's frame; and
 * from a chain's second render the root runs code compiled for the bodies
 * that chain picks, calling them directly (see renderChainRoot).
 */
import { Node, NodeList, TextNode, type Origin } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { Variable, type FilterExpression } from '../src/expression.js';
import { Template } from '../src/template.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { pyRepr, pyStr } from '../src/runtime/pyrepr.js';
import { checkHashable, truthy } from '../src/runtime/pyops.js';
import { pySplit } from '../src/utils/text.js';
import { streamThrough } from '../src/runtime/async-core.js';
import type { CodeWriter } from '../src/compiler.js';
import { SiteUnits, annotateFromStackOf, type RenderFunction, type SiteBindings } from '../src/runtime/units.js';
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
  /** The blocks of this name, most derived last: a block renders the last, taken off while it runs (Django's pop and push). */
  queue(name: string): BlockNode[] | undefined {
    return this.blocks.get(name);
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
  /** The body's code, compiled on first use for each set of names the sites that run it have bound. */
  private units: SiteUnits | null = null;
  /** The same, where the body's code runs without the block's frame (see renderBlock). */
  private withoutFrame: SiteUnits | null = null;
  /** This block's queue in the last block context met (a block in a loop meets the same one each time). */
  private lastBlockContext: BlockContext | null = null;
  private lastQueue: BlockNode[] | undefined = undefined;

  constructor(readonly name: string, readonly nodelist: NodeList) {
    super();
  }

  override get streamsThrough(): boolean {
    return true;
  }

  /**
   * A call of whichever body the render's block context picks, handing it
   * the names bound here (`block` is the block's own frame's).
   */
  override compile(w: CodeWriter): void {
    const chain = w.tagState.get(RESOLVED_CHAIN) as ResolvedChain | undefined;
    const resolved = chain?.blocks.get(this);
    if (resolved !== undefined) {
      // The root of a chain, compiled for the blocks it resolved to: a body
      // that needs no frames is called directly, and needs none here either.
      const { site, args } = w.siteValues(BLOCK_NAMES);
      const unit = resolved.unitsWithoutFrame().unit(site);
      if (unit !== null) {
        chain!.origins.add(resolved.origin);
        w.write(`${w.ref(unit.render)}(ctx, ${args})`);
        return;
      }
    }
    const { site, args } = w.siteBindings(BLOCK_NAMES);
    w.write(`${w.ref(this)}.renderBlock(ctx, true, ${site.names.length ? w.ref(site) : 'null'}, ${args})`);
    // A tag of the body may have set a name of ours upward (`cycle ... as`).
    w.resync();
  }

  /** The body's code for each site where it needs no frame: Django's, holding `block`, or any other. */
  unitsWithoutFrame(): SiteUnits {
    return (this.withoutFrame ??= new SiteUnits(this.nodelist, this.origin, () => '', BLOCK_FRAME));
  }

  /** Run this block's body in a frame of its own holding `block`. */
  private renderBody(context: Context, reference: BlockReference, streamed: boolean, site: SiteBindings | null, bindings: unknown[] | null): string {
    context.dicts.push({ block: reference });
    try {
      if (context.asyncState !== undefined) {
        return streamed ? streamThrough(context, () => this.nodelist.render(context)) : this.nodelist.render(context);
      }
      // A synchronous render calls the body's code directly.
      return (this.units ??= new SiteUnits(this.nodelist, this.origin, (ctx) => this.nodelist.render(ctx))).run(site, context, bindings);
    } finally {
      context.pop();
    }
  }

  /** Django's BlockNode.render: the most derived version of this block. */
  renderBlock(context: Context, streamed = true, site: SiteBindings | null = null, bindings: unknown[] | null = null): string {
    const blockContext = context.renderContext.get(BLOCK_CONTEXT_KEY) as BlockContext | undefined;
    let queue: BlockNode[] | undefined;
    if (blockContext !== undefined) {
      queue = this.lastQueue;
      if (blockContext !== this.lastBlockContext) {
        this.lastBlockContext = blockContext;
        this.lastQueue = queue = blockContext.queue(this.name);
      }
    }
    if (context.asyncState === undefined) {
      // A body whose code reads no `block` and runs no code we did not write
      // (no node's render, include or block) cannot tell the frame Django
      // pushes, or its block context's pop, from their absence.
      const top = queue === undefined || queue.length === 0 ? this : queue[queue.length - 1];
      const units = top.unitsWithoutFrame();
      const unit = units.unit(site);
      if (unit !== null) return units.call(unit, context, bindings);
    }
    if (blockContext === undefined) return this.renderBody(context, new BlockReference(this, null), streamed, site, bindings);
    const push = queue?.pop();
    const block = push ?? this;
    const result = block.renderBody(context, new BlockReference(block, context), streamed, site, bindings);
    if (push !== undefined) queue!.push(push);
    return result;
  }
}

/** The names a block's frame holds, which hide the site's own. */
const BLOCK_FRAME = ['block'];
const BLOCK_NAMES: ReadonlySet<string> = new Set(BLOCK_FRAME);

const ROOT_BLOCKS = Symbol('rootBlocks');
const RESOLVED_CHAIN = Symbol('resolvedChain');
const CHAIN_CODES = Symbol('chainCodes');

/**
 * What a root template's code is compiled for when it ends a chain: the
 * block each of its blocks resolved to, and the templates whose code it
 * then calls (for placing errors).
 */
interface ResolvedChain {
  readonly blocks: ReadonlyMap<BlockNode, BlockNode>;
  readonly origins: Set<Origin>;
}

/** A root's code for one set of resolved blocks: none until the chain renders it a second time. */
interface ChainCode {
  readonly resolved: readonly BlockNode[];
  render: RenderFunction | null;
  origins: readonly Origin[];
}

/**
 * A root template has code of its own for each chain (up to this many) that
 * renders it: a chain picks which body each of its blocks runs, and the
 * code calls those bodies directly. Past this many chains (an `extends` of
 * a variable parent, many children), the others run the root's own code.
 */
const MAX_CHAIN_CODES = 8;

/**
 * Render the root of a chain with code compiled for the blocks the chain
 * resolved to. Where the root's own code runs, no block is being rendered
 * (they run in code compiled apart), so each of its blocks renders the most
 * derived body of its name, known before it starts. Synchronous renders
 * only: an async pass runs the root's own code.
 */
function renderChainRoot(parent: Template, rootBlocks: ReadonlyMap<string, BlockNode>, blockContext: BlockContext, context: Context): string {
  const compile = parent.origin.compileForSite;
  if (compile === undefined) return parent.renderInContext(context);
  let codes = parent.tagCache.get(CHAIN_CODES) as ChainCode[] | undefined;
  if (codes === undefined) parent.tagCache.set(CHAIN_CODES, (codes = []));
  let code: ChainCode | undefined;
  search: for (const c of codes) {
    let i = 0;
    for (const block of rootBlocks.values()) if (c.resolved[i++] !== (blockContext.getBlock(block.name) ?? block)) continue search;
    code = c;
    break;
  }
  if (code === undefined) {
    // A page rendered once (a cold start, a script) is not compiled twice.
    if (codes.length < MAX_CHAIN_CODES) {
      codes.push({ resolved: [...rootBlocks.values()].map((block) => blockContext.getBlock(block.name) ?? block), render: null, origins: [] });
    }
    return parent.renderInContext(context);
  }
  if (code.render === null) {
    const chain: ResolvedChain = { blocks: new Map([...rootBlocks.values()].map((block, i) => [block, code!.resolved[i]])), origins: new Set([parent.origin]) };
    code.render = compile(parent.nodelist, parent.origin, undefined, new Map([[RESOLVED_CHAIN, chain]])).render;
    code.origins = [...chain.origins];
  }
  try {
    return code.render(context);
  } catch (e) {
    annotateFromStackOf(e, code.origins);
    throw e;
  }
}

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
      if (rootBlocks?.size && context.asyncState === undefined) return renderChainRoot(parent, rootBlocks, blockContext, context);
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
