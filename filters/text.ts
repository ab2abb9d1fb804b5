/**
 * Filters on text: upper, lower, addslashes, capfirst, center, cut, ljust,
 * rjust, title, wordcount, wordwrap, truncatechars, truncatechars_html,
 * truncatewords, truncatewords_html, slugify, phone2numeric, make_list,
 * linenumbers.
 */
import type { FilterRegistrar, FilterSettings } from './index.js';
import type { Library } from '../src/library.js';
import { escapeHtml } from '../src/runtime/escape.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { asText, codePointLength } from '../src/runtime/pyops.js';
import { pyError, valueLimit } from '../src/errors.js';
import { pyInt, pyPad, pyTitle } from '../src/utils/pystr.js';
import { pyIntOf } from '../src/utils/pyconvert.js';
import { pyTypeName } from '../src/runtime/pyrepr.js';
import { Truncator, truncateChars, truncateWords } from '../src/utils/truncator.js';
import {
  capfirst as capfirstText,
  phone2numeric as phone2numericText,
  pySplit,
  slugify as slugifyText,
  wrap,
} from '../src/utils/text.js';
import { stringfilter, toText } from './stringfilter.js';
import { lazyRegExp } from '../src/utils/lazy-regexp.js';

const digitThenUpper = /* @__PURE__ */ lazyRegExp('\\p{Nd}[A-Z]', 'gu');

export const upper = /* @__PURE__ */ stringfilter((value: string) => value.toUpperCase());

export const lower = /* @__PURE__ */ stringfilter((value: string) => value.toLowerCase());

/** Backslashes before backslashes and quotes. */
export const addslashes = /* @__PURE__ */ stringfilter((value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll("'", "\\'"),
);

/** The first character uppercased. */
export const capfirst = /* @__PURE__ */ stringfilter((value: string) => capfirstText(value));

/** A width for `str.center`, `ljust`, `rjust`: CPython reads it as a C ssize_t. */
function padWidth(arg: unknown): number {
  const width = pyIntOf(arg);
  if (width > 2n ** 63n - 1n || width < -(2n ** 63n)) throw pyError('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(width);
}

/** Python's `f"{value:^{width}}"`: the extra space goes to the right. */
export const center = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => {
  const width = padWidth(arg);
  if (width <= 0) return value;
  const pad = width - codePointLength(value);
  if (pad <= 0) return value;
  const left = Math.floor(pad / 2);
  return pyPad(value, left, pad - left);
});

/** Python's `str.ljust(width)`. */
export const ljust = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => pyPad(value, 0, padWidth(arg) - codePointLength(value)));

/** Python's `str.rjust(width)`. */
export const rjust = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => pyPad(value, padWidth(arg) - codePointLength(value), 0));

/**
 * Under maxOutputSize, a pad filter refuses a width past it before building
 * the padding: the value would have at least that many characters.
 */
function boundedWidth(pad: (value: unknown, arg: unknown) => string, max: number | undefined): (value: unknown, arg: unknown) => string {
  if (max === undefined || !Number.isFinite(max)) return pad;
  return (value, arg) => {
    if (padWidth(arg) > max) throw valueLimit(max);
    return pad(value, arg);
  };
}

/**
 * Remove every occurrence of `arg`. A safe value stays safe, except when
 * the cut is ";", which could break its character references.
 */
export function cut(value: unknown, arg: unknown): string | SafeString {
  const text = toText(value);
  const needle = asText(arg);
  if (needle === undefined) {
    const type = arg === null || arg === undefined ? 'None' : pyTypeName(arg);
    throw pyError('TypeError', `replace() argument 1 must be str, not ${type}`);
  }
  const result = text.replaceAll(needle, '');
  return value instanceof SafeString && needle !== ';' ? markSafe(result) : result;
}

/**
 * Python's `str.title()`, then Django's fix-ups: a letter after an
 * apostrophe stays lowercase ("Joe's"), and so does one after a digit ("53rd").
 */
export const title = /* @__PURE__ */ stringfilter((value: string) =>
  pyTitle(value)
    .replace(/[a-z]'[A-Z]/g, (m) => m.toLowerCase())
    .replace(digitThenUpper(), (m) => m.toLowerCase()),
);

/** The number of whitespace-separated words. */
export const wordcount = /* @__PURE__ */ stringfilter((value: string) => pySplit(value).length);

/** Wrap words at `arg` columns. */
export const wordwrap = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => wrap(value, pyInt(arg)));

/** Python's `int(arg)`, or undefined where Django's `except ValueError` gives the value back. */
function lengthArg(arg: unknown): number | undefined {
  try {
    return pyInt(arg);
  } catch (e) {
    if ((e as Error).name === 'ValueError') return undefined;
    throw e;
  }
}

/** At most `arg` characters, the ellipsis included. */
export const truncatechars = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : truncateChars(value, length);
});

/** At most `arg` characters of HTML text, the ellipsis included; open tags are closed. */
export const truncatecharsHtml = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).chars(length, undefined, true);
});

