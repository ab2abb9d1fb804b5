/**
 * `{% now "format" [as var] %}`: the current date and time, formatted as
 * the `date` filter does, in the engine's `timeZone` (an IANA name, UTC by
 * default).
 */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { date } from '../filters/dates.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

/**
 * A Date whose UTC fields are the wall-clock time in `timeZone` now: dates
 * are read in UTC (see src/utils/dateformat.ts).
 */
export function wallClockNow(timeZone: string, now = new Date()): Date {
  if (timeZone === 'UTC') return now;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), now.getUTCMilliseconds()));
}

export class NowNode extends Node {
  constructor(readonly formatString: string, readonly asvar: string | null) {
    super();
  }
  override render(context: Context): string {
    const engine = context.template?.engine;
    const formatted = date(wallClockNow(context.locale.timeZone, engine?.now()), this.formatString, context.locale);
    if (this.asvar) {
      context.set(this.asvar, formatted);
      return '';
    }
    return formatted;
  }
}

export function now(_parser: Parser, token: Token): NowNode {
  let bits = token.splitContents();
  let asvar: string | null = null;
  if (bits.length === 4 && bits[2] === 'as') {
    asvar = bits[3];
    bits = bits.slice(0, 2);
  }
  if (bits.length !== 2) throw new TemplateSyntaxError("'now' statement takes one argument");
  // Django drops the quotes without unescaping anything.
  return new NowNode(bits[1].slice(1, -1), asvar);
}
