/**
 * Python's `html.parser.HTMLParser` (with the parts of `_markupbase` it
 * uses), as in Python 3.12, which Django's oracle runs on. Django builds on
 * it (the Truncator's HTML truncation, `strip_tags`), and what it makes of
 * broken markup is part of Django's output: text it cannot finish parsing
 * yet stays buffered, comments and declarations vanish, `<script>` and
 * `<style>` content is raw text.
 *
 * Subclass it and override the `handle*` methods, as in Python. Positions
 * are UTF-16 indices; where Python counts characters (the `&` look-back,
 * excerpts in messages) the count is converted to code points.
 * `getpos()`'s line tracking is not ported.
 */
import { pyError } from '../errors.js';
import { pyStrRepr } from '../runtime/pyrepr.js';
import { unescape } from './htmlunescape.js';
import { pyStrip, pyWhitespace } from './text.js';

/** One attribute of a start tag: its lowercased name, its unescaped value or null. */
export type HTMLAttribute = [name: string, value: string | null];

// Python's `\s` in these str patterns is Unicode whitespace (str.isspace()).
const S = `[${pyWhitespace}]`;

const interestingNormal = /[&<]/g;
const incomplete = /&[a-zA-Z#]/y;
// The terminating character is captured: Python steps back over it when it
// is not `;`, one character, which may be two UTF-16 units.
const entityref = /&([a-zA-Z][-.a-zA-Z0-9]*)([^a-zA-Z0-9])/uy;
const charref = /&#((?:[0-9]+|[xX][0-9a-fA-F]+))([^0-9a-fA-F])/uy;
const starttagopen = /<[a-zA-Z]/y;
const piclose = />/g;
const commentclose = /* @__PURE__ */ new RegExp(`--${S}*>`, 'gu');
const tagfindTolerant = /* @__PURE__ */ new RegExp(`([a-zA-Z][^\\t\\n\\r\\f />\\x00]*)(?:${S}|/(?!>))*`, 'uy');
const attrfindTolerant = /* @__PURE__ */ new RegExp(
  `((?<=['"${pyWhitespace}/])[^${pyWhitespace}/>][^${pyWhitespace}/=>]*)` +
    `(${S}*=+${S}*('[^']*'|"[^"]*"|(?!['"])[^>${pyWhitespace}]*))?(?:${S}|/(?!>))*`,
  'uy',
);
const locatestarttagendTolerant = /* @__PURE__ */ new RegExp(
  `<[a-zA-Z][^\\t\\n\\r\\f />\\x00]*` + // tag name
    `(?:[${pyWhitespace}/]*` + // optional whitespace before attribute name
    `(?:(?<=['"${pyWhitespace}/])[^${pyWhitespace}/>][^${pyWhitespace}/=>]*` + // attribute name
    `(?:${S}*=+${S}*` + // value indicator
    `(?:'[^']*'|"[^"]*"|(?!['"])[^>${pyWhitespace}]*)` + // quoted or bare value
    `${S}*` + // possibly followed by a space
    `)?(?:${S}|/(?!>))*` +
    `)*` +
    `)?` +
    `${S}*`, // trailing whitespace
  'uy',
);
const endendtag = />/g;
const endtagfind = /* @__PURE__ */ new RegExp(`</${S}*([a-zA-Z][-.a-zA-Z0-9:_]*)${S}*>`, 'uy');
const charrefEnd = /* @__PURE__ */ new RegExp(`[${pyWhitespace};]`, 'u');

// _markupbase
const declnameMatch = /* @__PURE__ */ new RegExp(`[a-zA-Z][-_.a-zA-Z0-9]*${S}*`, 'uy');
const markedsectionclose = /* @__PURE__ */ new RegExp(`\\]${S}*\\]${S}*>`, 'gu');
const msmarkedsectionclose = /* @__PURE__ */ new RegExp(`\\]${S}*>`, 'gu');

const CDATA_CONTENT_ELEMENTS = new Set(['script', 'style']);

// Python's re.IGNORECASE also lets `ı`/`İ` match `i` and `ſ` match `s`,
// which JavaScript's /iu does not.
const ignorecaseClass: Record<string, string> = { i: '[iIİı]', s: '[sSſ]', k: '[kKK]' };

/** A pattern for a CDATA element's name (`script`, `style`), matched as Python's re.I would. */
function ignorecasePattern(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ignorecaseClass[ch]) out += ignorecaseClass[ch];
    else out += `[${ch}${ch.toUpperCase()}]`;
  }
  return out;
}

function matchAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

function searchFrom(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

/** The UTF-16 index `count` code points back from the end of `s` (at least 0). */
function codePointsBackFromEnd(s: string, count: number): number {
  let i = s.length;
  while (count > 0 && i > 0) {
    i--;
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) i--;
    }
    count--;
  }
  return count > 0 ? -1 : i;
}

/** `s[start:start+count]` in code points, for messages. */
function codePointSlice(s: string, start: number, count: number): string {
  let out = '';
  let n = 0;
  for (const ch of s.slice(start)) {
    if (n++ >= count) break;
    out += ch;
  }
  return out;
}

export class HTMLParser {
  readonly convertCharrefs: boolean;
  rawdata = '';
  lasttag = '???';
  cdataElem: string | null = null;
  private interesting: RegExp = interestingNormal;
  private starttagText: string | null = null;

  constructor({ convertCharrefs = true }: { convertCharrefs?: boolean } = {}) {
    this.convertCharrefs = convertCharrefs;
    this.reset();
  }

  /** Reset this instance. Loses all unprocessed data. */
  reset(): void {
    this.rawdata = '';
    this.lasttag = '???';
    this.interesting = interestingNormal;
    this.cdataElem = null;
  }

  /** Feed data to the parser; what cannot be parsed yet waits for more. */
  feed(data: string): void {
    this.rawdata = this.rawdata + data;
    this.goahead(false);
  }

  /** Handle any buffered data. */
  close(): void {
    this.goahead(true);
  }

  /** The full source of the last start tag: `<...>`. */
  getStarttagText(): string | null {
    return this.starttagText;
  }

  setCdataMode(elem: string): void {
    this.cdataElem = elem.toLowerCase();
    this.interesting = new RegExp(`</${S}*${ignorecasePattern(this.cdataElem)}${S}*>`, 'gu');
  }

  clearCdataMode(): void {
    this.interesting = interestingNormal;
    this.cdataElem = null;
  }

  // ----- overridable handlers -----
  handleStartendtag(tag: string, attrs: HTMLAttribute[]): void {
    this.handleStarttag(tag, attrs);
    this.handleEndtag(tag);
  }

  handleStarttag(_tag: string, _attrs: HTMLAttribute[]): void {}

  handleEndtag(_tag: string): void {}

  handleCharref(_name: string): void {}

  handleEntityref(_name: string): void {}

  handleData(_data: string): void {}

  handleComment(_data: string): void {}

  handleDecl(_decl: string): void {}

  handlePi(_data: string): void {}

  unknownDecl(_data: string): void {}

