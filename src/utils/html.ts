/**
 * Django's django/utils/html.py: the HTML helpers behind the html filters
 * (`escapejs`, `json_script`, `linebreaks`, `strip_tags`, `smart_urlquote`,
 * `Urlizer`/`urlize`, `avoid_wrapping`).
 */
import { pyError } from '../errors.js';
import { conditionalEscape, escapeHtml } from '../runtime/escape.js';
import { truthy } from '../runtime/pyops.js';
import { SafeString } from '../runtime/safestring.js';
import { HTMLParser } from './htmlparser.js';
import { unescape } from './htmlunescape.js';
import { djangoJsonDumps } from './json.js';
import { pyWhitespace } from './text.js';
import { ownOptions } from './own.js';
import { parseQsl, quote, unquote, urlencode, urlsplit, urlunsplit } from './urlparse.js';
import { domainRe, hostnameRe, isValidEmail } from './validators.js';
import { lazyRegExp } from './lazy-regexp.js';

// ----- escapejs -----

/** Django's `_js_escapes`: what may end a string or a script, and C0/C1 controls. */
function jsEscape(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
}
const jsEscapeChars = /[\\'"><&=\-;`\u2028\u2029\x00-\x1f\x7f-\x9f]/g;

/** Django's `escapejs`: hex-encode characters for use in JavaScript strings. */
export function escapejs(value: string): SafeString {
  return new SafeString(value.replace(jsEscapeChars, jsEscape));
}

// ----- json_script -----

const jsonScriptEscapes: Record<string, string> = { '>': '\\u003E', '<': '\\u003C', '&': '\\u0026' };

/**
 * Django's `json_script`: the value as DjangoJSONEncoder writes it, with
 * `<`, `>` and `&` escaped so the script element cannot be closed early,
 * inside `<script type="application/json">` (with an id when one is given).
 */
export function jsonScript(value: unknown, elementId?: unknown): SafeString {
  const json = djangoJsonDumps(value).replace(/[<>&]/g, (c) => jsonScriptEscapes[c]);
  if (truthy(elementId)) {
    return new SafeString(`<script id="${conditionalEscape(elementId).value}" type="application/json">${json}</script>`);
  }
  return new SafeString(`<script type="application/json">${json}</script>`);
}

// ----- linebreaks -----

/** Django's `normalize_newlines` (django/utils/text.py): CRLF and CR become LF. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** Django's `linebreaks`: paragraphs at blank lines, `<br>` at single newlines. */
export function linebreaks(value: string, autoescape = false): string {
  const paras = normalizeNewlines(value).split(/\n{2,}/);
  return paras.map((p) => `<p>${(autoescape ? escapeHtml(p) : p).replaceAll('\n', '<br>')}</p>`).join('\n\n');
}

// ----- strip_tags -----

/** Django's MLStripper: keeps text, and character references as written (re-closed with `;`). */
class MLStripper extends HTMLParser {
  private fed: string[] = [];

  constructor() {
    super({ convertCharrefs: false });
  }

  override handleData(d: string): void {
    this.fed.push(d);
  }

  override handleEntityref(name: string): void {
    this.fed.push(`&${name};`);
  }

  override handleCharref(name: string): void {
    this.fed.push(`&#${name};`);
  }

  getData(): string {
    return this.fed.join('');
  }
}

function stripOnce(value: string): string {
  const s = new MLStripper();
  s.feed(value);
  s.close();
  return s.getData();
}

const MAX_STRIP_TAGS_DEPTH = 50;
// An HTML tag that opens but has no closing ">" after 1k+ characters.
const longOpenTagWithoutClosingRe = /<[a-zA-Z][^>]{1000,}/g;

function countChar(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * Django's `strip_tags`: run Python's HTML parser over the text until it
 * removes no more tags. Markup nested deep enough to need more than 50
 * rounds raises SuspiciousOperation, as in Django.
 */
export function stripTags(value: string): string {
  for (const m of value.matchAll(longOpenTagWithoutClosingRe)) {
    if (countChar(m[0], '<') >= MAX_STRIP_TAGS_DEPTH) throw pyError('SuspiciousOperation', '');
  }
  // Typically two rounds: the second finds nothing more to remove.
  let depth = 0;
  while (value.includes('<') && value.includes('>')) {
    if (depth >= MAX_STRIP_TAGS_DEPTH) throw pyError('SuspiciousOperation', '');
    const newValue = stripOnce(value);
    if (countChar(value, '<') === countChar(newValue, '<')) break; // no more tags found
    value = newValue;
    depth++;
  }
  return value;
}

// ----- smart_urlquote -----

const RFC3986_GENDELIMS = ':/?#[]@';
const RFC3986_SUBDELIMS = "!$&'()*+,;=";

function unquoteQuote(segment: string): string {
  // Tilde is unreserved (RFC 3986 section 2.3).
  return quote(unquote(segment), RFC3986_SUBDELIMS + RFC3986_GENDELIMS + '~');
}

/**
 * Django's `smart_urlquote`: quote a URL unless it is quoted already. The
 * host is percent-encoded UTF-8 too (no IDNA, as Django 6.1 leaves that to
 * the browser); query keys and values are decoded and re-encoded one by one.
 */
export function smartUrlquote(url: string): string {
  let parts;
  try {
    parts = urlsplit(url);
  } catch (e) {
    // An invalid IPv6 URL (square brackets in the host part, normally).
    if ((e as Error).name === 'ValueError') return unquoteQuote(url);
    throw e;
  }
  let { query } = parts;
  if (query) {
    // Key and value decoded separately, so that an encoded `&` or `=` in a
    // value does not split it (Django #22267).
    query = urlencode(parseQsl(query, true).map(([k, v]) => [unquote(k), unquote(v)]));
  }
  return urlunsplit({
    scheme: parts.scheme,
    netloc: unquoteQuote(parts.netloc),
    path: unquoteQuote(parts.path),
    query,
    fragment: unquoteQuote(parts.fragment),
  });
}

// ----- urlize -----

/** django.utils.http.MAX_URL_LENGTH */
const MAX_URL_LENGTH = 2048;

/** Python's `len(s)`: code points. */
function pyLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Python's `len(s) > limit`, without counting a text far too long to pass. */
function longerThan(s: string, limit: number): boolean {
  if (s.length <= limit) return false;
  return s.length > 2 * limit || pyLength(s) > limit;
}

/** Python's `s.rstrip(chars)` for ASCII `chars`. */
function rstripChars(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

/** The UTF-16 index where the last `count` code points of `s` start (Python's `s[-count:]`). */
function codePointsFromEnd(s: string, count: number): number {
  let i = s.length;
  for (; count > 0 && i > 0; count--) {
    i--;
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) i--;
    }
  }
  return i;
}

export interface UrlizeOptions {
  /** Shorten link texts longer than this to `limit - 1` characters and an ellipsis. */
  trimUrlLimit?: number | null;
  /** Give web links `rel="nofollow"`. */
  nofollow?: boolean;
  /** Escape the text and the link texts (a safe input is never escaped). */
  autoescape?: boolean;
}

interface WordOptions {
  safeInput: boolean;
  trimUrlLimit: number | null;
  nofollow: boolean;
  autoescape: boolean;
}

// Django compiles this with re.IGNORECASE, under which Python also lets
// `ı` and `İ` match the `i` of "int" and "mil".
const simpleUrlRe = /* @__PURE__ */ lazyRegExp('^https?://\\[?[\\p{L}\\p{N}_]', 'iu');
const simpleUrl2Re = /* @__PURE__ */ new RegExp(
  `^www\\.|^(?!http)(?:${hostnameRe})(?:${domainRe})\\.(com|edu|gov|[iı\\u0130]nt|m[iı\\u0130]l|net|org)($|/.*)$`,
  'iu',
);
const wordSplitRe = /* @__PURE__ */ new RegExp(`([${pyWhitespace}<>"']+)`);

/**
 * Django's Urlizer: turn the URLs and e-mail addresses in text into links.
 *
 * Works on http:// and https:// links, www. links, and links ending in one
 * of the original seven gTLDs (.com, .edu, .gov, .int, .mil, .net, .org).
 * Links can have trailing punctuation (periods, commas, close-parens) and
 * leading punctuation (opening parens), which stay outside the link.
 */
export class Urlizer {
  static readonly trailingPunctuationChars = '.,:;!';
  static readonly wrappingPunctuation: readonly (readonly [string, string])[] = [['(', ')'], ['[', ']']];

  static readonly simpleUrlRe = simpleUrlRe;
  // Module constants, so that a bundler may leave the class out of a page that does not urlize.
  static readonly simpleUrl2Re = simpleUrl2Re;
  static readonly wordSplitRe = wordSplitRe;

  /**
   * Django 6.1 still assumes `http` for schemeless links (the
   * URLIZE_ASSUME_HTTPS transitional setting defaults to False).
   */
  readonly defaultScheme: string = 'http';

  urlize(text: string | SafeString, given: UrlizeOptions = {}): string {
    // Only the options given: none from a polluted Object.prototype.
    const options = ownOptions(given);
    const opts: WordOptions = {
      safeInput: text instanceof SafeString,
      trimUrlLimit: options.trimUrlLimit ?? null,
      nofollow: options.nofollow ?? false,
      autoescape: options.autoescape ?? false,
    };
    const words = String(text).split(Urlizer.wordSplitRe);
    // Repeated words are handled once per call.
    const localCache = new Map<string, string>();
    let out = '';
    for (const word of words) {
      let urlized = localCache.get(word);
      if (urlized === undefined) {
        urlized = this.handleWord(word, opts);
        localCache.set(word, urlized);
      }
      out += urlized;
    }
    return out;
  }

  handleWord(word: string, { safeInput, trimUrlLimit, nofollow, autoescape }: WordOptions): string {
    if (!(word.includes('.') || word.includes('@') || word.includes(':'))) {
      return !safeInput && autoescape ? escapeHtml(word) : word;
    }
    // lead: punctuation trimmed from the beginning of the word; middle: the
    // state of the word; trail: punctuation trimmed from its end.
    let [lead, middle, trail] = this.trimPunctuation(word);
    let url: string | undefined;
    let nofollowAttr = nofollow ? ' rel="nofollow"' : '';
    const short = !longerThan(middle, MAX_URL_LENGTH);
    if (short && Urlizer.simpleUrlRe().test(middle)) {
      url = smartUrlquote(unescape(middle));
    } else if (short && Urlizer.simpleUrl2Re.test(middle)) {
      url = smartUrlquote(`${this.defaultScheme}://${unescape(middle)}`);
    } else if (!middle.includes(':') && Urlizer.isEmailSimple(middle)) {
      const at = middle.lastIndexOf('@');
      // Encoded per RFC 6068 section 2; IDNA is left to the user agent.
      const local = quote(middle.slice(0, at), '');
      const domain = quote(middle.slice(at + 1), '');
      url = `mailto:${local}@${domain}`;
      nofollowAttr = '';
    }
    if (url) {
      let trimmed = this.trimUrl(middle, trimUrlLimit);
      if (autoescape && !safeInput) {
        lead = escapeHtml(lead);
        trail = escapeHtml(trail);
        trimmed = escapeHtml(trimmed);
      }
      return `${lead}<a href="${escapeHtml(url)}"${nofollowAttr}>${trimmed}</a>${trail}`;
    }
    return !safeInput && autoescape ? escapeHtml(word) : word;
  }

  trimUrl(x: string, limit: number | null): string {
    if (limit === null || !longerThan(x, limit)) return x;
    return Array.from(x).slice(0, Math.max(0, limit - 1)).join('') + '…';
  }

  /** Trim trailing and wrapping punctuation from `word`: [lead, middle, trail]. */
  trimPunctuation(word: string): [string, string, string] {
    // Strip all opening wrapping punctuation.
    const openings = Urlizer.wrappingPunctuation.map(([opening]) => opening).join('');
    let start = 0;
    while (start < word.length && openings.includes(word[start])) start++;
    let middle = word.slice(start);
    const lead = word.slice(0, start);
    const trail: string[] = [];
    const counts = new Map<string, number>();
    for (const [opening, closing] of Urlizer.wrappingPunctuation) {
      counts.set(opening, countChar(middle, opening));
      counts.set(closing, countChar(middle, closing));
    }
    const punctuation = Urlizer.trailingPunctuationChars;
    const punctuationNoSemicolon = punctuation.replace(';', '');
    // Continue trimming until middle remains unchanged.
    let trimmedSomething = true;
    while (trimmedSomething && middle) {
      trimmedSomething = false;
      // Trim wrapping punctuation: the closings that have no opening.
      for (const [opening, closing] of Urlizer.wrappingPunctuation) {
        const opened = counts.get(opening)!, closed = counts.get(closing)!;
        if (opened < closed && rstripChars(middle, closing) !== middle) {
          const strip = closed - opened;
          const cut = codePointsFromEnd(middle, strip);
          trail.unshift(middle.slice(cut));
          middle = middle.slice(0, cut);
          trimmedSomething = true;
          counts.set(closing, closed - strip);
        }
      }
      // Trim trailing punctuation, keeping a ';' that may end an entity.
      const amp = middle.lastIndexOf('&');
      let rstripped = rstripChars(middle, amp === -1 ? punctuation : punctuationNoSemicolon);
      if (rstripped !== middle) {
        trail.unshift(middle.slice(rstripped.length));
        middle = rstripped;
        trimmedSomething = true;
      }
      if (middle.endsWith(';')) {
        // Only strip if not part of an HTML entity (Python's middle[amp:]
        // is the last character when there is no '&').
        const potentialEntity = middle.slice(amp);
        const escaped = unescape(potentialEntity);
        if (escaped === potentialEntity || escaped.endsWith(';')) {
          rstripped = rstripChars(middle, punctuation);
          const trailStart = rstripped.length;
          const trailingSemicolons = middle.length - rstripChars(middle, ';').length;
          if (amp > -1 && trailingSemicolons > 1) {
            // Leave up to the most recent semicolon, as it might end an entity.
            const semicolonIndex = middle.indexOf(';', trailStart) + 1;
            trail.unshift(middle.slice(semicolonIndex));
            middle = rstripped + middle.slice(trailStart, semicolonIndex);
          } else {
            trail.unshift(middle.slice(trailStart));
            middle = rstripped;
          }
          trimmedSomething = true;
        }
      }
    }
    return [lead, middle, trail.join('')];
  }

  /** Does the value look like an e-mail address (Django's EmailValidator, no allowlist)? */
  static isEmailSimple(value: string): boolean {
    return isValidEmail(value, []);
  }
}

/**
 * Django's `urlize`: the text with its URLs and e-mail addresses as links.
 * The result is text; the filters mark it safe.
 */
export function urlize(text: string | SafeString, options: UrlizeOptions = {}): string {
  return urlizer.urlize(text, options);
}

/** Django's module-level `urlizer` (it holds no state). */
export const urlizer = /* @__PURE__ */ new Urlizer();
