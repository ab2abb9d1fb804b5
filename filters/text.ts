/** Filters on text: upper, lower. */
import type { Library } from '../src/library.js';
import { stringfilter } from './stringfilter.js';

export const upper = stringfilter((value: string) => value.toUpperCase());

export const lower = stringfilter((value: string) => value.toLowerCase());

export function registerTextFilters(lib: Library): void {
  lib.filter('upper', upper, { isSafe: false, arg: 'none' });
  lib.filter('lower', lower, { isSafe: true, arg: 'none' });
}

