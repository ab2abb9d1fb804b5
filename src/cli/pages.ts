/**
 * Which templates are pages: every file of the templates folder whose name
 * matches a page pattern and no exclusion. Names are what `{% extends %}`
 * and `{% include %}` use: paths relative to the folder, with `/`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { globToRegExp, matchesAny } from './glob.js';

export const DEFAULT_PATTERNS: readonly string[] = ['**/*.html'];

/**
 * Not pages by default: names or folders starting with `_` (`_base.html`,
 * `_drafts/`) or `.` (editor files), and whatever lives under a folder named
 * `includes`, `partials` or `layouts`, at any depth.
 */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/_*',
  '**/_*/**',
  '**/.*',
  '**/.*/**',
  '**/includes/**',
  '**/partials/**',
  '**/layouts/**',
];

export interface PageRules {
  /** Globs a page's name matches (default `**\/*.html`). */
  patterns?: readonly string[];
  /** Globs of names that are not pages, besides the defaults. */
  excludes?: readonly string[];
  /** Apply DEFAULT_EXCLUDES (default true). */
  defaultExcludes?: boolean;
}

/** Decides from a template's name whether it is a page. */
export class PageFilter {
  private readonly patterns: RegExp[];
  private readonly excludes: RegExp[];

  constructor(rules: PageRules = {}) {
    const patterns = rules.patterns?.length ? rules.patterns : DEFAULT_PATTERNS;
    const excludes = [...(rules.defaultExcludes === false ? [] : DEFAULT_EXCLUDES), ...(rules.excludes ?? [])];
    this.patterns = patterns.map(globToRegExp);
    this.excludes = excludes.map(globToRegExp);
  }

  isPage(name: string): boolean {
    return matchesAny(name, this.patterns) && !matchesAny(name, this.excludes);
  }
}

/**
 * Every file under `dir`, as template names, sorted. A folder inside `dir`
 * that is `skipDir` (the output folder, when it lives among the templates)
 * is not entered, so rendered pages are never taken for templates.
 */
export function listTemplates(dir: string, skipDir?: string): string[] {
  const root = resolve(dir);
  const skip = skipDir === undefined ? undefined : resolve(skipDir);
  const names: string[] = [];
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // removed while we looked (watch mode), or unreadable
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(path);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link (an editor's lock file, say)
        }
      }
      if (isDir) {
        if (path !== skip) walk(path);
      } else if (isFile) {
        names.push(templateName(root, path));
      }
    }
  };
  walk(root);
  return names.sort();
}

/** The page templates of `dir`, sorted by name. */
export function findPages(dir: string, filter: PageFilter, skipDir?: string): string[] {
  return listTemplates(dir, skipDir).filter((name) => filter.isPage(name));
}

/** A file's template name: its path relative to the templates folder, with `/`. */
export function templateName(root: string, path: string): string {
  const rel = relative(root, path);
  return sep === '/' ? rel : rel.split(sep).join('/');
}
