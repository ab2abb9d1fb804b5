/**
 * `{% querystring [mapping ...] key=value ... %}` (Django 5.1+): the
 * request's query string with values set, replaced or removed (None), as
 * `?a=1&b=2`. The request's `GET` may be a URLSearchParams, a Map, or a plain
 * object of values or lists (Django's QueryDict shape).
 */
import { TemplateSyntaxError, pyError } from '../src/errors.js';
import { pyRepr, pyStr } from '../src/runtime/pyrepr.js';
import { pyIterate } from '../src/runtime/pyops.js';
import { SafeString } from '../src/runtime/safestring.js';
import type { Library } from '../src/library.js';
import type { Context } from '../src/runtime/context.js';

type Items = [unknown, unknown][];

/** The (key, value) pairs of a mapping; a URLSearchParams gives (key, list of values), as QueryDict.lists(). */
function mappingItems(d: unknown): Items | undefined {
  if (d instanceof URLSearchParams) {
    const lists = new Map<string, string[]>();
    for (const [k, v] of d) {
      const list = lists.get(k);
      if (list) list.push(v);
      else lists.set(k, [v]);
    }
    return [...lists];
  }
  if (d instanceof Map) return [...d];
  if (d !== null && typeof d === 'object' && !Array.isArray(d) && !(d instanceof SafeString)) {
    const proto = Object.getPrototypeOf(d);
    if (proto === Object.prototype || proto === null) return Object.entries(d);
  }
  return undefined;
}

/** The items of a value Python can iterate (a dict gives its keys), or undefined. */
function iterableItems(v: unknown): unknown[] | undefined {
  if (typeof v === 'string' || v instanceof SafeString) return undefined;
  return pyIterate(v);
}

/** Python's urllib.parse.quote_plus with no safe characters beyond the unreserved ones. */
function quotePlus(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+');
}

export function querystring(context: Context, ...rest: unknown[]): string {
  const kwargs = rest.pop() as Record<string, unknown>;
  if (!rest.length && context.request === undefined) {
    throw pyError('AttributeError', "'Context' object has no attribute 'request'");
  }
  const args = rest.length ? rest : [(context.request as { GET?: unknown }).GET];
  const params = new Map<string, unknown[]>();
  for (const d of [...args, kwargs]) {
    const items = mappingItems(d);
    if (items === undefined) {
      throw new TemplateSyntaxError(`querystring requires mappings for positional arguments (got ${pyRepr(d)} instead).`);
    }
    for (const [key, value] of items) {
      if (typeof key !== 'string') {
        throw new TemplateSyntaxError(`querystring requires strings for mapping keys (got ${pyRepr(key)} instead).`);
      }
      const items = iterableItems(value);
      if (value === null || value === undefined) params.delete(key);
      else if (items) params.set(key, items.filter((v) => v !== null && v !== undefined));
      else params.set(key, [value]);
    }
  }
  const parts: string[] = [];
  for (const [k, list] of params) for (const v of list) parts.push(`${quotePlus(k)}=${quotePlus(v instanceof SafeString ? v.value : pyStr(v))}`);
  return `?${parts.join('&')}`;
}

export function registerQuerystring(lib: Library): void {
  lib.simpleTag('querystring', querystring, { takesContext: true, params: [], varargs: true, varkw: true });
}
