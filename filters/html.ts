/**
 * Filters about HTML: safety (escape, force_escape, safe, escapeseq,
 * safeseq), markup (linebreaks, linebreaksbr, striptags, unordered_list,
 * urlize, urlizetrunc), and encoding for other contexts (escapejs,
 * json_script, iriencode, urlencode).
 */
import type { FilterRegistrar } from './index.js';
import type { Library } from '../src/library.js';
import { pyError } from '../src/errors.js';
import { conditionalEscape, escape, escapeHtml } from '../src/runtime/escape.js';
import { truthy, pyIterate } from '../src/runtime/pyops.js';
import { DictView, pyStr, pyTypeName } from '../src/runtime/pyrepr.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { iriToUri } from '../src/utils/encoding.js';
import { escapejs, jsonScript, linebreaks, normalizeNewlines, stripTags, urlize } from '../src/utils/html.js';
import { pyInt } from '../src/utils/pystr.js';
import { quote } from '../src/utils/urlparse.js';
import { toText } from './stringfilter.js';

/** Python's `str()`, under which a SafeString stays safe (as @stringfilter sees it). */
function str(value: unknown): string | SafeString {
  return value instanceof SafeString ? value : pyStr(value);
}

/** Python's `iter(value)`, drained: the items a `for` over the value sees. */
function pyIter(value: unknown): unknown[] {
  const items = pyIterate(value);
  if (items !== undefined) return items;
  throw pyError('TypeError', `'${pyTypeName(value)}' object is not iterable`);
}

/** Mark the value as a string that should be auto-escaped (a safe value stays as it is). */
export function escapeFilter(value: unknown): SafeString {
  return conditionalEscape(str(value));
}

/** Escape the value now, even if it is already safe. */
export function forceEscape(value: unknown): SafeString {
  return escape(str(value));
}

/** Mark the value as safe: it will not be escaped. */
export function safe(value: unknown): SafeString {
  return markSafe(str(value));
}

/** `escape` for each item of a sequence: a list of safe strings. */
export function escapeseq(value: unknown): SafeString[] {
  // Array.from: a hole is None, escaped as Django escapes None.
  return Array.from(pyIter(value), conditionalEscape);
}

/** `safe` for each item of a sequence: a list of safe strings. */
export function safeseq(value: unknown): SafeString[] {
  return Array.from(pyIter(value), markSafe);
}

/** Hex-encode characters for use in JavaScript strings. */
export function escapejsFilter(value: unknown): SafeString {
  return escapejs(toText(value));
}

/** The value as JSON in a `<script type="application/json">` element, with an optional id. */
export function jsonScriptFilter(value: unknown, elementId?: unknown): SafeString {
  return jsonScript(value, elementId);
}

/** Escape an IRI for use in a URL. */
export function iriencode(value: unknown): string {
  return iriToUri(toText(value));
}

/**
 * Python's `quote(value, safe)`: `safe` names the characters kept as they
 * are (`/` by default; `""` encodes everything).
 */
export function urlencodeFilter(value: unknown, safeChars?: unknown): string {
  const text = toText(value);
  if (safeChars === undefined || safeChars === null) return quote(text);
  if (typeof safeChars === 'string' || safeChars instanceof SafeString) return quote(text, String(safeChars));
  // quote() iterates a `safe` that is not text, which a number is not.
  if (!text) return text;
  throw pyError('TypeError', `'${pyTypeName(safeChars)}' object is not iterable`);
}

/** Links for the URLs and e-mail addresses in plain text, with rel="nofollow". */
export function urlizeFilter(value: unknown, _arg: unknown, autoescape = true): SafeString {
  const text = value instanceof SafeString ? value : pyStr(value);
  return new SafeString(urlize(text, { nofollow: true, autoescape }));
}

/** As urlize, with link texts longer than `limit` characters shortened with an ellipsis. */
export function urlizetrunc(value: unknown, limit: unknown, autoescape = true): SafeString {
  const text = value instanceof SafeString ? value : pyStr(value);
  return new SafeString(urlize(text, { trimUrlLimit: pyInt(limit), nofollow: true, autoescape }));
}

/** Paragraphs (`<p>`) at blank lines and `<br>` at single newlines; the text escaped unless safe. */
export function linebreaksFilter(value: unknown, _arg: unknown, autoescape = true): SafeString {
  return new SafeString(linebreaks(toText(value), autoescape && !(value instanceof SafeString)));
}

/** Every newline as `<br>`; the text escaped unless safe. */
export function linebreaksbr(value: unknown, _arg: unknown, autoescape = true): SafeString {
  let text = normalizeNewlines(toText(value));
  if (autoescape && !(value instanceof SafeString)) text = escapeHtml(text);
  return new SafeString(text.replaceAll('\n', '<br>'));
}

