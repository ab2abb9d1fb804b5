/** Django's built-in filters, registered as the first library. */
import type { Library } from '../src/library.js';
import { registerDatesFilters } from './dates.js';
import { registerHtmlFilters } from './html.js';
import { registerListFilters } from './lists.js';
import { registerLogicFilters } from './logic.js';
import { registerNumbersFilters } from './numbers.js';
import { registerTextFilters } from './text.js';

export function registerBuiltinFilters(lib: Library): void {
  registerDatesFilters(lib);
  registerHtmlFilters(lib);
  registerListFilters(lib);
  registerLogicFilters(lib);
  registerNumbersFilters(lib);
  registerTextFilters(lib);
}
