/** Filters on dates. */
import type { Library } from '../src/library.js';

export function registerDatesFilters(lib: Library): void {
  void lib;
}
