/** Django's django/utils/text.py helpers that the template language uses. */
import { pyError } from '../errors.js';
import { codePointLength } from '../runtime/pyops.js';

// Python's str.isspace() characters: what str.strip() and str.split() use.
// JavaScript's \s differs (it has U+FEFF, lacks U+001C..U+001F and U+0085).
export const pyWhitespace = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

// Django's smart_split_re: runs of non-space, where quoted strings (with
// backslash escapes) may contain spaces.
const smartSplitRe = /* @__PURE__ */ new RegExp(
  `((?:[^${pyWhitespace}'"]*(?:(?:"(?:[^"\\\\]|\\\\[^\\n])*"|'(?:[^'\\\\]|\\\\[^\\n])*')[^${pyWhitespace}'"]*)+)|[^${pyWhitespace}]+)`,
  'g',
);

/** Django's `smart_split`: split on whitespace, keeping quoted parts whole. */
export function smartSplit(text: string): string[] {
  const out: string[] = [];
  smartSplitRe.lastIndex = 0;
  for (let m = smartSplitRe.exec(text); m !== null; m = smartSplitRe.exec(text)) out.push(m[0]);
  return out;
}

/** Would `unescapeStringLiteral` accept this? (Quoted at both ends with the same quote.) */
export function isStringLiteral(s: string): boolean {
  return s.length > 0 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0];
}

/**
 * Django's `unescape_string_literal`: `"a \"b\""` to `a "b"`; throws when the
 * text is not a quoted string.
 */
export function unescapeStringLiteral(s: string): string {
  const quote = s[0];
  if (!isStringLiteral(s)) {
    throw new Error(`Not a string literal: ${JSON.stringify(s)}`);
  }
  const inner = s.slice(1, -1);
  // Most literals hold no backslash: nothing to replace.
  return inner.includes('\\') ? inner.replaceAll('\\' + quote, quote).replaceAll('\\\\', '\\') : inner;
}

/** Django's `get_text_list(['a', 'b', 'c'], 'or')`: "a, b or c". */
export function getTextList(list: string[], lastWord = 'or'): string {
  if (list.length === 0) return '';
  if (list.length === 1) return list[0];
  return `${list.slice(0, -1).join(', ')} ${lastWord} ${list[list.length - 1]}`;
}

/** Is this UTF-16 unit one of Python's whitespace characters? */
function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Python's `str.strip()`. */
export function pyStrip(s: string): string {
  return pyStripSlice(s, 0, s.length);
}

