/**
 * Templates fetched over HTTP from one base URL, for the browser (or any
 * runtime with `fetch`). Renders are synchronous and fetching is not: the
 * engine's async path (`getTemplateAsync`, `renderToStringAsync`,
 * `preload`) fetches first, and `load` then serves what was fetched.
 *
 * A name never leaves the base URL: names with `..` or `.` segments, a
 * leading `/`, a scheme (`http:`, `file:`, `javascript:`), a backslash or a
 * NUL are refused, and each segment is percent-encoded, so that `?`, `#`
 * and `%2e%2e` stay part of a file name rather than becoming a query, a
 * fragment or a way up. The same rules as Django's `safe_join` for folders.
 */
import { ownOptions } from '../engine.js';
import type { TriedTemplate } from '../errors.js';
import { NOT_FETCHED, SKIPPED, type LoadedSource, type Loader } from './types.js';

export interface FetchLoaderOptions {
  /**
   * Where the templates are: `'/templates/'`, or an absolute URL. Relative
   * to the page's address in a browser; outside one it must be absolute.
   */
  readonly baseUrl: string | URL;
  /** The fetch function (default: the global one), e.g. to add headers or for tests. */
  readonly fetch?: (url: string, init?: RequestInit) => Promise<Response>;
  /** Options for every request (credentials, headers, cache mode...). */
  readonly init?: RequestInit;
}

/** Refused names: a `.`/`..` segment, a leading slash, a scheme, a backslash, a NUL. */
const LEAVING = /(^|\/)\.\.?(\/|$)|^\/|^[a-z][a-z0-9+.-]*:|\\|\0/i;

export class FetchLoader implements Loader {
  readonly name = 'reinhardt.loaders.FetchLoader';
  readonly baseUrl: URL;
  private readonly fetchFunction: (url: string, init?: RequestInit) => Promise<Response>;
  private readonly init: RequestInit | undefined;
  /** Fetched sources by URL; null: the server has none (404, 410). */
  private readonly sources = new Map<string, LoadedSource | null>();
  /** Requests under way by URL, so that a template named twice is fetched once. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(given: FetchLoaderOptions) {
    // Own options only: a polluted Object.prototype gives no fetch function or request option.
    const options = ownOptions(given);
    const page = (globalThis as { location?: { href?: string } }).location?.href;
    let base: URL;
    try {
      base = new URL(String(options.baseUrl), page);
    } catch {
      throw new TypeError(`FetchLoader: baseUrl '${String(options.baseUrl)}' is not a URL${page ? '' : ' (outside a page it must be absolute)'}.`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`FetchLoader: baseUrl must be http or https, not ${base.protocol}`);
    base.search = '';
    base.hash = '';
    // A folder: 'templates' means 'templates/', not a sibling file.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    const fetchFunction = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof fetchFunction !== 'function') throw new TypeError('FetchLoader: no fetch function here; give one as the `fetch` option.');
    this.fetchFunction = options.fetch ?? ((url, init) => fetchFunction(url, init));
    this.init = options.init === undefined ? undefined : ownOptions(options.init);
  }

  /** The URL of a template, or undefined when its name would leave the base URL. */
  url(templateName: string): string | undefined {
    if (typeof templateName !== 'string' || !templateName || LEAVING.test(templateName)) return undefined;
    let path: string;
    try {
      path = templateName.split('/').map(encodeURIComponent).join('/');
    } catch {
      return undefined; // a lone surrogate has no URL
    }
    const url = new URL(path, this.baseUrl).href;
    return url.startsWith(this.baseUrl.href) ? url : undefined;
  }

  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined {
    const url = this.url(templateName);
    if (url === undefined) {
      tried.push({ name: templateName, loader: this.name, reason: 'Name leaves the base URL' });
      return undefined;
    }
    if (skip?.has(url)) {
      tried.push({ name: url, loader: this.name, reason: SKIPPED });
      return undefined;
    }
    const source = this.sources.get(url);
    if (source === undefined) tried.push({ name: url, loader: this.name, reason: NOT_FETCHED });
    else if (source === null) tried.push({ name: url, loader: this.name, reason: 'Source does not exist' });
    return source ?? undefined;
  }

  async loadAsync(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): Promise<LoadedSource | undefined> {
    const url = this.url(templateName);
    if (url !== undefined && !skip?.has(url) && !this.sources.has(url)) {
      let request = this.pending.get(url);
      if (request === undefined) {
        request = this.fetchSource(url).finally(() => this.pending.delete(url));
        this.pending.set(url, request);
      }
      await request;
    }
    return this.load(templateName, tried, skip);
  }

  private async fetchSource(url: string): Promise<void> {
    const response = await this.fetchFunction(url, this.init);
    if (response.status === 404 || response.status === 410) {
      this.sources.set(url, null);
      return;
    }
    if (!response.ok) throw new Error(`FetchLoader: ${url} answered ${response.status} ${response.statusText}`.trimEnd());
    this.sources.set(url, { source: await response.text(), originName: url });
  }

  /** A source forgotten (by `forget`) is stale, so a debug engine fetches it again. */
  isStale(loaded: LoadedSource): boolean {
    return this.sources.get(loaded.originName) !== loaded;
  }

  /** Forget what was fetched (these templates, or all), so that the next async render fetches again. */
  forget(templateNames?: readonly string[]): void {
    if (templateNames === undefined) {
      this.sources.clear();
      return;
    }
    for (const name of templateNames) {
      const url = this.url(name);
      if (url !== undefined) this.sources.delete(url);
    }
  }
}
