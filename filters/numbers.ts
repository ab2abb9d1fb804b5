/** Filters on numbers. */
import type { Library } from '../src/library.js';

export function registerNumbersFilters(lib: Library): void {
  void lib;
}