  /** Text as handed to handleData: unescaped outside CDATA when converting. */
  private dataOf(text: string): string {
    return this.convertCharrefs && !this.cdataElem ? unescape(text) : text;
  }
  // Handle data as far as reasonable. May leave state and data to be
  // processed by a subsequent call. If `end`, force handling all data as if
  // followed by EOF.
  private goahead(end: boolean): void {
    const rawdata = this.rawdata;
    let i = 0;
    const n = rawdata.length;
    while (i < n) {
      let j: number;
      if (this.convertCharrefs && !this.cdataElem) {
        j = rawdata.indexOf('<', i);
        if (j < 0) {
          // A character reference may be cut in half at the end: wait for
          // more text when an `&` near the end (34 characters) is followed
          // by neither whitespace nor `;`.
          const back = codePointsBackFromEnd(rawdata, 34);
          const amppos = rawdata.lastIndexOf('&');
          if (amppos >= Math.max(i, back) && !charrefEnd.test(rawdata.slice(amppos))) break;
          j = n;
        }
      } else {
        const match = searchFrom(this.interesting, rawdata, i);
        if (match) {
          j = match.index;
        } else {
          if (this.cdataElem) break;
          j = n;
        }
      }
      if (i < j) this.handleData(this.dataOf(rawdata.slice(i, j)));
      i = j;
      if (i === n) break;
      if (rawdata.startsWith('<', i)) {
        let k: number;
        if (matchAt(starttagopen, rawdata, i)) k = this.parseStarttag(i);
        else if (rawdata.startsWith('</', i)) k = this.parseEndtag(i);
        else if (rawdata.startsWith('<!--', i)) k = this.parseComment(i);
        else if (rawdata.startsWith('<?', i)) k = this.parsePi(i);
        else if (rawdata.startsWith('<!', i)) k = this.parseHtmlDeclaration(i);
        else if (i + 1 < n) {
          this.handleData('<');
          k = i + 1;
        } else break;
        if (k < 0) {
          if (!end) break;
          k = rawdata.indexOf('>', i + 1);
          if (k < 0) {
            k = rawdata.indexOf('<', i + 1);
            if (k < 0) k = i + 1;
          } else {
            k += 1;
          }
          this.handleData(this.dataOf(rawdata.slice(i, k)));
        }
        i = k;
      } else if (rawdata.startsWith('&#', i)) {
        const match = matchAt(charref, rawdata, i);
        if (match) {
          this.handleCharref(match[1]);
          i = match.index + match[0].length - (match[2] === ';' ? 0 : match[2].length);
          continue;
        }
        if (rawdata.slice(i).includes(';')) {
          // bail by consuming &#
          this.handleData(rawdata.slice(i, i + 2));
          i = i + 2;
        }
        break;
      } else if (rawdata.startsWith('&', i)) {
        const match = matchAt(entityref, rawdata, i);
        if (match) {
          this.handleEntityref(match[1]);
          i = match.index + match[0].length - (match[2] === ';' ? 0 : match[2].length);
          continue;
        }
        const inc = matchAt(incomplete, rawdata, i);
        if (inc) {
          if (end && inc[0] === rawdata.slice(i)) i = i + 1;
          break;
        } else if (i + 1 < n) {
          // not the end of the buffer, and can't be confused with some
          // other construct
          this.handleData('&');
          i = i + 1;
        } else {
          break;
        }
      } else {
        throw pyError('AssertionError', 'interesting.search() lied');
      }
    }
    if (end && i < n && !this.cdataElem) {
      this.handleData(this.dataOf(rawdata.slice(i, n)));
      i = n;
    }
    this.rawdata = rawdata.slice(i);
  }
  // See w3.org/TR/html5/tokenization.html#markup-declaration-open-state
  private parseHtmlDeclaration(i: number): number {
    const rawdata = this.rawdata;
    if (rawdata.startsWith('<!--', i)) return this.parseComment(i);
    if (rawdata.startsWith('<![', i)) return this.parseMarkedSection(i);
    if (rawdata.slice(i, i + 9).toLowerCase() === '<!doctype') {
      const gtpos = rawdata.indexOf('>', i + 9);
      if (gtpos === -1) return -1;
      this.handleDecl(rawdata.slice(i + 2, gtpos));
      return gtpos + 1;
    }
    return this.parseBogusComment(i);
  }
  // See w3.org/TR/html5/tokenization.html#bogus-comment-state
  private parseBogusComment(i: number, report = true): number {
    const rawdata = this.rawdata;
    const pos = rawdata.indexOf('>', i + 2);
    if (pos === -1) return -1;
    if (report) this.handleComment(rawdata.slice(i + 2, pos));
    return pos + 1;
  }

  private parsePi(i: number): number {
    const rawdata = this.rawdata;
    const match = searchFrom(piclose, rawdata, i + 2);
    if (!match) return -1;
    this.handlePi(rawdata.slice(i + 2, match.index));
    return match.index + match[0].length;
  }

  private parseStarttag(i: number): number {
    this.starttagText = null;
    const endpos = this.checkForWholeStartTag(i);
    if (endpos < 0) return endpos;
    const rawdata = this.rawdata;
    this.starttagText = rawdata.slice(i, endpos);
    const attrs: HTMLAttribute[] = [];
    const match = matchAt(tagfindTolerant, rawdata, i + 1)!;
    let k = match.index + match[0].length;
    const tag = match[1].toLowerCase();
    this.lasttag = tag;
    while (k < endpos) {
      const m = matchAt(attrfindTolerant, rawdata, k);
      if (!m) break;
      const attrname = m[1];
      const rest = m[2];
      let attrvalue: string | null = m[3] ?? null;
      if (!rest) {
        attrvalue = null;
      } else if (attrvalue !== null &&
        ((attrvalue.startsWith("'") && attrvalue.endsWith("'")) || (attrvalue.startsWith('"') && attrvalue.endsWith('"')))) {
        attrvalue = attrvalue.slice(1, -1);
      }
      if (attrvalue) attrvalue = unescape(attrvalue);
      attrs.push([attrname.toLowerCase(), attrvalue]);
      k = m.index + m[0].length;
    }
    const endText = pyStrip(rawdata.slice(k, endpos));
    if (endText !== '>' && endText !== '/>') {
      this.handleData(rawdata.slice(i, endpos));
      return endpos;
    }
    if (endText.endsWith('/>')) {
      // XHTML-style empty tag: <span attr="value" />
      this.handleStartendtag(tag, attrs);
    } else {
      this.handleStarttag(tag, attrs);
      if (CDATA_CONTENT_ELEMENTS.has(tag)) this.setCdataMode(tag);
    }
    return endpos;
  }
  // Check to see if we have a complete starttag; return end or -1 if incomplete.
  private checkForWholeStartTag(i: number): number {
    const rawdata = this.rawdata;
    const m = matchAt(locatestarttagendTolerant, rawdata, i);
    if (m) {
      const j = m.index + m[0].length;
      const next = rawdata.slice(j, j + 1);
      if (next === '>') return j + 1;
      if (next === '/') {
        if (rawdata.startsWith('/>', j)) return j + 2;
        if (rawdata.startsWith('/', j))
          return -1; // buffer boundary
        return j > i ? j : i + 1;
      }
      if (next === '')
        return -1; // end of input
      if ('abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ'.includes(next)) {
        // end of input in or before attribute value, or we have the '/'
        // from a '/>' ending
        return -1;
      }
      return j > i ? j : i + 1;
    }
    throw pyError('AssertionError', 'we should not get here!');
  }

