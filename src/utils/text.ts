/** Django's django/utils/text.py helpers that the template language uses. */

// Python's str.isspace() characters: what str.strip() and str.split() use.
// JavaScript's \s differs (it has U+FEFF, lacks U+001C..U+001F and U+0085).
export const pyWhitespace = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

// Django's smart_split_re: runs of non-space, where quoted strings (with
// backslash escapes) may contain spaces.
const smartSplitRe = new RegExp(
  `((?:[^${pyWhitespace}'"]*(?:(?:"(?:[^"\\\\]|\\\\[^\\n])*"|'(?:[^'\\\\]|\\\\[^\\n])*')[^${pyWhitespace}'"]*)+)|[^${pyWhitespace}]+)`,
  'g',
);

/** Django's `smart_split`: split on whitespace, keeping quoted parts whole. */
export function smartSplit(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(smartSplitRe)) out.push(m[0]);
  return out;
}

/**
 * Django's `unescape_string_literal`: `"a \"b\""` to `a "b"`; throws when the
 * text is not a quoted string.
 */
export function unescapeStringLiteral(s: string): string {
  const quote = s[0];
  if (!s || (quote !== '"' && quote !== "'") || s[s.length - 1] !== quote) {
    throw new Error(`Not a string literal: ${JSON.stringify(s)}`);
  }
  return s.slice(1, -1).replaceAll('\\' + quote, quote).replaceAll('\\\\', '\\');
}

/** Django's `get_text_list(['a', 'b', 'c'], 'or')`: "a, b or c". */
export function getTextList(list: string[], lastWord = 'or'): string {
  if (list.length === 0) return '';
  if (list.length === 1) return list[0];
  return `${list.slice(0, -1).join(', ')} ${lastWord} ${list[list.length - 1]}`;
}

const stripRe = new RegExp(`^[${pyWhitespace}]+|[${pyWhitespace}]+$`, 'g');
const splitRe = new RegExp(`[${pyWhitespace}]+`);

/** Python's `str.strip()`. */
export function pyStrip(s: string): string {
  return s.replace(stripRe, '');
}

/** Python's `str.split()` with no separator. */
export function pySplit(s: string): string[] {
  return s.split(splitRe).filter(Boolean);
}
