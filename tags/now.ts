/**
 * `{% now "format" [as var] %}`: the current date and time, formatted as
 * the `date` filter does (Django's NowNode). With `useTz` it is an aware
 * datetime in the current time zone (the render's `timeZone`, or
 * `{% timezone %}`); without, Django's naive `datetime.now()`: the wall time
 * in the engine's `timeZone` (TIME_ZONE), whatever the render's zone.
 */
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { date } from '../filters/dates.js';
import { AwareDatetime, NaiveLocalDatetime } from '../src/utils/timezone.js';
import type { Context } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

export class NowNode extends Node {
  constructor(readonly formatString: string, readonly asvar: string | null) {
    super();
  }
  override render(context: Context): string {
    const clock = context.template?.engine.now() ?? new Date();
    const i18n = context.locale.i18n;
    const now = i18n?.useTz
      ? new AwareDatetime(clock, context.locale.timeZone)
      : new NaiveLocalDatetime(clock, i18n?.defaultTimeZone ?? 'UTC');
    const formatted = date(now, this.formatString, context.locale);
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
