/** Django's built-in filters, registered as the first library. */
import type { FilterFunction, FilterOptions, Library } from '../src/library.js';
import { registerDatesFilters, type DatesSettings } from './dates.js';
import { registerHtmlFilters } from './html.js';
import { registerListFilters, type ListsSettings } from './lists.js';
import { registerLogicFilters } from './logic.js';
import { registerNumbersFilters } from './numbers.js';
import { registerTextFilters } from './text.js';

/**
 * What built-in filters take from the engine's options: `maxOutputSize`
 * also bounds a value a filter builds to a size the template gives (a width
 * or a number of places), refused before it is built.
 */
export type FilterSettings = DatesSettings & ListsSettings & { maxOutputSize?: number };

export function registerBuiltinFilters(lib: Library, settings: FilterSettings = {}): void {
  registerDatesFilters(lib, settings);
  registerHtmlFilters(lib);
  registerListFilters(lib, settings);
  registerLogicFilters(lib);
  registerNumbersFilters(lib, settings);
  registerTextFilters(lib, settings);
}

/** What a filter is registered on: a Library, or reinhardt/runtime's table of the filters a module uses. */
export interface FilterTarget {
  filter(name: string, fn: FilterFunction, options?: FilterOptions): unknown;
}

/** Registers one built-in filter (each is exported, so a bundler keeps only those a precompiled module imports). */
export type FilterRegistrar = (lib: FilterTarget, settings: FilterSettings) => void;
