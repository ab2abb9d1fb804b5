/**
 * Django's `reverse()` over the routes of spec/urls.json, for cases with the
 * option `"urls": true` (spec/django_runner.py builds a real ROOT_URLCONF
 * from the same table). It follows django/urls/resolvers.py
 * `_reverse_with_prefix` for `path()` routes with the int, slug, str and path
 * converters, and its NoReverseMatch messages word for word.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NoReverseMatch, pyError } from '../src/errors.js';
import { PyTuple, pyRepr, pyStr, pyStrRepr } from '../src/runtime/pyrepr.js';
import type { UrlResolver } from '../src/engine.js';

interface RouteSpec {
  name: string;
  route: string;
}

/** A converter: its regex as Django writes it, and the same in JavaScript. */
const converters: Record<string, { py: string; js: string }> = {
  int: { py: '[0-9]+', js: '[0-9]+' },
  slug: { py: '[-a-zA-Z0-9_]+', js: '[-a-zA-Z0-9_]+' },
  str: { py: '[^/]+', js: '[^/]+' },
  // Python's `.` is anything but `\n` (JavaScript's also refuses `\r`, U+2028, U+2029).
  path: { py: '.+', js: '[^\\n]+' },
};

interface Route {
  /** The pattern as Django shows it in messages (no leading `^`, ends with `\Z`). */
  pyPattern: string;
  /** The whole URL (with the leading `/`) this route reverses to. */
  regex: RegExp;
  /** Literal parts and parameter names, alternating: lit, name, lit, ..., lit. */
  parts: string[];
  params: string[];
}

// Django's _PATH_PARAMETER_COMPONENT_RE.
const paramRe = /<(?:([^>:]+):)?([^>]+)>/g;

/** Python's re.escape (3.7+): only the regex special characters. */
function pyReEscape(s: string): string {
  return s.replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c);
}

function jsReEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compile(route: string): Route {
  const parts: string[] = [];
  const params: string[] = [];
  let py = '';
  let js = '';
  let previous = 0;
  for (const m of route.matchAll(paramRe)) {
    const conv = converters[m[1] ?? 'str'];
    if (!conv) throw new Error(`spec/urls.json: unknown converter in ${route}`);
    const literal = route.slice(previous, m.index);
    parts.push(literal, m[2]);
    params.push(m[2]);
    py += pyReEscape(literal) + `(?P<${m[2]}>${conv.py})`;
    js += jsReEscape(literal) + `(${conv.js})`;
    previous = m.index + m[0].length;
  }
  const tail = route.slice(previous);
  parts.push(tail);
  py += pyReEscape(tail) + '\\Z';
  js += jsReEscape(tail);
  return { pyPattern: py, regex: new RegExp(`^\\/${js}$`), parts, params };
}

const routeSpecs = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'urls.json'), 'utf8'),
) as RouteSpec[];

/** Routes by name; Django tries the last defined first. */
const byName = new Map<string, Route[]>();
for (const spec of [...routeSpecs].reverse()) {
  const list = byName.get(spec.name) ?? [];
  list.push(compile(spec.route));
  byName.set(spec.name, list);
}

/** Python's urllib.parse.quote(url, safe=RFC3986_SUBDELIMS + "/~:@"). */
function quote(url: string): string {
  return encodeURIComponent(url).replace(/%(24|26|2B|2C|3B|3D|2F|3A|40)/g, (m) => decodeURIComponent(m));
}

export const urlResolver: UrlResolver = (viewName, args, kwargs) => {
  const names = viewName.split(':');
  if (names.length > 1) {
    // No route here is in a namespace.
    throw new NoReverseMatch(`${pyStrRepr(names[0])} is not a registered namespace`);
  }
  const kwargNames = Object.keys(kwargs);
  if (args.length && kwargNames.length) throw pyError('ValueError', "Don't mix *args and **kwargs in call to reverse()!");
  const routes = byName.get(viewName) ?? [];
  for (const route of routes) {
    let subs: Record<string, unknown>;
    if (args.length) {
      if (args.length !== route.params.length) continue;
      subs = Object.fromEntries(route.params.map((p, i) => [p, args[i]]));
    } else {
      const wanted = new Set(route.params);
      if (kwargNames.length !== wanted.size || !kwargNames.every((k) => wanted.has(k))) continue;
      subs = kwargs;
    }
    const url = '/' + route.parts.map((part, i) => (i % 2 ? pyStr(subs[part]) : part)).join('');
    if (!route.regex.test(url)) continue;
    const quoted = quote(url);
    return quoted.startsWith('//') ? '/%2F' + quoted.slice(2) : quoted;
  }
  if (!routes.length) {
    throw new NoReverseMatch(`Reverse for '${viewName}' not found. '${viewName}' is not a valid view function or pattern name.`);
  }
  const argMsg = args.length
    ? `arguments '${pyRepr(PyTuple.make(...args))}'`
    : kwargNames.length
      ? `keyword arguments '${pyRepr(kwargs)}'`
      : 'no arguments';
  const patterns = pyRepr(routes.map((r) => r.pyPattern));
  throw new NoReverseMatch(`Reverse for '${viewName}' with ${argMsg} not found. ${routes.length} pattern(s) tried: ${patterns}`);
};
