/**
 * `{% debug %}`: with the engine's `debug` on, the context's frames,
 * pretty-printed and escaped (Django prints them when settings.DEBUG is on,
 * followed by Python's loaded modules, which have no counterpart here).
 */
import { Node } from '../src/nodes.js';
import { escapeHtml } from '../src/runtime/escape.js';
import { pformat } from '../src/utils/pprint.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class DebugNode extends Node {
  override render(context: Context): string {
    if (!context.template?.engine.debug) return '';
    return [...context.dicts].reverse().map((d) => escapeHtml(pformat(d))).join('') + '\n\n';
  }
}

export function debug(_parser: Parser, _token: Token): DebugNode {
  return new DebugNode();
}
