/** `{% csp_nonce_attr %}` (Django 6.0): ` nonce="..."` from `csp_nonce` in the context, or nothing. */
import { escapeHtml } from '../src/runtime/escape.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyStr, pyTypeName } from '../src/runtime/pyrepr.js';
import { truthy } from '../src/runtime/pyops.js';
import { pyError } from '../src/errors.js';
import type { Library } from '../src/library.js';
import type { Context } from '../src/runtime/context.js';

export function cspNonceAttr(context: Context, media?: unknown): unknown {
  const nonce = context.get('csp_nonce');
  if (truthy(media)) {
    // Django's forms Media renders its tags with the nonce attribute.
    const render = (media as { render?: unknown }).render;
    if (typeof render !== 'function') throw pyError('AttributeError', `'${pyTypeName(media)}' object has no attribute 'render'`);
    return render.call(media, { attrs: nonce === null || nonce === undefined ? null : { nonce } });
  }
  if (nonce === null || nonce === undefined) return new SafeString('');
  const text = nonce instanceof SafeString ? nonce.value : escapeHtml(pyStr(nonce));
  return new SafeString(`nonce="${text}"`);
}

export function registerCsp(lib: Library): void {
  // `media` is Django's forms Media: any object with render({ attrs }) serves.
  lib.simpleTag('csp_nonce_attr', cspNonceAttr, { takesContext: true, params: ['media'], defaults: 1 });
}
