/**
 * Django's `tz` library (django/templatetags/tz.py): the `localtime`, `utc`
 * and `timezone` filters, `{% localtime on|off %}`, `{% timezone tz %}` and
 * `{% get_current_timezone as var %}`.
 *
 * How a JavaScript Date maps to Python's datetimes: with the engine's
 * `useTz` (Django's USE_TZ) a Date is an aware instant (in UTC, as Django's
 * database values are) and is shown in the render's time zone
 * (`context.locale.timeZone`: the engine's `timeZone`, the render's
 * `timeZone` option, or `{% timezone %}`); without it a Date is a naive
 * datetime whose UTC fields are its wall-clock time, as elsewhere in
 * reinhardt. The filters give an `AwareDatetime` (a Date that knows its
 * zone). Zones are IANA names handled by `Intl`; there are no zone tables
 * here.
 */
import { Library } from '../src/library.js';
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError, pyError } from '../src/errors.js';
import type { FilterExpression } from '../src/expression.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import type { Context, RenderLocale } from '../src/runtime/context.js';
import { pyRepr } from '../src/runtime/pyrepr.js';
import { SafeString } from '../src/runtime/safestring.js';
import { AwareDatetime, isValidTimeZone, makeAware, wallClock } from '../src/utils/timezone.js';

/**
 * Django's `do_timezone(value, arg)`: the datetime in the zone `arg` names,
 * kept there when printed; a naive one is first taken as wall time in the
 * engine's `timeZone`. Not a datetime, or an unknown zone: "".
 */
export function doTimezone(value: unknown, arg: unknown, locale: RenderLocale | undefined): unknown {
  if (!(value instanceof Date)) return '';
  if (Number.isNaN(value.getTime())) return '';
  let aware: AwareDatetime;
  if (value instanceof AwareDatetime) aware = value;
  else if (locale?.i18n?.useTz ?? false) aware = new AwareDatetime(value, 'UTC');
  else aware = makeAware(value, locale?.i18n?.defaultTimeZone ?? 'UTC');
  const name = arg instanceof SafeString ? arg.value : arg;
  if (typeof name !== 'string' || !isValidTimeZone(name)) return '';
  // astimezone() to the zone a datetime is already in changes nothing.
  const wall = aware.timeZone === name ? aware.wall() : wallClock(aware, name);
  // Django rebuilds the result from its fields and tzinfo, which drops
  // `fold`: the second of two equal wall times becomes the first.
  const rebuilt = makeAware(wall, name);
  return new AwareDatetime(rebuilt, name, false, rebuilt.wall());
}

/** Convert a datetime to local time in the active time zone (useful within `{% localtime off %}`). */
export function localtime(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  return doTimezone(value, locale?.timeZone ?? 'UTC', locale);
}

/** Convert a datetime to UTC. */
export function utc(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  return doTimezone(value, 'UTC', locale);
}

/** `{% localtime on|off %}`: Django's context.use_tz for the block, restored after. */
export class LocalTimeNode extends Node {
  constructor(readonly nodelist: NodeList, readonly useTz: boolean) {
    super();
  }
  override render(context: Context): string {
    const old = context.locale;
    context.locale = { ...old, useTz: this.useTz };
    try {
      return this.nodelist.render(context);
    } finally {
      context.locale = old;
    }
  }
}

/** `{% timezone tz %}`: the render's time zone for the block (None: the engine's `timeZone`). */
export class TimezoneNode extends Node {
  constructor(readonly nodelist: NodeList, readonly tz: FilterExpression) {
    super();
  }
  override render(context: Context): string {
    let tz = this.tz.resolve(context);
    if (tz instanceof SafeString) tz = tz.value;
    let timeZone: string;
    if (tz === null || tz === undefined) timeZone = context.locale.i18n?.defaultTimeZone ?? 'UTC';
    else if (typeof tz === 'string') {
      // zoneinfo.ZoneInfo(name): a KeyError subclass for an unknown zone.
      if (!isValidTimeZone(tz)) throw pyError('ZoneInfoNotFoundError', pyRepr(`No time zone found with key ${tz}`));
      timeZone = tz;
    } else throw pyError('TypeError', `invalid time zone: ${pyRepr(tz)}`);
    const old = context.locale;
    context.locale = { ...old, timeZone };
    try {
      return this.nodelist.render(context);
    } finally {
      context.locale = old;
    }
  }
}

/** `{% get_current_timezone as var %}`: the name of the render's time zone. */
export class GetCurrentTimezoneNode extends Node {
  constructor(readonly variable: string) {
    super();
  }
  override render(context: Context): string {
    context.set(this.variable, context.locale.timeZone);
    return '';
  }
}

export function localtimeTag(parser: Parser, token: Token): LocalTimeNode {
  const bits = token.splitContents();
  let useTz: boolean;
  if (bits.length === 1) useTz = true;
  else if (bits.length > 2 || (bits[1] !== 'on' && bits[1] !== 'off')) {
    throw new TemplateSyntaxError(`${pyRepr(bits[0])} argument should be 'on' or 'off'`);
  } else useTz = bits[1] === 'on';
  const nodelist = parser.parse(['endlocaltime']);
  parser.deleteFirstToken();
  return new LocalTimeNode(nodelist, useTz);
}

export function timezoneTag(parser: Parser, token: Token): TimezoneNode {
  const bits = token.splitContents();
  if (bits.length !== 2) throw new TemplateSyntaxError(`'${bits[0]}' takes one argument (timezone)`);
  const tz = parser.compileFilter(bits[1]!);
  const nodelist = parser.parse(['endtimezone']);
  parser.deleteFirstToken();
  return new TimezoneNode(nodelist, tz);
}

export function getCurrentTimezoneTag(_parser: Parser, token: Token): GetCurrentTimezoneNode {
  const args = token.contents.split(/\s+/).filter(Boolean);
  if (args.length !== 3 || args[1] !== 'as') {
    throw new TemplateSyntaxError(`'get_current_timezone' requires 'as variable' (got ${pyRepr(args)})`);
  }
  return new GetCurrentTimezoneNode(args[2]!);
}

export const tzLibrary = /* @__PURE__ */ new Library()
  .filter('localtime', localtime, { arg: 'none', needsLocale: true })
  .filter('utc', utc, { arg: 'none', needsLocale: true })
  .filter('timezone', (value: unknown, arg: unknown, _autoescape: unknown, locale?: RenderLocale) => doTimezone(value, arg, locale),
    { arg: 'required', needsLocale: true })
  .tag('localtime', localtimeTag)
  .tag('timezone', timezoneTag)
  .tag('get_current_timezone', getCurrentTimezoneTag)
  .node('LocalTimeNode', LocalTimeNode)
  .node('TimezoneNode', TimezoneNode)
  .node('GetCurrentTimezoneNode', GetCurrentTimezoneNode);
