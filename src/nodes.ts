/**
 * Django's Node, NodeList, TextNode and VariableNode.
 *
 * A node either compiles itself to JavaScript (`compile(writer)`: the
 * built-in tags) or renders (`render(context)`: any node, and the only thing
 * a custom tag needs to write). Either way the other is available: a
 * compiled node renders by compiling itself alone, and a rendering node is
 * called from compiled code through one generic path.
 */
import type { Token } from './lexer.js';
import type { CodeWriter } from './compiler.js';
import type { Runtime } from './runtime/index.js';
import type { Limits } from './engine.js';
import { annotateFromStack, type CompiledCode, type RenderFunction, type SiteBindings } from './runtime/units.js';
import type { FilterExpression } from './expression.js';
import type { Context } from './runtime/context.js';

/** Where nodes came from, and the settings they were compiled under. */
export interface Origin {
  /** Django's `origin.name`: a path for files, the name for other loaders. */
  readonly name: string;
  /** The name the template was asked for (Django's `origin.template_name`). */
  readonly templateName: string | null;
  readonly source: string;
  readonly stringIfInvalid: string;
  readonly debug: boolean;
  /** The helpers the generated code is given (the engine's). */
  readonly runtime: Runtime;
  /** The engine's limits for untrusted templates. */
  readonly limits: Limits;
  /** The engine's source of randomness (its `random` option; Math.random by default). */
  readonly random: () => number;
  /** Unique among the engine's templates: tells generated code apart in stacks. */
  readonly id: number;
  /** Every piece of code compiled from this template, for mapping errors back. */
  readonly units: CompiledCode[];
  /**
   * Compiles nodes to a render function on first use (the engine's
   * compiler). A precompiled module gives every nodelist its function
   * beforehand, and has no compiler: it throws.
   */
  readonly compileStandalone: (nodes: Iterable<Node>, origin: Origin) => RenderFunction;
  /**
   * Compiles nodes for a call site's bindings (see SiteBindings); absent
   * where there is no compiler, and the nodes' own code runs instead.
   */
  readonly compileForSite?: (nodes: Iterable<Node>, origin: Origin, site?: SiteBindings, tagState?: ReadonlyMap<unknown, unknown>) => CompiledCode;
  /**
   * The same, for code run without a frame its caller would push, holding
   * `hidden`: null when the code needs the context's frames (see
   * compileWithoutFrames). Absent where there is no compiler.
   */
  readonly compileWithoutFrames?: (nodes: Iterable<Node>, origin: Origin, site: SiteBindings | undefined, hidden: readonly string[]) => CompiledCode | null;
}

export abstract class Node {
  // Declared, not initialised: templates make many nodes, and per-instance
  // field initialisers are a measurable part of compiling.
  /** The token the node was parsed from (set by the parser). */
  declare token: Token;
  declare origin: Origin;
  /** Must come before any other non-text node (Django's `must_be_first`); false unless a class says so. */
  declare mustBeFirst: boolean;
  /**
   * The node's output is another template's (or nodelist's) output as it is
   * (include, block, extends): a streamed render can send it as it comes.
   */
  get streamsThrough(): boolean {
    return false;
  }
  /** Django's `child_nodelists`: the names of the properties holding nested NodeLists. */
  get childNodelists(): readonly string[] {
    // A loop, not filter: get_nodes_by_type asks every node of a template that extends.
    const names: string[] = [];
    const keys = Object.keys(this);
    for (let i = 0; i < keys.length; i++) {
      if ((this as unknown as Record<string, unknown>)[keys[i]] instanceof NodeList) names.push(keys[i]);
    }
    return names;
  }

  /** Emit this node's JavaScript. Nodes that only render leave it out. */
  compile?(writer: CodeWriter): void;

  declare private standalone?: (context: Context) => string;

  /** Django's `Node.render(context)`: the node's output text. */
  render(context: Context): unknown {
    if (!this.compile) return '';
    this.standalone ??= this.origin.compileStandalone([this], this.origin);
    return this.standalone(context);
  }

  /** All nodes of a type within this node (Django's `get_nodes_by_type`). */
  getNodesByType<T extends Node>(type: abstract new (...args: any[]) => T): T[] {
    const found: T[] = [];
    collectNodesByType(this, type, found);
    return found;
  }
}

/**
 * Django's get_nodes_by_type as one walk filling one array (extends runs it
 * on every template it parses). A node class with its own getNodesByType
 * is asked, as Django would ask it.
 */
function collectNodesByType<T extends Node>(node: Node, type: abstract new (...args: any[]) => T, found: T[]): void {
  if (node.getNodesByType !== Node.prototype.getNodesByType) {
    for (const n of node.getNodesByType(type)) found.push(n);
    return;
  }
  if (node instanceof type) found.push(node as T);
  for (const attr of node.childNodelists) {
    const nl = (node as unknown as Record<string, unknown>)[attr];
    if (nl instanceof NodeList) collectNodeListByType(nl, type, found);
  }
}

function collectNodeListByType<T extends Node>(nodelist: NodeList, type: abstract new (...args: any[]) => T, found: T[]): void {
  if (nodelist.getNodesByType !== NodeList.prototype.getNodesByType) {
    for (const n of nodelist.getNodesByType(type)) found.push(n);
    return;
  }
  for (const n of nodelist.nodes) collectNodesByType(n, type, found);
}

Node.prototype.mustBeFirst = false;
// What is unset until needed is found unset on the class: read through to a
// polluted Object.prototype, a `compile` or `standalone` would be called.
Object.assign(Node.prototype, { compile: undefined, standalone: undefined });

export class NodeList implements Iterable<Node> {
  readonly nodes: Node[] = [];
  /** Set once a non-text node is added (Django's `contains_nontext`). */
  containsNontext = false;
  declare origin?: Origin;
  declare private compiled?: (context: Context) => string;

  push(node: Node): void {
    this.nodes.push(node);
  }
  get length(): number {
    return this.nodes.length;
  }
  [Symbol.iterator](): Iterator<Node> {
    return this.nodes[Symbol.iterator]();
  }

  /** Render all nodes: compiled once to a function, on first use. */
  render(context: Context): string {
    // A precompiled nodelist has its function, and of its nodes only those
    // render-time code looks for: it may have none.
    if (this.compiled === undefined && this.nodes.length === 0) return '';
    const origin = this.origin ?? this.nodes[0].origin;
    this.compiled ??= origin.compileStandalone(this.nodes, origin);
    try {
      return this.compiled(context);
    } catch (e) {
      annotateFromStack(e, origin);
      throw e;
    }
  }

  getNodesByType<T extends Node>(type: abstract new (...args: any[]) => T): T[] {
    const found: T[] = [];
    for (const n of this.nodes) collectNodesByType(n, type, found);
    return found;
  }
}
Object.assign(NodeList.prototype, { origin: undefined, compiled: undefined });

export class TextNode extends Node {
  constructor(readonly s: string) {
    super();
  }
  override compile(w: CodeWriter): void {
    w.text(this.s);
  }
}

export class VariableNode extends Node {
  constructor(readonly filterExpression: FilterExpression) {
    super();
  }
  override compile(w: CodeWriter): void {
    w.write(`${w.rt('display')}(${w.expression(this.filterExpression, 'render')}, ${w.autoescapeExpr()}, ctx.locale)`);
  }
}
