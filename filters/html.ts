/** Filters about HTML safety: escape, force_escape, safe. */
import type { Library } from '../src/library.js';
import { conditionalEscape, escape } from '../src/runtime/escape.js';
import { SafeString, markSafe } from '../src/runtime/safestring.js';
import { pyStr } from '../src/runtime/pyrepr.js';

/** Python's `str()`, under which a SafeString stays safe (as @stringfilter sees it). */
function str(value: unknown): string | SafeString {
  return value instanceof SafeString ? value : pyStr(value);
}

/** Mark the value as a string that should be auto-escaped (a safe value stays as it is). */
export function escapeFilter(value: unknown): SafeString {
  return conditionalEscape(str(value));
}

/** Escape the value now, even if it is already safe. */
export function forceEscape(value: unknown): SafeString {
  return escape(str(value));
}

/** Mark the value as safe: it will not be escaped. */
export function safe(value: unknown): SafeString {
  return markSafe(str(value));
}

export function registerHtmlFilters(lib: Library): void {
  lib.filter('escape', escapeFilter, { isSafe: true, arg: 'none' });
  lib.filter('force_escape', forceEscape, { isSafe: true, arg: 'none' });
  lib.filter('safe', safe, { isSafe: true, arg: 'none' });
}
