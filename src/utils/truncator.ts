/**
 * Django's `Truncator` (django/utils/text.py): text cut to a number of
 * characters or words, as plain text or as HTML whose open tags are closed.
 *
 * Lengths are Python's: code points, and for plain-text characters the
 * combining marks do not count. The HTML variants run Python's HTMLParser
 * (see htmlparser.ts), so they share its treatment of broken markup.
 */
import { escapeHtml } from '../runtime/escape.js';
import { codePointLength } from '../runtime/pyops.js';
import { HTMLParser, type HTMLAttribute } from './htmlparser.js';
import { sliceCodePoints } from './pystr.js';
import { pySplit, pyWhitespace } from './text.js';
import { isCombining } from './unicodedata.js';

/** Django's `VOID_ELEMENTS` (django/utils/html.py): tags that never get an end tag. */
export const VOID_ELEMENTS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
  'track', 'wbr',
  // Deprecated tags.
  'frame', 'spacer',
]);

// What `pgettext("String to return when truncating text", ...)` gives
// untranslated (LANGUAGE_CODE en-us).
const DEFAULT_TRUNCATION = '%(truncated_text)s…';

/**
 * Django's `add_truncation_text`: the text with the truncation marker. A
 * marker holding `%(truncated_text)s` is a %-format around the text;
 * otherwise it is appended, unless the text already ends with it.
 */
export function addTruncationText(text: string, truncate: string = DEFAULT_TRUNCATION): string {
  if (truncate.includes('%(truncated_text)s')) {
    return truncate.replace(/%(\(truncated_text\)s|%)/g, (m) => (m === '%%' ? '%' : text));
  }
  if (text.endsWith(truncate)) return text;
  return `${text}${truncate}`;
}

/** Django's `calculate_truncate_chars_length`: the room left for text beside the marker. */
export function calculateTruncateCharsLength(length: number, replacement?: string): number {
  let truncateLen = length;
  for (const ch of addTruncationText('', replacement)) {
    if (!isCombining(ch.codePointAt(0)!)) {
      truncateLen -= 1;
      if (truncateLen === 0) break;
    }
  }
  return truncateLen;
}

// Thrown by a handler to stop the parse once the limit is reached.
const TRUNCATION_COMPLETED = Symbol('TruncationCompleted');

abstract class TruncateHTMLParser extends HTMLParser {
  // Open tags, the most recent last (Django's deque, most recent first).
  protected tags: string[] = [];
  readonly output: string[] = [];
  protected remaining: number;
  protected readonly replacement: string | undefined;
  // The code point length of everything in `output`, kept as it grows.
  protected outputLength = 0;

  constructor(length: number, replacement: string | undefined) {
    super({ convertCharrefs: true });
    this.remaining = length;
    this.replacement = replacement;
  }

  protected emit(text: string): void {
    this.output.push(text);
    this.outputLength += codePointLength(text);
  }

  /** The data as counted pieces (their number) and its escaped output. */
  protected abstract process(data: string): [count: number, output: string];

  override handleStartendtag(tag: string, attrs: HTMLAttribute[]): void {
    this.handleStarttag(tag, attrs);
    if (!VOID_ELEMENTS.has(tag)) this.handleEndtag(tag);
  }

  override handleStarttag(tag: string, _attrs?: HTMLAttribute[]): void {
    this.emit(this.getStarttagText()!);
    if (!VOID_ELEMENTS.has(tag)) this.tags.push(tag);
  }

  override handleEndtag(tag: string): void {
    if (VOID_ELEMENTS.has(tag)) return;
    this.emit(`</${tag}>`);
    // Only the most recently opened tag is closed; a stray end tag is kept
    // in the output but leaves the stack alone.
    if (this.tags.length && this.tags[this.tags.length - 1] === tag) this.tags.pop();
  }

  override handleData(data: string): void {
    const [count, output] = this.process(data);
    if (this.remaining < count) {
      this.remaining = 0;
      this.emit(addTruncationText(output, this.replacement));
      throw TRUNCATION_COMPLETED;
    }
    this.remaining -= count;
    this.emit(output);
  }

