/**
 * The parts of Python's `urllib.parse` that Django's URL helpers call:
 * `quote`, `quote_plus`, `unquote`, `urlsplit`, `urlunsplit`, `parse_qsl`
 * and `urlencode`, with Python 3.12's rules.
 */
import { pyError } from '../errors.js';
import { pyStrRepr } from '../runtime/pyrepr.js';
import { ipAddressVersion } from './ipaddress.js';

const alwaysSafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~';
const hexDigits = '0123456789ABCDEF';
const utf8 = new TextEncoder();

/**
 * Python's `str.encode('utf-8')`, which refuses a lone surrogate
 * (UnicodeEncodeError) where TextEncoder would write U+FFFD.
 */
export function encodeUtf8(s: string): Uint8Array {
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(s);
  if (lone) {
    const position = Array.from(s.slice(0, lone.index)).length;
    // Python reports the whole run of surrogates that follow one another.
    let end = position + 1;
    for (let i = lone.index + 1; i < s.length; i++, end++) {
      const c = s.codePointAt(i)!;
      if (c < 0xd800 || c > 0xdfff) break;
    }
    const what = end - position === 1 ? `character ${pyStrRepr(lone[0])} in position ${position}` : `characters in position ${position}-${end - 1}`;
    throw pyError('UnicodeEncodeError', `'utf-8' codec can't encode ${what}: surrogates not allowed`);
  }
  return utf8.encode(s);
}

/**
 * Python's `quote(string, safe)`: every UTF-8 byte that is neither always
 * safe (letters, digits, `_.-~`) nor an ASCII character of `safe` becomes `%XX`.
 */
export function quote(s: string, safe = '/'): string {
  if (!s) return s;
  const keep = new Set<number>();
  for (const ch of alwaysSafe + safe) {
    const c = ch.charCodeAt(0);
    // Python drops non-ASCII characters from `safe`.
    if (ch.length === 1 && c < 128) keep.add(c);
  }
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    if (!keep.has(s.charCodeAt(i))) { plain = false; break; }
  }
  if (plain) return s;
  let out = '';
  for (const b of encodeUtf8(s)) {
    out += keep.has(b) ? String.fromCharCode(b) : '%' + hexDigits[b >> 4] + hexDigits[b & 15];
  }
  return out;
}

/** Python's `quote_plus`: as `quote`, with spaces written `+`. */
export function quotePlus(s: string, safe = ''): string {
  if (!s.includes(' ')) return quote(s, safe);
  return quote(s, safe + ' ').replaceAll(' ', '+');
}

const hexPair = /^[0-9A-Fa-f]{2}/;

/** Percent-decode one run of ASCII text to bytes (Python's `_unquote_impl`). */
function unquoteBytes(run: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 37 && hexPair.test(run.slice(i + 1, i + 3))) {
      bytes.push(parseInt(run.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(c);
    }
  }
  return Uint8Array.from(bytes);
}

/**
 * Python's `unquote`: `%XX` escapes decoded as UTF-8, a malformed sequence
 * becoming U+FFFD (errors='replace'); non-ASCII text is left as it is.
 */
export function unquote(s: string): string {
  if (!s.includes('%')) return s;
  // A fresh decoder per call: TextDecoder keeps state between calls.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return s.replace(/[\x00-\x7f]+/g, (run) => (run.includes('%') ? decoder.decode(unquoteBytes(run)) : run));
}

export interface SplitResult {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
  fragment: string;
}

const schemeChars = /^[a-zA-Z0-9+\-.]*$/;

// Python's uses_netloc: schemes whose URLs are written with `//`.
const usesNetloc = new Set([
  '', 'ftp', 'http', 'gopher', 'nntp', 'telnet', 'imap', 'wais', 'file', 'mms', 'https', 'shttp', 'snews',
  'prospero', 'rtsp', 'rtsps', 'rtspu', 'rsync', 'svn', 'svn+ssh', 'sftp', 'nfs', 'git', 'git+ssh', 'ws',
  'wss', 'itms-services',
]);