/** At most `arg` words, then " …"; whitespace collapses to single spaces. */
export const truncatewords = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : truncateWords(value, length, ' …');
});

/** At most `arg` words of HTML text, then " …"; open tags are closed. */
export const truncatewordsHtml = /* @__PURE__ */ stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).words(length, ' …', true);
});

/** Django's `slugify`: ASCII, lowercase, hyphens. */
export const slugify = /* @__PURE__ */ stringfilter((value: string) => slugifyText(value));

/**
 * Letters to phone keypad digits. Not a @stringfilter in Django: a value
 * that is not text fails on `.lower()`.
 */
export function phone2numeric(value: unknown): string {
  const text = asText(value);
  if (text === undefined) throw pyError('AttributeError', `'${pyTypeName(value)}' object has no attribute 'lower'`);
  return phone2numericText(text);
}

/** Python's `list(str(value))`: the characters (code points) of the value. */
export const makeList = /* @__PURE__ */ stringfilter((value: string) => Array.from(value));

/**
 * Each line numbered, zero-padded to the width of the last number. Lines
 * are escaped when autoescaping, unless the value is already safe.
 */
export function linenumbers(value: unknown, _arg: unknown, autoescape = true): SafeString {
  const lines = toText(value).split('\n');
  const width = String(lines.length).length;
  const escapeLines = autoescape && !(value instanceof SafeString);
  return new SafeString(
    lines
      .map((line, i) => `${String(i + 1).padStart(width, '0')}. ${escapeLines ? escapeHtml(line) : line}`)
      .join('\n'),
  );
}

// One registrar a filter: a precompiled module imports only those its templates use.
export const filterUpper: FilterRegistrar = (lib) => lib.filter('upper', upper, { isSafe: false, arg: 'none' });
export const filterLower: FilterRegistrar = (lib) => lib.filter('lower', lower, { isSafe: true, arg: 'none' });
export const filterAddslashes: FilterRegistrar = (lib) => lib.filter('addslashes', addslashes, { isSafe: true, arg: 'none' });
export const filterCapfirst: FilterRegistrar = (lib) => lib.filter('capfirst', capfirst, { isSafe: true, arg: 'none' });
export const filterCenter: FilterRegistrar = (lib, { maxOutputSize }) => lib.filter('center', boundedWidth(center, maxOutputSize), { isSafe: true, arg: 'required' });
export const filterCut: FilterRegistrar = (lib) => lib.filter('cut', cut, { isSafe: false, arg: 'required' });
export const filterLjust: FilterRegistrar = (lib, { maxOutputSize }) => lib.filter('ljust', boundedWidth(ljust, maxOutputSize), { isSafe: true, arg: 'required' });
export const filterRjust: FilterRegistrar = (lib, { maxOutputSize }) => lib.filter('rjust', boundedWidth(rjust, maxOutputSize), { isSafe: true, arg: 'required' });
export const filterTitle: FilterRegistrar = (lib) => lib.filter('title', title, { isSafe: true, arg: 'none' });
export const filterWordcount: FilterRegistrar = (lib) => lib.filter('wordcount', wordcount, { isSafe: false, arg: 'none' });
export const filterWordwrap: FilterRegistrar = (lib) => lib.filter('wordwrap', wordwrap, { isSafe: true, arg: 'required' });
export const filterTruncatechars: FilterRegistrar = (lib) => lib.filter('truncatechars', truncatechars, { isSafe: true, arg: 'required' });
export const filterTruncatecharsHtml: FilterRegistrar = (lib) => lib.filter('truncatechars_html', truncatecharsHtml, { isSafe: true, arg: 'required' });
export const filterTruncatewords: FilterRegistrar = (lib) => lib.filter('truncatewords', truncatewords, { isSafe: true, arg: 'required' });
export const filterTruncatewordsHtml: FilterRegistrar = (lib) => lib.filter('truncatewords_html', truncatewordsHtml, { isSafe: true, arg: 'required' });
export const filterSlugify: FilterRegistrar = (lib) => lib.filter('slugify', slugify, { isSafe: true, arg: 'none' });
export const filterPhone2numeric: FilterRegistrar = (lib) => lib.filter('phone2numeric', phone2numeric, { isSafe: true, arg: 'none' });
export const filterMakeList: FilterRegistrar = (lib) => lib.filter('make_list', makeList, { isSafe: false, arg: 'none' });
export const filterLinenumbers: FilterRegistrar = (lib) => lib.filter('linenumbers', linenumbers, { isSafe: true, needsAutoescape: true, arg: 'none' });

export function registerTextFilters(lib: Library, settings: FilterSettings = {}): void {
  for (const register of [filterUpper, filterLower, filterAddslashes, filterCapfirst, filterCenter, filterCut, filterLjust, filterRjust, filterTitle, filterWordcount, filterWordwrap, filterTruncatechars, filterTruncatecharsHtml, filterTruncatewords, filterTruncatewordsHtml, filterSlugify, filterPhone2numeric, filterMakeList, filterLinenumbers]) register(lib, settings);
}
