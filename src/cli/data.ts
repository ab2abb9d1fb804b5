/**
 * The context pages render with: a JSON file, or a JS module whose default
 * export is an object or a (possibly async) function returning one. The
 * object's `pages` entry, if any, holds each page's own values by template
 * name, merged over the rest (which every page shares).
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LANGUAGE_CODE_RE } from '../i18n/language.js';
import { isValidTimeZone } from '../utils/timezone.js';

/** The folders or the data cannot be used: the command cannot run (exit status 2). */
export class SetupError extends Error {
  override name = 'SetupError';
}

export type Values = Record<string, unknown>;

export interface SiteData {
  /** Every entry but `pages`: what all pages see. */
  readonly shared: Values;
  /** Each page's own values, by template name. */
  readonly pages: Readonly<Record<string, Values>>;
  /** The whole object, as loaded. */
  readonly raw: Values;
  /**
   * Plain data (JSON's kinds of values, Dates, Maps, Sets, RegExps): a worker
   * thread gets an exact copy. Anything else (functions, class instances, a
   * SafeString) would lose its methods in the copy, so each thread loads the
   * file itself instead.
   */
  readonly cloneable: boolean;
}

export const DATA_EXTENSIONS = ['.json', '.js', '.mjs', '.cjs'];

/** What a data module's default export, when a function, is called with. */
export interface DataFunctionArgument {
  /** The names of the page templates about to be rendered. */
  pages: string[];
}

/**
 * Load the data file (none: empty data). `pageNames` is passed to a default
 * export that is a function. A module is imported again when its file has
 * changed (watch mode), though the modules it imports are not.
 */
export async function loadData(file: string | undefined, pageNames: readonly string[]): Promise<SiteData> {
  if (file === undefined) return siteData({});
  const path = resolve(file);
  const ext = extname(path);
  if (!DATA_EXTENSIONS.includes(ext)) {
    throw new SetupError(`${file}: the data file must be .json, .js, .mjs or .cjs`);
  }
  let mtime: number;
  try {
    mtime = statSync(path).mtimeMs;
  } catch {
    throw new SetupError(`${file}: no such file`);
  }
  let value: unknown;
  if (ext === '.json') {
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new SetupError(`${file}: ${(e as Error).message}`);
    }
  } else {
    let mod: { default?: unknown };
    try {
      mod = await import(`${pathToFileURL(path).href}?mtime=${mtime}`);
    } catch (e) {
      throw new SetupError(`${file}: ${(e as Error).stack ?? e}`);
    }
    if (!('default' in mod)) throw new SetupError(`${file}: the module has no default export`);
    value = mod.default;
    if (typeof value === 'function') {
      try {
        value = await (value as (arg: DataFunctionArgument) => unknown)({ pages: [...pageNames] });
      } catch (e) {
        throw new SetupError(`${file}: the default export threw ${(e as Error).stack ?? e}`);
      }
    }
  }
  try {
    return siteData(value);
  } catch (e) {
    throw new SetupError(`${file}: ${(e as Error).message}`);
  }
}

/** Check the loaded value's shape and split off the per-page values. */
export function siteData(value: unknown): SiteData {
  if (!isObject(value)) throw new SetupError(`the data must be an object, not ${describe(value)}`);
  const { pages = {}, ...shared } = value as Values;
  if (!isObject(pages)) throw new SetupError(`"pages" must be an object of page values by template name, not ${describe(pages)}`);
  for (const [name, values] of Object.entries(pages)) {
    if (!isObject(values)) throw new SetupError(`pages[${JSON.stringify(name)}] must be an object, not ${describe(values)}`);
  }
  return { shared, pages: pages as Record<string, Values>, raw: value as Values, cloneable: isCloneable(value) };
}

/** A page's context: the shared values with the page's own over them. */
export function pageContext(data: SiteData, name: string): Values {
  const own = Object.hasOwn(data.pages, name) ? data.pages[name] : undefined;
  return own === undefined ? data.shared : { ...data.shared, ...own };
}

/** A page's `language` or `timeZone` that is not one: the page is not rendered. */
export class PageDataError extends Error {
  override name = 'PageDataError';
}

