/**
 * Django's `static` library (django/templatetags/static.py): `{% static %}`,
 * `{% get_static_prefix %}` and `{% get_media_prefix %}`.
 *
 * The settings are the engine's options: `staticUrl` (STATIC_URL, default
 * '/static/'), `mediaUrl` (MEDIA_URL, default ''), and `staticManifest`, the
 * `staticfiles.json` of ManifestStaticFilesStorage. URLs are made as in a
 * project with `django.contrib.staticfiles` installed: without a manifest
 * as StaticFilesStorage makes them, with one as ManifestStaticFilesStorage
 * does with DEBUG off (hashed names; a path missing from the manifest is
 * Django's ValueError).
 */
import { Library } from '../src/library.js';
import { Node } from '../src/nodes.js';
import { TemplateSyntaxError, pyError } from '../src/errors.js';
import type { FilterExpression } from '../src/expression.js';
import type { Parser } from '../src/parser.js';
import type { Token } from '../src/lexer.js';
import type { Context } from '../src/runtime/context.js';
import type { Engine } from '../src/engine.js';
import { conditionalEscape } from '../src/runtime/escape.js';
import { pyStr } from '../src/runtime/pyrepr.js';
import { iriToUri } from '../src/utils/encoding.js';
import { quote, unquote, urlsplit, urlunsplit } from '../src/utils/urlparse.js';

/** Django's `settings._add_script_prefix`: a relative STATIC_URL/MEDIA_URL is under the script prefix ('/'). */
function addScriptPrefix(value: string): string {
  return /^(?:https?:\/\/|\/)/.test(value) ? value : '/' + value;
}

function engineOf(context: Context): Engine | undefined {
  return context.template?.engine;
}

/** STATIC_URL or MEDIA_URL as Django's settings give it. */
function setting(engine: Engine | undefined, name: 'STATIC_URL' | 'MEDIA_URL'): string {
  const value = name === 'STATIC_URL' ? engine?.options.staticUrl ?? '/static/' : engine?.options.mediaUrl ?? '';
  return addScriptPrefix(value);
}

const USES_RELATIVE = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'imap', 'wais', 'file', 'https', 'shttp', 'mms', 'prospero', 'rtsp', 'rtsps', 'rtspu', 'sftp', 'svn', 'svn+ssh', 'ws', 'wss']);
const USES_NETLOC = new Set(['', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews', 'prospero', 'rtsp', 'rtsps', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws', 'wss', 'itms-services']);

/** Python's `urllib.parse.urljoin(base, url)` (without `;params`, which static paths do not use). */
export function urljoin(base: string, url: string): string {
  if (!base) return url;
  if (!url) return base;
  const b = urlsplit(base);
  const u = urlsplit(url);
  const scheme = u.scheme || b.scheme;
  if (scheme !== b.scheme || !USES_RELATIVE.has(scheme)) return url;
  let netloc = u.netloc;
  if (USES_NETLOC.has(scheme)) {
    if (netloc) return urlunsplit({ ...u, scheme });
    netloc = b.netloc;
  }
  if (!u.path) {
    return urlunsplit({ scheme, netloc, path: b.path, query: u.query || b.query, fragment: u.fragment });
  }
  const baseParts = b.path.split('/');
  if (baseParts[baseParts.length - 1] !== '') baseParts.pop();
  let segments: string[];
  if (u.path.startsWith('/')) segments = u.path.split('/');
  else {
    segments = [...baseParts, ...u.path.split('/')];
    // Python drops empty segments between the first and the last.
    segments = [segments[0]!, ...segments.slice(1, -1).filter(Boolean), ...(segments.length > 1 ? [segments[segments.length - 1]!] : [])];
  }
  const resolved: string[] = [];
  for (const seg of segments) {
    if (seg === '..') resolved.pop();
    else if (seg !== '.') resolved.push(seg);
  }
  const last = segments[segments.length - 1];
  if (last === '.' || last === '..') resolved.push('');
  return urlunsplit({ scheme, netloc, path: resolved.join('/') || '/', query: u.query, fragment: u.fragment });
}

/** Django's `filepath_to_uri`. */
function filepathToUri(path: string): string {
  return quote(path.replaceAll('\\', '/'), "/~!*()'");
}

/** FileSystemStorage.url with STATIC_URL as its base. */
function storageUrl(base: string, name: string): string {
  return urljoin(base, filepathToUri(name).replace(/^\/+/, ''));
}

interface NodeFs {
  readFileSync(path: string, encoding: 'utf8'): string;
}

const manifests = new WeakMap<Engine, Readonly<Record<string, string>>>();

