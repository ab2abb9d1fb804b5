/** Filters that choose a value: default, default_if_none, yesno, pluralize. */
import type { FilterRegistrar } from './index.js';
import type { Library } from '../src/library.js';
import { asText, pyContains, pyLen, truthy } from '../src/runtime/pyops.js';
import { pyError } from '../src/errors.js';
import { pyClassName, pyFloatOf } from '../src/utils/pyconvert.js';
import { translationOf } from '../src/i18n/l10n.js';
import type { RenderLocale } from '../src/runtime/context.js';

/** The value, or the argument when the value is false (Python's `value or arg`). */
export function defaultFilter(value: unknown, arg: unknown): unknown {
  return truthy(value) ? value : arg;
}

/** The value, or the argument when the value is None. */
export function defaultIfNone(value: unknown, arg: unknown): unknown {
  return value === null || value === undefined ? arg : value;
}

/**
 * One of "yes,no,maybe" (or the argument's words) for a true, false or None
 * value; without a word for None, None gives the "no" word. An argument of
 * fewer than two words gives back the value.
 */
export function yesno(value: unknown, arg?: unknown, _autoescape?: unknown, locale?: RenderLocale): unknown {
  // Translators of Django's catalogs give the default words per language.
  if (arg === undefined || arg === null) arg = translationOf(locale)?.gettext('yes,no,maybe') ?? 'yes,no,maybe';
  const text = asText(arg);
  if (text === undefined) throw pyError('AttributeError', `'${pyClassName(arg)}' object has no attribute 'split'`);
  const bits = text.split(',');
  if (bits.length < 2) return value;
  // More than three words fail Python's unpacking, and Django then uses the
  // second word for None, as with two.
  const [yes, no, maybe] = bits.length === 3 ? bits : [bits[0], bits[1], bits[1]];
  if (value === null || value === undefined) return maybe;
  return truthy(value) ? yes : no;
}

/**
 * A plural suffix unless the value is 1 (as a number, numeric text or a
 * length): "s", or the argument, or the argument's "singular,plural".
 */
export function pluralize(value: unknown, arg: unknown = 's'): string {
  let text = asText(arg);
  if (text === undefined) {
    // Python's `"," not in arg`, then `"," + arg`, on a non-string.
    const has = pyContains(arg, ',');
    if (has === undefined) throw pyError('TypeError', `argument of type '${pyClassName(arg)}' is not iterable`);
    if (has) throw pyError('AttributeError', `'${pyClassName(arg)}' object has no attribute 'split'`);
    throw pyError('TypeError', `can only concatenate str (not "${pyClassName(arg)}") to str`);
  }
  if (!text.includes(',')) text = ',' + text;
  const bits = text.split(',');
  if (bits.length > 2) return '';
  const [singular, plural] = bits;
  let n: number;
  try {
    n = pyFloatOf(value);
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    if (name === 'ValueError') return '';
    if (name !== 'TypeError') throw e;
    const len = pyLen(value);
    return len === undefined ? '' : len === 1 ? singular : plural;
  }
  return n === 1 ? singular : plural;
}

// One registrar a filter: a precompiled module imports only those its templates use.
export const filterDefault: FilterRegistrar = (lib) => lib.filter('default', defaultFilter, { arg: 'required' });
export const filterDefaultIfNone: FilterRegistrar = (lib) => lib.filter('default_if_none', defaultIfNone, { arg: 'required' });
export const filterYesno: FilterRegistrar = (lib) => lib.filter('yesno', yesno, { isSafe: false, arg: 'optional', needsLocale: true });
export const filterPluralize: FilterRegistrar = (lib) => lib.filter('pluralize', pluralize, { isSafe: false, arg: 'optional' });

export function registerLogicFilters(lib: Library): void {
  for (const register of [filterDefault, filterDefaultIfNone, filterYesno, filterPluralize]) register(lib, {});
}