  override feed(data: string): void {
    try {
      super.feed(data);
    } catch (e) {
      if (e !== TRUNCATION_COMPLETED) throw e;
      for (let i = this.tags.length - 1; i >= 0; i--) this.emit(`</${this.tags[i]}>`);
      this.tags = [];
    }
    // Django resets either way: text the parser was still holding back (an
    // unfinished tag, a possible character reference at the end) is dropped.
    this.reset();
  }
}

class TruncateCharsHTMLParser extends TruncateHTMLParser {
  private readonly length: number;
  private processedChars = 0;
  // The code point length of the text being parsed (Python's len(self.rawdata)).
  private rawLength = 0;

  constructor(length: number, replacement: string | undefined) {
    super(calculateTruncateCharsLength(length, replacement), replacement);
    this.length = length;
  }

  protected process(data: string): [number, string] {
    const dataLen = codePointLength(data);
    this.processedChars += dataLen;
    // Exactly `length` characters that end the text untouched are kept as
    // they are, without the marker.
    if (this.processedChars === this.length && this.outputLength + dataLen === this.rawLength) {
      this.emit(data);
      throw TRUNCATION_COMPLETED;
    }
    return [dataLen, escapeHtml(sliceCodePoints(data, 0, this.remaining))];
  }

  override feed(data: string): void {
    this.rawLength = codePointLength(this.rawdata + data);
    super.feed(data);
  }
}

// Django's r"(?<=\S)\s+(?=\S)", with Python's Unicode whitespace.
const innerWhitespace = /* @__PURE__ */ new RegExp(`(?<=[^${pyWhitespace}])[${pyWhitespace}]+(?=[^${pyWhitespace}])`, 'u');

class TruncateWordsHTMLParser extends TruncateHTMLParser {
  protected process(data: string): [number, string] {
    const words = data.split(innerWhitespace);
    return [words.length, escapeHtml(words.slice(0, this.remaining).join(' '))];
  }
}

/**
 * Django's Truncator. Its plain-text cuts are also functions of their own
 * (truncateChars, truncateWords), so that a page whose filters cut only
 * plain text does not bundle the HTML parser.
 */
export class Truncator {
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  /**
   * The text cut to at most `num` characters, the marker included
   * (`truncate`, by default an ellipsis). Combining characters do not count.
   */
  chars(num: number, truncate?: string, html = false): string {
    const length = Math.trunc(num);
    if (!html || length <= 0) return truncateChars(this.text, num, truncate);
    const parser = new TruncateCharsHTMLParser(length, truncate);
    parser.feed(this.text.normalize('NFC'));
    parser.close();
    return parser.output.join('');
  }

  /** The text cut to at most `num` words, then the marker (`truncate`, by default an ellipsis). */
  words(num: number, truncate?: string, html = false): string {
    const length = Math.trunc(num);
    if (!html || length <= 0) return truncateWords(this.text, num, truncate);
    const parser = new TruncateWordsHTMLParser(length, truncate);
    parser.feed(this.text);
    parser.close();
    return parser.output.join('');
  }
}

/** `Truncator(text).chars(num, truncate)`: plain text. */
export function truncateChars(text: string, num: number, truncate?: string): string {
  const length = Math.trunc(num);
  if (length <= 0) return '';
  const normalized = text.normalize('NFC');
  const truncateLen = calculateTruncateCharsLength(length, truncate);
  let sLen = 0;
  let endIndex: number | undefined;
  // UTF-16 index of each code point, so the cut is a plain slice.
  for (let i = 0; i < normalized.length; ) {
    const cp = normalized.codePointAt(i)!;
    const next = i + (cp > 0xffff ? 2 : 1);
    if (!isCombining(cp)) {
      sLen += 1;
      if (endIndex === undefined && sLen > truncateLen) endIndex = i;
      if (sLen > length) return addTruncationText(normalized.slice(0, endIndex ?? 0), truncate);
    }
    i = next;
  }
  return normalized;
}

/** `Truncator(text).words(num, truncate)`: plain text, whose whitespace, newlines included, collapses to single spaces. */
export function truncateWords(text: string, num: number, truncate?: string): string {
  const length = Math.trunc(num);
  if (length <= 0) return '';
  const words = pySplit(text);
  if (words.length > length) return addTruncationText(words.slice(0, length).join(' '), truncate);
  return words.join(' ');
}