/** The manifest's `paths` (ManifestFilesMixin.load_manifest), read once per engine. */
function manifestPaths(engine: Engine): Readonly<Record<string, string>> | undefined {
  const option = engine.options.staticManifest;
  if (option === undefined) return undefined;
  let paths = manifests.get(engine);
  if (paths === undefined) {
    let stored: unknown = option;
    if (typeof option === 'string') {
      const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
      const fs = proc?.getBuiltinModule?.('node:fs') as NodeFs | undefined;
      if (fs === undefined) throw new Error(`Cannot read the static manifest '${option}' without a file system: give its contents.`);
      try {
        stored = JSON.parse(fs.readFileSync(option, 'utf8'));
      } catch (e) {
        if (!(e instanceof SyntaxError)) throw e;
        stored = undefined;
      }
    }
    const s = stored as { version?: unknown; paths?: Record<string, string> } | undefined;
    // Django accepts the manifest versions 1.0 and 1.1.
    if (s?.version !== undefined && s.version !== '1.0' && s.version !== '1.1') stored = undefined;
    if (stored === undefined) throw pyError('ValueError', "Couldn't load manifest 'staticfiles.json' (version 1.1)");
    paths = Object.assign(Object.create(null), s?.paths ?? {}) as Record<string, string>;
    manifests.set(engine, paths);
  }
  return paths;
}

/** ManifestFilesMixin.stored_name: the hashed name of a path (query and fragment kept). */
function storedName(paths: Readonly<Record<string, string>>, name: string): string {
  const parsed = urlsplit(unquote(name));
  const cleanName = pyStrip(parsed.path);
  const cacheName = paths[cleanName];
  if (cacheName === undefined) throw pyError('ValueError', `Missing staticfiles manifest entry for '${cleanName}'`);
  let path = cacheName;
  // The @font-face hack: url(myfont.eot?#iefix).
  if (name.includes('?#') && !parsed.query) path += '?';
  return urlunsplit({ ...parsed, path });
}

function pyStrip(s: string): string {
  return s.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/gu, '');
}

/** The URL of a static file: Django's `StaticNode.handle_simple` with staticfiles installed. */
export function staticUrl(engine: Engine | undefined, path: string): string {
  const base = setting(engine, 'STATIC_URL');
  const paths = engine && manifestPaths(engine);
  if (paths === undefined) return storageUrl(base, path);
  // HashedFilesMixin._url (DEBUG off).
  const hash = path.indexOf('#');
  const cleanName = hash < 0 ? path : path.slice(0, hash);
  const fragment = hash < 0 ? '' : path.slice(hash + 1);
  const hashedName = urlsplit(cleanName).path.endsWith('/') ? path : storedName(paths, cleanName);
  let finalUrl = storageUrl(base, hashedName);
  const queryFragment = path.includes('?#');
  if (fragment || queryFragment) {
    const parts = urlsplit(finalUrl);
    if (fragment && !parts.fragment) parts.fragment = fragment;
    if (queryFragment && !parts.query) parts.path += '?';
    finalUrl = urlunsplit(parts);
  }
  return unquote(finalUrl);
}

/** `{% get_static_prefix %}` and `{% get_media_prefix %}`. */
export class PrefixNode extends Node {
  constructor(readonly varname: string | null, readonly name: 'STATIC_URL' | 'MEDIA_URL') {
    super();
  }

  override render(context: Context): string {
    const prefix = iriToUri(setting(engineOf(context), this.name));
    if (this.varname === null) return prefix;
    context.set(this.varname, prefix);
    return '';
  }

  static handleToken(parser: Parser, token: Token, name: 'STATIC_URL' | 'MEDIA_URL'): PrefixNode {
    // Not split_contents: these tags take no variables.
    const tokens = token.contents.split(/\s+/).filter(Boolean);
    if (tokens.length > 1 && tokens[1] !== 'as') throw new TemplateSyntaxError(`First argument in '${tokens[0]}' must be 'as'`);
    let varname: string | null = null;
    if (tokens.length > 1) {
      if (tokens.length < 3) throw pyError('IndexError', 'list index out of range');
      varname = tokens[2]!;
    }
    return new PrefixNode(varname, name);
  }
}

/** `{% static path [as varname] %}`. */
export class StaticNode extends Node {
  constructor(readonly varname: string | null, readonly path: FilterExpression) {
    super();
  }

  url(context: Context): string {
    return staticUrl(engineOf(context), pyStr(this.path.resolve(context)));
  }

  override render(context: Context): string {
    let url: unknown = this.url(context);
    if (context.autoescape) url = conditionalEscape(url);
    if (this.varname === null) return pyStr(url);
    context.set(this.varname, url);
    return '';
  }

  static handleToken(parser: Parser, token: Token): StaticNode {
    const bits = token.splitContents();
    if (bits.length < 2) throw new TemplateSyntaxError(`'${bits[0]}' takes at least one argument (path to file)`);
    const path = parser.compileFilter(bits[1]!);
    let varname: string | null = null;
    if (bits.length >= 2 && bits[bits.length - 2] === 'as') {
      // Django reads the name at index 3, wherever `as` is.
      if (bits.length < 4) throw pyError('IndexError', 'list index out of range');
      varname = bits[3]!;
    }
    return new StaticNode(varname, path);
  }
}

export const staticLibrary = /* @__PURE__ */ new Library()
  .tag('get_static_prefix', (parser, token) => PrefixNode.handleToken(parser, token, 'STATIC_URL'))
  .tag('get_media_prefix', (parser, token) => PrefixNode.handleToken(parser, token, 'MEDIA_URL'))
  .tag('static', (parser, token) => StaticNode.handleToken(parser, token))
  .node('PrefixNode', PrefixNode)
  .node('StaticNode', StaticNode);
