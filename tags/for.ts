/**
 * `{% for x in list [reversed] %}...{% empty %}...{% endfor %}` (Django's
 * do_for and ForNode), with `forloop.counter`, `counter0`, `revcounter`,
 * `revcounter0`, `first`, `last`, `length` and `parentloop`.
 */
import { Node, NodeList } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import type { CodeWriter, ContextUse } from '../src/compiler.js';
import type { FilterExpression } from '../src/expression.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

/** The forloop fields that always hold plain numbers or booleans. */
const FORLOOP_FIELDS: ReadonlySet<string> = new Set(['counter', 'counter0', 'revcounter', 'revcounter0', 'first', 'last', 'length']);

export class ForNode extends Node {
  constructor(
    readonly loopvars: string[],
    readonly sequence: FilterExpression,
    readonly isReversed: boolean,
    readonly nodelistLoop: NodeList,
    readonly nodelistEmpty: NodeList = new NodeList(),
  ) {
    super();
  }

  override compile(w: CodeWriter): void {
    if (!w.attempt(this, (use) => this.compileWithoutFrames(w, use))) this.compileWithFrames(w);
  }

  /**
   * The loop as Django runs it: a frame pushed for the loop, holding the
   * loop variables and `forloop`, a dict made for each loop.
   */
  private compileWithFrames(w: CodeWriter): void {
    // The enclosing loop (or whatever `forloop` names) becomes parentloop.
    const outer = w.boundLocal('forloop');
    const frame = w.tmp('f'), seq = w.tmp('s'), n = w.tmp('n'), loop = w.tmp('l'), i = w.tmp('i');
    w.line('{');
    w.line(`const pl = ${outer ?? `${w.rt('parentloop')}(ctx)`}, ${frame} = ctx.push();`);
    // A streamed render may go through an async iterable's items as they
    // arrive (runtime/async.ts); `reversed` needs them all first.
    if (!this.isReversed) w.line(`${w.rt('forSequence')}();`);
    // Django resolves the sequence after pushing the loop's frame.
    w.line(`const ${seq} = ${w.rt('forIterable')}(${w.expression(this.sequence, 'ignoreFailures')}), ${n} = ${seq}.length;`);
    w.block(`if (${n} < 1)`, () => w.nodelist(this.nodelistEmpty), '} else {');
    w.line(`const ${loop} = ${frame}.forloop = ${w.rt('forloop')}(pl, ${n});`);
    w.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
      const item = `${seq}[${this.isReversed ? `${n} - 1 - ${i}` : i}]`;
      w.line(`${w.rt('forloopStep')}(${loop}, ${i}, ${n});`);
      const max = w.origin.limits.maxLoopIterations;
      if (Number.isFinite(max)) w.line(`if (++ctx.renderContext.loopIterations > ${max}) throw ${w.rt('loopLimit')}(${max});`);
      iteration(w, this.nodelistLoop, () => {
      w.pushScope();
      const forloopLocal = w.tmp('fl');
      w.line(`let ${forloopLocal} = ${loop};`);
      w.bind('forloop', forloopLocal, frame, { object: loop, fields: FORLOOP_FIELDS });
      if (this.loopvars.length === 1) {
        const local = w.tmp('v');
        w.line(`let ${local} = ${w.frameSet(frame, this.loopvars[0], item)};`);
        w.bind(this.loopvars[0], local, frame);
        w.nodelist(this.nodelistLoop);
      } else {
        // Django pushes the unpacked values as a frame of their own.
        const values = w.tmp('u'), inner = w.tmp('f');
        w.line(`const ${values} = ${w.rt('unpack')}(${item}, ${this.loopvars.length}), ${inner} = ctx.push();`);
        this.loopvars.forEach((name, k) => {
          const local = w.tmp('v');
          w.line(`let ${local} = ${w.frameSet(inner, name, `${values}[${k}]`)};`);
          w.bind(name, local, inner);
        });
        w.nodelist(this.nodelistLoop);
        w.line('ctx.pop();');
      }
      w.popScope();
      });
    });
    w.line(`${w.rt('forEnd')}(${loop});`);
    w.line('}');
    w.line('ctx.pop();');
    w.line('}');
  }

  /**
   * The loop when nothing in it needs the context's frames (no code we did
   * not write runs in it, and `forloop` is read only for its fields): the
   * loop variables live in locals only, and the frame Django pushes would
   * hold nothing else anyone reads. `forloop`'s fields come from the index;
   * a synchronous render makes no forloop at all. An async render makes one
   * (not reachable from the template, so without parentloop) for a loop
   * that streams an async iterable's items: its length-dependent fields then
   * wait for every item, which is why they are read from it when it exists.
   */
  private compileWithoutFrames(w: CodeWriter, use: ContextUse): void {
    const seq = w.tmp('s'), n = w.tmp('n'), loop = w.tmp('l'), i = w.tmp('i');
    w.line('{');
    if (!this.isReversed) w.line(`${w.rt('forSequence')}();`);
    w.line(`const ${seq} = ${w.rt('forIterable')}(${w.expression(this.sequence, 'ignoreFailures')}), ${n} = ${seq}.length;`);
    w.block(`if (${n} < 1)`, () => w.nodelist(this.nodelistEmpty), '} else {');
    w.line(`const ${loop} = ${w.rt('forloopIfAsync')}(${n});`);
    w.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++)`, () => {
      const item = `${seq}[${this.isReversed ? `${n} - 1 - ${i}` : i}]`;
      w.line(`if (${loop} !== null) ${w.rt('forloopStep')}(${loop}, ${i}, ${n});`);
      const max = w.origin.limits.maxLoopIterations;
      if (Number.isFinite(max)) w.line(`if (++ctx.renderContext.loopIterations > ${max}) throw ${w.rt('loopLimit')}(${max});`);
      iteration(w, this.nodelistLoop, () => {
      w.pushScope();
      const fromObject = (field: string, value: string) => `(${loop} === null ? ${value} : ${loop}.${field})`;
      const exprs = new Map([
        ['counter0', i],
        ['counter', `(${i} + 1)`],
        ['first', `(${i} === 0)`],
        ['length', fromObject('length', n)],
        ['revcounter', fromObject('revcounter', `${n} - ${i}`)],
        ['revcounter0', fromObject('revcounter0', `${n} - ${i} - 1`)],
        ['last', fromObject('last', `${i} === ${n} - 1`)],
      ]);
      w.bind('forloop', loop, null, undefined, { exprs, use });
      if (this.loopvars.length === 1) {
        const local = w.tmp('v');
        w.line(`let ${local} = ${item};`);
        w.bind(this.loopvars[0], local, null);
      } else {
        const values = w.tmp('u');
        w.line(`const ${values} = ${w.rt('unpack')}(${item}, ${this.loopvars.length});`);
        this.loopvars.forEach((name, k) => {
          const local = w.tmp('v');
          w.line(`let ${local} = ${values}[${k}];`);
          w.bind(name, local, null);
        });
      }
      w.nodelist(this.nodelistLoop);
      w.popScope();
      });
    });
    w.line(`${w.rt('forEnd')}(${loop});`);
    w.line('}');
    w.line('}');
  }
}

/**
 * One iteration's code: its output is written apart, then joins the output
 * before it, as one flat string once that is large (runtime joinIteration).
 * A large page is otherwise a tree of thousands of small strings, all alive
 * until the render ends, which the garbage collector copies and marks again
 * and again (a flat row takes a fifth of the memory). Not where the output's
 * length counts during the iteration: the maxOutputSize check, and an async
 * render's stream points (its runtime sets nothing aside). Nor where an
 * iteration writes a few pieces: setting them aside costs more than it saves.
 */
function iteration(w: CodeWriter, nodes: NodeList, body: () => void): void {
  if (Number.isFinite(w.origin.limits.maxOutputSize) || !nodes.nodes.some(writesMuch)) {
    body();
  } else {
    const before = w.tmp('o');
    w.line(`const ${before} = ${w.rt('iterationStart')}(out);`);
    w.line(`if (${before} !== null) out = "";`);
    body();
    w.line(`if (${before} !== null) out = ${w.rt('joinIteration')}(${before}, out);`);
  }
  // A streamed render may send each iteration as it is done.
  w.line(`${w.rt('loopStreamPoint')}(ctx, out);`);
}

/** A node whose output may be many pieces: a loop, or one that runs code written elsewhere (include, block). */
function writesMuch(node: Node): boolean {
  return node instanceof ForNode || node.streamsThrough || node.compile === undefined;
}

export function doFor(parser: Parser, token: Token): ForNode {
  const bits = token.splitContents();
  if (bits.length < 4) {
    throw new TemplateSyntaxError(`'for' statements should have at least four words: ${token.contents}`);
  }
  const isReversed = bits[bits.length - 1] === 'reversed';
  const inIndex = bits.length + (isReversed ? -3 : -2);
  if (bits[inIndex] !== 'in') {
    throw new TemplateSyntaxError(`'for' statements should use the format 'for x in y': ${token.contents}`);
  }
  // One loop variable is the usual case: its bit is the whole list.
  const loopvars = inIndex === 2 && !bits[1].includes(',') ? [bits[1]] : bits.slice(1, inIndex).join(' ').split(/ *, */);
  for (const v of loopvars) {
    if (!v || /[ "'|]/.test(v)) {
      throw new TemplateSyntaxError(`'for' tag received an invalid argument: ${token.contents}`);
    }
  }
  const sequence = parser.compileFilter(bits[inIndex + 1]);
  const nodelistLoop = parser.parse(['empty', 'endfor']);
  const next = parser.nextToken();
  let nodelistEmpty: NodeList | undefined;
  if (next.contents === 'empty') {
    nodelistEmpty = parser.parse(['endfor']);
    parser.deleteFirstToken();
  }
  return new ForNode(loopvars, sequence, isReversed, nodelistLoop, nodelistEmpty);
}