/** What a page's context sets of its render: its language and time zone. */
export interface PageRenderOptions {
  language?: string;
  timeZone?: string;
}

/**
 * The render options a page's context names (`language`, `timeZone`; its
 * own or shared, kept in the context too): the per-render language and time
 * zone of `render(context, { language, timeZone })`.
 */
export function pageRenderOptions(context: Values): PageRenderOptions {
  const options: PageRenderOptions = {};
  const { language, timeZone } = context;
  if (language !== undefined) {
    if (typeof language !== 'string' || !LANGUAGE_CODE_RE.test(language)) {
      throw new PageDataError(`"language" must be a language code such as "de" or "pt-br", not ${shown(language)}`);
    }
    options.language = language;
  }
  if (timeZone !== undefined) {
    if (typeof timeZone !== 'string' || !isValidTimeZone(timeZone)) {
      throw new PageDataError(`"timeZone" must be an IANA time zone such as "Europe/Paris", not ${shown(timeZone)}`);
    }
    options.timeZone = timeZone;
  }
  return options;
}

/** Names in `pages` that are no page template: likely typos, worth a warning. */
export function unknownPageNames(data: SiteData, pageNames: readonly string[]): string[] {
  const known = new Set(pageNames);
  return Object.keys(data.pages).filter((name) => !known.has(name));
}

/**
 * The pages whose context differs between two loads of the data: all of them
 * when the shared values changed, else those whose own values did.
 */
export function changedPages(before: SiteData, after: SiteData, pageNames: readonly string[]): string[] {
  const shared = fingerprint(before.shared);
  if (shared === null || shared !== fingerprint(after.shared)) return [...pageNames];
  return pageNames.filter((name) => {
    const a = fingerprint(before.pages[name]);
    return a === null || a !== fingerprint(after.pages[name]);
  });
}

/**
 * A text that is equal for equal data (functions by their source, class
 * instances by their class and fields), or null when the data cannot be told
 * apart this way (it refers to itself): treat it as changed.
 */
export function fingerprint(value: unknown): string | null {
  const seen = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === undefined) return 'u';
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function') return `f${String(v)}`;
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'symbol') return String(v);
      return JSON.stringify(v);
    }
    if (seen.has(v)) throw new Cycle();
    seen.add(v);
    let out: string;
    if (v instanceof Date) out = `D${v.getTime()}`;
    else if (Array.isArray(v)) out = `[${v.map(walk).join(',')}]`;
    else if (v instanceof Map) out = `M[${[...v].map(([k, x]) => `${walk(k)}:${walk(x)}`).join(',')}]`;
    else if (v instanceof Set) out = `S[${[...v].map(walk).join(',')}]`;
    else {
      const proto = Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null;
      const kind = proto === null || proto === Object.prototype ? '' : (proto.constructor?.name ?? '?');
      out = `${kind}{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${walk((v as Values)[k])}`).join(',')}}`;
      if (kind) out += String(v);
    }
    seen.delete(v);
    return out;
  };
  try {
    return walk(value);
  } catch (e) {
    if (e instanceof Cycle) return null;
    throw e;
  }
}

class Cycle extends Error {}

/** Is every value in here one that structured cloning copies exactly? */
export function isCloneable(value: unknown): boolean {
  const seen = new Set<object>();
  const walk = (v: unknown): boolean => {
    if (v === null) return true;
    const t = typeof v;
    if (t === 'function' || t === 'symbol') return false;
    if (t !== 'object') return true;
    const o = v as object;
    if (seen.has(o)) return true;
    seen.add(o);
    if (o instanceof Date || o instanceof RegExp) return true;
    if (Array.isArray(o)) return o.every(walk);
    if (o instanceof Map) return [...o].every(([k, x]) => walk(k) && walk(x));
    if (o instanceof Set) return [...o].every(walk);
    const proto = Object.getPrototypeOf(o);
    if (proto !== null && proto !== Object.prototype) return false;
    // Accessors would be read once and copied as values.
    return Object.values(Object.getOwnPropertyDescriptors(o)).every((d) => d.get === undefined && d.set === undefined && walk(d.value));
  };
  return walk(value);
}

function isObject(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A value in a message: a string as itself, anything else by its kind. */
function shown(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : describe(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}