/** Strip all [X]HTML tags, as Python's HTML parser finds them. */
export function striptags(value: unknown): string {
  return stripTags(toText(value));
}

/** Django's list/tuple/generator test for a nested list in unordered_list. */
function isSublist(value: unknown): boolean {
  if (Array.isArray(value)) return !(value instanceof DictView);
  return Object.prototype.toString.call(value) === '[object Generator]';
}

/**
 * Django's _walk_items: each item with the sublist that follows it (a list
 * right after an item is that item's children).
 */
function walkItems(itemList: unknown): [unknown, unknown][] {
  const items = pyIter(itemList);
  const out: [unknown, unknown][] = [];
  for (let i = 0; i < items.length; i++) {
    const next = items[i + 1];
    if (i + 1 < items.length && isSublist(next)) {
      out.push([items[i], next]);
      i++;
    } else {
      out.push([items[i], undefined]);
    }
  }
  return out;
}

/**
 * A self-nested list as HTML list items, without the outer `<ul>`:
 * `['States', ['Kansas', ['Lawrence', 'Topeka'], 'Illinois']]`.
 */
export function unorderedList(value: unknown, _arg: unknown, autoescape = true): SafeString {
  const escaper = autoescape ? (x: unknown) => conditionalEscape(x).value : (x: unknown) => pyStr(x);
  const listFormatter = (itemList: unknown, tabs: number): string => {
    const indent = '\t'.repeat(tabs);
    const output: string[] = [];
    for (const [item, children] of walkItems(itemList)) {
      let sublist = '';
      // An empty list is false; a generator is true even when it is empty.
      if (children !== undefined && truthy(children)) {
        sublist = `\n${indent}<ul>\n${listFormatter(children, tabs + 1)}\n${indent}</ul>\n${indent}`;
      }
      output.push(`${indent}<li>${escaper(item)}${sublist}</li>`);
    }
    return output.join('\n');
  };
  return new SafeString(listFormatter(value, 1));
}

// One registrar a filter: a precompiled module imports only those its templates use.
export const filterEscape: FilterRegistrar = (lib) => lib.filter('escape', escapeFilter, { isSafe: true, arg: 'none' });
export const filterForceEscape: FilterRegistrar = (lib) => lib.filter('force_escape', forceEscape, { isSafe: true, arg: 'none' });
export const filterSafe: FilterRegistrar = (lib) => lib.filter('safe', safe, { isSafe: true, arg: 'none' });
export const filterEscapeseq: FilterRegistrar = (lib) => lib.filter('escapeseq', escapeseq, { isSafe: true, arg: 'none' });
export const filterSafeseq: FilterRegistrar = (lib) => lib.filter('safeseq', safeseq, { isSafe: true, arg: 'none' });
export const filterEscapejs: FilterRegistrar = (lib) => lib.filter('escapejs', escapejsFilter, { isSafe: false, arg: 'none' });
export const filterJsonScript: FilterRegistrar = (lib) => lib.filter('json_script', jsonScriptFilter, { isSafe: true, arg: 'optional' });
export const filterIriencode: FilterRegistrar = (lib) => lib.filter('iriencode', iriencode, { isSafe: true, arg: 'none' });
export const filterUrlencode: FilterRegistrar = (lib) => lib.filter('urlencode', urlencodeFilter, { isSafe: false, arg: 'optional' });
export const filterUrlize: FilterRegistrar = (lib) => lib.filter('urlize', urlizeFilter, { isSafe: true, needsAutoescape: true, arg: 'none' });
export const filterUrlizetrunc: FilterRegistrar = (lib) => lib.filter('urlizetrunc', urlizetrunc, { isSafe: true, needsAutoescape: true, arg: 'required' });
export const filterLinebreaks: FilterRegistrar = (lib) => lib.filter('linebreaks', linebreaksFilter, { isSafe: true, needsAutoescape: true, arg: 'none' });
export const filterLinebreaksbr: FilterRegistrar = (lib) => lib.filter('linebreaksbr', linebreaksbr, { isSafe: true, needsAutoescape: true, arg: 'none' });
export const filterStriptags: FilterRegistrar = (lib) => lib.filter('striptags', striptags, { isSafe: true, arg: 'none' });
export const filterUnorderedList: FilterRegistrar = (lib) => lib.filter('unordered_list', unorderedList, { isSafe: true, needsAutoescape: true, arg: 'none' });

export function registerHtmlFilters(lib: Library): void {
  for (const register of [filterEscape, filterForceEscape, filterSafe, filterEscapeseq, filterSafeseq, filterEscapejs, filterJsonScript, filterIriencode, filterUrlencode, filterUrlize, filterUrlizetrunc, filterLinebreaks, filterLinebreaksbr, filterStriptags, filterUnorderedList]) register(lib, {});
}
