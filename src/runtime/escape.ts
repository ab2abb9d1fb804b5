import { SafeString } from './safestring.js';
import { pyStr } from './pyrepr.js';

/**
 * Python's `html.escape(s, quote=True)`, which Django's `escape` uses:
 * `& < > " '` become `&amp; &lt; &gt; &quot; &#x27;`.
 *
 * One scan of character codes: a regex test first, or a chain of `replace`
 * calls, is markedly slower on the hot path.
 */
export function escapeHtml(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 62) continue;
    let rep: string;
    switch (c) {
      case 38: rep = '&amp;'; break;
      case 60: rep = '&lt;'; break;
      case 62: rep = '&gt;'; break;
      case 34: rep = '&quot;'; break;
      case 39: rep = '&#x27;'; break;
      default: continue;
    }
    if (last !== i) out += s.slice(last, i);
    out += rep;
    last = i + 1;
  }
  if (last === 0) return s;
  return last === s.length ? out : out + s.slice(last);
}

/** Django's `escape()`: always escapes, returns a SafeString. */
export function escape(value: unknown): SafeString {
  return new SafeString(escapeHtml(typeof value === 'string' ? value : pyStr(value)));
}

/**
 * Django's `conditional_escape()`: safe values (and objects with an
 * `__html__` method, Django's protocol) pass through, the rest is escaped.
 */
export function conditionalEscape(value: unknown): SafeString {
  if (value instanceof SafeString) return value;
  if (hasHtmlMethod(value)) return new SafeString(String(value.__html__()));
  return escape(value);
}

/** The text `conditionalEscape` would give, without making a SafeString. */
export function conditionalEscapeText(value: unknown): string {
  if (typeof value === 'string') return escapeHtml(value);
  if (value instanceof SafeString) return value.value;
  return conditionalEscape(value).value;
}

export function hasHtmlMethod(value: unknown): value is { __html__(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { __html__?: unknown }).__html__ === 'function';
}

/**
 * Django's `format_html(format_string, *args)`: `{}` (or `{0}`, `{1}`) in
 * the format are replaced by the arguments, each escaped unless safe; the
 * result is safe. As in Django 6, at least one argument is required.
 */
export function formatHtml(format: string, ...args: unknown[]): SafeString {
  if (args.length === 0) throw pyErrorNamed('TypeError', 'args or kwargs must be provided.');
  let next = 0;
  const out = format.replace(/\{\{|\}\}|\{(\d*)\}/g, (m, index: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const i = index ? Number(index) : next++;
    if (i >= args.length) throw pyErrorNamed('IndexError', `Replacement index ${i} out of range for positional args tuple`);
    return conditionalEscape(args[i]).value;
  });
  return new SafeString(out);
}

function pyErrorNamed(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * Django's `avoid_wrapping` (django.utils.html): spaces become no-break
 * spaces, so a phrase is not wrapped. Here, not in utils/html.ts, whose
 * regular expressions built at load a page of `filesizeformat` or
 * `timesince` would then bundle.
 */
export function avoidWrapping(value: string): string {
  return value.replaceAll(' ', '\xa0');
}