/** Python's `s[start:end].strip()`, copying once (the lexer's tag contents). */
export function pyStripSlice(s: string, start: number, end: number): string {
  while (start < end && isPySpace(s.charCodeAt(start))) start++;
  while (end > start && isPySpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** `pySplit(s)[0]` without splitting the rest: a tag's name. */
export function pyFirstWord(s: string): string | undefined {
  let start = 0;
  while (start < s.length && isPySpace(s.charCodeAt(start))) start++;
  if (start === s.length) return undefined;
  let end = start + 1;
  while (end < s.length && !isPySpace(s.charCodeAt(end))) end++;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/** Python's `str.split()` with no separator. */
export function pySplit(s: string): string[] {
  // A loop over the characters, not split and filter: tags split their contents on every parse.
  const parts: string[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    while (i < n && isPySpace(s.charCodeAt(i))) i++;
    if (i === n) break;
    const start = i;
    while (i < n && !isPySpace(s.charCodeAt(i))) i++;
    parts.push(start === 0 && i === n ? s : s.slice(start, i));
  }
  return parts;
}

/** Python's `str.splitlines()`: no trailing empty line. */
export function pySplitlines(s: string): string[] {
  if (s === '') return [];
  // Python breaks lines at \r\n, \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029.
  const lines = s.split(/\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Python's `str.expandtabs(tabsize)`: columns count code points and restart after \n and \r. */
export function pyExpandtabs(s: string, tabsize = 8): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let column = 0;
  for (const ch of s) {
    if (ch === '\t') {
      if (tabsize > 0) {
        const spaces = tabsize - (column % tabsize);
        out += ' '.repeat(spaces);
        column += spaces;
      }
    } else {
      out += ch;
      column = ch === '\n' || ch === '\r' ? 0 : column + 1;
    }
  }
  return out;
}

/** Django's `capfirst`: the first character uppercased (Python's full mapping: ß gives SS). */
export function capfirst(x: string): string {
  if (!x) return x;
  const first = String.fromCodePoint(x.codePointAt(0)!);
  return first.toUpperCase() + x.slice(first.length);
}

// textwrap splits a line into runs of ASCII whitespace and runs of anything
// else (break_on_hyphens=False); other Unicode spaces do not break lines.
/** textwrap's whitespace (`string.whitespace`): \t \n \v \f \r and space. */
function isWrapSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * textwrap's chunks (`wordsep_simple_re.split`, empty ones dropped): runs of
 * whitespace and of the rest, in order. A scan, not a split on a capturing
 * regex, which is several times slower on long texts.
 */
function wrapChunks(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  for (let i = 1; i <= text.length; i++) {
    if (i === text.length || isWrapSpace(text.charCodeAt(i)) !== isWrapSpace(text.charCodeAt(start))) {
      chunks.push(text.slice(start, i));
      start = i;
    }
  }
  return chunks;
}

/**
 * Python's `textwrap.TextWrapper(width, break_long_words=False,
 * break_on_hyphens=False, replace_whitespace=False).wrap(line)`, as
 * Django's `wrap` configures it.
 */
function textwrap(line: string, width: number): string[] {
  const chunks = wrapChunks(pyExpandtabs(line, 8));
  if (width <= 0) throw pyError('ValueError', `invalid width ${width} (must be > 0)`);
  const lines: string[] = [];
  chunks.reverse();
  while (chunks.length) {
    const curLine: string[] = [];
    let curLen = 0;
    // A line does not start with whitespace, except the first one.
    if (pyStrip(chunks[chunks.length - 1]) === '' && lines.length) chunks.pop();
    while (chunks.length) {
      const l = codePointLength(chunks[chunks.length - 1]);
      if (curLen + l > width) break;
      curLine.push(chunks.pop()!);
      curLen += l;
    }
    // A word longer than any line is kept whole, alone on its line.
    if (chunks.length && codePointLength(chunks[chunks.length - 1]) > width && curLine.length === 0) {
      curLine.push(chunks.pop()!);
    }
    if (curLine.length && pyStrip(curLine[curLine.length - 1]) === '') curLine.pop();
    if (curLine.length) lines.push(curLine.join(''));
  }
  return lines;
}

/**
 * Django's `wrap`: word-wrap each line at `width`, keeping existing line
 * breaks; long words are not broken, so a line may be longer than `width`.
 */
export function wrap(text: string, width: number): string {
  const result: string[] = [];
  for (const line of pySplitlines(text)) {
    const wrapped = textwrap(line, width);
    // A line of whitespace that textwrap drops is restored.
    if (wrapped.length === 0) result.push(line);
    // Not push(...wrapped): a long text's lines would overflow the call's arguments.
    else for (const w of wrapped) result.push(w);
  }
  if (text.endsWith('\n')) result.push('');
  return result.join('\n');
}

const char2number: Record<string, string> = {
  a: '2', b: '2', c: '2', d: '3', e: '3', f: '3', g: '4', h: '4', i: '4', j: '5', k: '5', l: '5', m: '6',
  n: '6', o: '6', p: '7', q: '7', r: '7', s: '7', t: '8', u: '8', v: '8', w: '9', x: '9', y: '9', z: '9',
};

/** Django's `phone2numeric`: letters to their digits on a phone keypad (after Python's lower()). */
export function phone2numeric(phone: string): string {
  return phone.toLowerCase().replace(/[a-z]/g, (c) => char2number[c]);
}

/**
 * Django's `slugify` (without allow_unicode): NFKD, drop what is not ASCII,
 * lowercase, keep word characters, whitespace and hyphens, turn runs of
 * hyphens and whitespace into one hyphen, strip hyphens and underscores.
 */
export function slugify(value: string): string {
  // After the ASCII fold, Python's \w is [A-Za-z0-9_] and its \s also has \x1c-\x1f.
  const ascii = value.normalize('NFKD').replace(/[^\x00-\x7f]/g, '').toLowerCase();
  return ascii
    .replace(/[^a-z0-9_\t\n\v\f\r\x1c-\x20-]/g, '')
    .replace(/[\t\n\v\f\r\x1c-\x20-]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}