/** Python's `_check_bracketed_host`: `[...]` holds an IPv6 address or an IPvFuture. */
function checkBracketedHost(host: string): void {
  if (host.startsWith('v')) {
    // urlsplit has removed newlines, the one character Python's `.` refuses.
    if (!/^v[a-fA-F0-9]+\..+$/s.test(host)) {
      throw pyError('ValueError', 'IPvFuture address is invalid');
    }
    return;
  }
  const version = ipAddressVersion(host);
  if (version === undefined) throw pyError('ValueError', `${pyStrRepr(host)} does not appear to be an IPv4 or IPv6 address`);
  if (version === 4) throw pyError('ValueError', 'An IPv4 address cannot be in brackets');
}

/** Python's `_checknetloc`: no character that NFKC turns into a URL delimiter. */
function checkNetloc(netloc: string): void {
  if (!netloc || /^[\x00-\x7f]*$/.test(netloc)) return;
  const n = netloc.replace(/[@:#?]/g, '');
  const normalized = n.normalize('NFKC');
  if (n === normalized) return;
  for (const c of '/?#@:') {
    if (normalized.includes(c)) {
      throw pyError('ValueError', `netloc '${netloc}' contains invalid characters under NFKC normalization`);
    }
  }
}

/**
 * Python's `urlsplit(url)`. Throws ValueError (as Python does) for unbalanced
 * brackets or a bracketed host that is not an IPv6 address.
 */
export function urlsplit(url: string): SplitResult {
  // Leading C0 controls and spaces are stripped; tabs and newlines removed.
  url = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  let netloc = '';
  let query = '';
  let fragment = '';
  const colon = url.indexOf(':');
  if (colon > 0 && /^[a-zA-Z]/.test(url) && schemeChars.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith('//')) {
    let delim = url.length;
    for (const c of '/?#') {
      const at = url.indexOf(c, 2);
      if (at >= 0) delim = Math.min(delim, at);
    }
    netloc = url.slice(2, delim);
    url = url.slice(delim);
    const open = netloc.includes('['), close = netloc.includes(']');
    if (open !== close) throw pyError('ValueError', 'Invalid IPv6 URL');
    if (open && close) {
      const after = netloc.slice(netloc.indexOf('[') + 1);
      const end = after.indexOf(']');
      checkBracketedHost(end < 0 ? after : after.slice(0, end));
    }
  }
  const hash = url.indexOf('#');
  if (hash >= 0) {
    fragment = url.slice(hash + 1);
    url = url.slice(0, hash);
  }
  const question = url.indexOf('?');
  if (question >= 0) {
    query = url.slice(question + 1);
    url = url.slice(0, question);
  }
  checkNetloc(netloc);
  return { scheme, netloc, path: url, query, fragment };
}

/** Python's `urlunsplit`. */
export function urlunsplit({ scheme, netloc, path, query, fragment }: SplitResult): string {
  let url = path;
  if (netloc || (scheme && usesNetloc.has(scheme) && url.slice(0, 2) !== '//')) {
    if (url && url[0] !== '/') url = '/' + url;
    url = '//' + netloc + url;
  }
  if (scheme) url = scheme + ':' + url;
  if (query) url = url + '?' + query;
  if (fragment) url = url + '#' + fragment;
  return url;
}

/** Python's `parse_qsl(qs, keep_blank_values)`: `+` is a space, `%XX` decoded. */
export function parseQsl(qs: string, keepBlankValues = false): [string, string][] {
  const out: [string, string][] = [];
  if (!qs) return out;
  for (const nameValue of qs.split('&')) {
    if (!nameValue) continue;
    const eq = nameValue.indexOf('=');
    let name: string;
    let value: string;
    if (eq < 0) {
      if (!keepBlankValues) continue;
      name = nameValue;
      value = '';
    } else {
      name = nameValue.slice(0, eq);
      value = nameValue.slice(eq + 1);
    }
    if (value.length || keepBlankValues) {
      out.push([unquote(name.replaceAll('+', ' ')), unquote(value.replaceAll('+', ' '))]);
    }
  }
  return out;
}

/** Python's `urlencode(pairs)`: `k=v` joined by `&`, each side through `quote_plus`. */
export function urlencode(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => quotePlus(k) + '=' + quotePlus(v)).join('&');
}
