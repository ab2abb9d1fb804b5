/** `{% csp_nonce_attr %}` (Django 6.0): ` nonce="..."` from `csp_nonce` in the context, or nothing. */
import { escapeHtml } from '../src/runtime/escape.js';
import { SafeString } from '../src/runtime/safestring.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import type { Library } from '../src/library.js';
import type { Context } from '../src/runtime/context.js';

export function cspNonceAttr(context: Context): SafeString {
  const nonce = context.get('csp_nonce');
  if (nonce === null || nonce === undefined) return new SafeString('');
  const text = nonce instanceof SafeString ? nonce.value : escapeHtml(pyStr(nonce));
  return new SafeString(`nonce="${text}"`);
}

export function registerCsp(lib: Library): void {
  // Django's signature also takes a forms Media object; there is none here.
  lib.simpleTag('csp_nonce_attr', cspNonceAttr, { takesContext: true, params: ['media'], defaults: 1 });
}
