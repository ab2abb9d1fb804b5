/**
 * Django's `l10n` library (django/templatetags/l10n.py): the `localize` and
 * `unlocalize` filters and `{% localize on|off %}`.
 */
import { Library } from '../src/library.js';
import { Node, type NodeList } from '../src/nodes.js';
import { TemplateSyntaxError } from '../src/errors.js';
import { SafeString } from '../src/runtime/safestring.js';
import { localize as formatsLocalize } from '../src/runtime/display.js';
import type { Context, RenderLocale } from '../src/runtime/context.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';

/** Django's `str(formats.localize(value, use_l10n))`: text stays as it is (a SafeString stays safe). */
function localizeValue(value: unknown, locale: RenderLocale | undefined, useL10n: boolean): unknown {
  if (typeof value === 'string' || value instanceof SafeString) return value;
  return formatsLocalize(value, locale, useL10n);
}

/** Force a value to be rendered as a localized value. */
export function localize(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  return localizeValue(value, locale, true);
}

/** Force a value to be rendered as a non-localized value. */
export function unlocalize(value: unknown, _arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  return localizeValue(value, locale, false);
}

/** `{% localize [on|off] %}`: Django's context.use_l10n for the block, restored after. */
export class LocalizeNode extends Node {
  constructor(readonly nodelist: NodeList, readonly useL10n: boolean) {
    super();
  }
  override render(context: Context): string {
    const old = context.locale;
    context.locale = { ...old, useL10n: this.useL10n };
    try {
      return this.nodelist.render(context);
    } finally {
      context.locale = old;
    }
  }
}

export function localizeTag(parser: Parser, token: Token): LocalizeNode {
  const bits = token.splitContents();
  let useL10n: boolean;
  if (bits.length === 1) useL10n = true;
  else if (bits.length > 2 || (bits[1] !== 'on' && bits[1] !== 'off')) {
    throw new TemplateSyntaxError(`'${bits[0]}' argument should be 'on' or 'off'`);
  } else useL10n = bits[1] === 'on';
  const nodelist = parser.parse(['endlocalize']);
  parser.deleteFirstToken();
  return new LocalizeNode(nodelist, useL10n);
}

export const l10nLibrary = /* @__PURE__ */ new Library()
  .filter('localize', localize, { isSafe: false, arg: 'none', needsLocale: true })
  .filter('unlocalize', unlocalize, { isSafe: false, arg: 'none', needsLocale: true })
  .tag('localize', localizeTag)
  .node('LocalizeNode', LocalizeNode);
