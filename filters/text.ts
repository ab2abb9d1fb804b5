/**
 * Filters on text: upper, lower, addslashes, capfirst, center, cut, ljust,
 * rjust, title, wordcount, wordwrap, truncatechars, truncatechars_html,
 * truncatewords, truncatewords_html, slugify, phone2numeric, make_list,
 * linenumbers.
 */
import type { Library } from '../src/library.js';
import { escapeHtml } from '../src/runtime/escape.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { asText, codePointLength } from '../src/runtime/pyops.js';
import { pyError } from '../src/errors.js';
import { pyInt, pyPad, pyTitle } from '../src/utils/pystr.js';
import { pyIntOf } from '../src/utils/pyconvert.js';
import { pyTypeName } from '../src/runtime/pyrepr.js';
import { Truncator } from '../src/utils/truncator.js';
import {
  capfirst as capfirstText,
  phone2numeric as phone2numericText,
  pySplit,
  slugify as slugifyText,
  wrap,
} from '../src/utils/text.js';
import { stringfilter, toText } from './stringfilter.js';

export const upper = stringfilter((value: string) => value.toUpperCase());

export const lower = stringfilter((value: string) => value.toLowerCase());

/** Backslashes before backslashes and quotes. */
export const addslashes = stringfilter((value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll("'", "\\'"),
);

/** The first character uppercased. */
export const capfirst = stringfilter((value: string) => capfirstText(value));

/** A width for `str.center`, `ljust`, `rjust`: CPython reads it as a C ssize_t. */
function padWidth(arg: unknown): number {
  const width = pyIntOf(arg);
  if (width > 2n ** 63n - 1n || width < -(2n ** 63n)) throw pyError('OverflowError', 'Python int too large to convert to C ssize_t');
  return Number(width);
}

/** Python's `f"{value:^{width}}"`: the extra space goes to the right. */
export const center = stringfilter((value: string, arg: unknown) => {
  const width = padWidth(arg);
  if (width <= 0) return value;
  const pad = width - codePointLength(value);
  if (pad <= 0) return value;
  const left = Math.floor(pad / 2);
  return pyPad(value, left, pad - left);
});

/** Python's `str.ljust(width)`. */
export const ljust = stringfilter((value: string, arg: unknown) => pyPad(value, 0, padWidth(arg) - codePointLength(value)));

/** Python's `str.rjust(width)`. */
export const rjust = stringfilter((value: string, arg: unknown) => pyPad(value, padWidth(arg) - codePointLength(value), 0));

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
export const title = stringfilter((value: string) =>
  pyTitle(value)
    .replace(/[a-z]'[A-Z]/g, (m) => m.toLowerCase())
    .replace(/\p{Nd}[A-Z]/gu, (m) => m.toLowerCase()),
);

/** The number of whitespace-separated words. */
export const wordcount = stringfilter((value: string) => pySplit(value).length);

/** Wrap words at `arg` columns. */
export const wordwrap = stringfilter((value: string, arg: unknown) => wrap(value, pyInt(arg)));

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
export const truncatechars = stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).chars(length);
});

/** At most `arg` characters of HTML text, the ellipsis included; open tags are closed. */
export const truncatecharsHtml = stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).chars(length, undefined, true);
});

/** At most `arg` words, then " …"; whitespace collapses to single spaces. */
export const truncatewords = stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).words(length, ' …');
});

/** At most `arg` words of HTML text, then " …"; open tags are closed. */
export const truncatewordsHtml = stringfilter((value: string, arg: unknown) => {
  const length = lengthArg(arg);
  return length === undefined ? value : new Truncator(value).words(length, ' …', true);
});

/** Django's `slugify`: ASCII, lowercase, hyphens. */
export const slugify = stringfilter((value: string) => slugifyText(value));

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
export const makeList = stringfilter((value: string) => Array.from(value));

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

export function registerTextFilters(lib: Library): void {
  lib.filter('upper', upper, { isSafe: false, arg: 'none' });
  lib.filter('lower', lower, { isSafe: true, arg: 'none' });
  lib.filter('addslashes', addslashes, { isSafe: true, arg: 'none' });
  lib.filter('capfirst', capfirst, { isSafe: true, arg: 'none' });
  lib.filter('center', center, { isSafe: true, arg: 'required' });
  lib.filter('cut', cut, { isSafe: false, arg: 'required' });
  lib.filter('ljust', ljust, { isSafe: true, arg: 'required' });
  lib.filter('rjust', rjust, { isSafe: true, arg: 'required' });
  lib.filter('title', title, { isSafe: true, arg: 'none' });
  lib.filter('wordcount', wordcount, { isSafe: false, arg: 'none' });
  lib.filter('wordwrap', wordwrap, { isSafe: true, arg: 'required' });
  lib.filter('truncatechars', truncatechars, { isSafe: true, arg: 'required' });
  lib.filter('truncatechars_html', truncatecharsHtml, { isSafe: true, arg: 'required' });
  lib.filter('truncatewords', truncatewords, { isSafe: true, arg: 'required' });
  lib.filter('truncatewords_html', truncatewordsHtml, { isSafe: true, arg: 'required' });
  lib.filter('slugify', slugify, { isSafe: true, arg: 'none' });
  lib.filter('phone2numeric', phone2numeric, { isSafe: true, arg: 'none' });
  lib.filter('make_list', makeList, { isSafe: false, arg: 'none' });
  lib.filter('linenumbers', linenumbers, { isSafe: true, needsAutoescape: true, arg: 'none' });
}