  private parseEndtag(i: number): number {
    const rawdata = this.rawdata;
    const gt = searchFrom(endendtag, rawdata, i + 1);
    if (!gt) return -1;
    const gtpos = gt.index + 1;
    const match = matchAt(endtagfind, rawdata, i);
    if (!match) {
      if (this.cdataElem !== null) {
        this.handleData(rawdata.slice(i, gtpos));
        return gtpos;
      }
      // find the name: w3.org/TR/html5/tokenization.html#tag-name-state
      const namematch = matchAt(tagfindTolerant, rawdata, i + 2);
      if (!namematch) {
        // w3.org/TR/html5/tokenization.html#end-tag-open-state
        if (rawdata.startsWith('</>', i)) return i + 3;
        return this.parseBogusComment(i);
      }
      const tagname = namematch[1].toLowerCase();
      // Python looks for the `>` after the name and ignores what is between.
      const close = rawdata.indexOf('>', namematch.index + namematch[0].length);
      this.handleEndtag(tagname);
      return close + 1;
    }
    const elem = match[1].toLowerCase(); // script or style
    if (this.cdataElem !== null && elem !== this.cdataElem) {
      this.handleData(rawdata.slice(i, gtpos));
      return gtpos;
    }
    this.handleEndtag(elem);
    this.clearCdataMode();
    return gtpos;
  }

  // ----- _markupbase.ParserBase -----
  private parseMarkedSection(i: number, report = true): number {
    const rawdata = this.rawdata;
    const [sectName, j] = this.scanName(i + 3, i);
    if (j < 0) return j;
    let match: RegExpExecArray | null;
    if (['temp', 'cdata', 'ignore', 'include', 'rcdata'].includes(sectName!)) {
      // look for standard ]]> ending
      match = searchFrom(markedsectionclose, rawdata, i + 3);
    } else if (['if', 'else', 'endif'].includes(sectName!)) {
      // look for MS Office ]> ending
      match = searchFrom(msmarkedsectionclose, rawdata, i + 3);
    } else {
      throw pyError('AssertionError', `unknown status keyword ${pyStrRepr(rawdata.slice(i + 3, j))} in marked section`);
    }
    if (!match) return -1;
    if (report) this.unknownDecl(rawdata.slice(i + 3, match.index));
    return match.index + match[0].length;
  }

  private parseComment(i: number, report = true): number {
    const rawdata = this.rawdata;
    const match = searchFrom(commentclose, rawdata, i + 4);
    if (!match) return -1;
    if (report) this.handleComment(rawdata.slice(i + 4, match.index));
    return match.index + match[0].length;
  }
  // Scan a name token: the lowercased name and the position after it, or
  // -1 at the end of the buffer.
  private scanName(i: number, declstartpos: number): [string | null, number] {
    const rawdata = this.rawdata;
    const n = rawdata.length;
    if (i === n) return [null, -1];
    const m = matchAt(declnameMatch, rawdata, i);
    if (m) {
      const s = m[0];
      if (i + s.length === n)
        return [null, -1]; // end of buffer
      return [pyStrip(s).toLowerCase(), i + s.length];
    }
    throw pyError('AssertionError', `expected name token at ${pyStrRepr(codePointSlice(rawdata, declstartpos, 20))}`);
  }
}
