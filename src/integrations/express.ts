/**
 * An Express view engine:
 *
 *     app.engine('html', reinhardt.express({ debug: true }));
 *     app.set('view engine', 'html');
 *     app.set('views', 'templates');
 *     res.render('page', { title: 'Hi' });
 *
 * Express finds the file in its `views` folders and calls the engine with its
 * absolute path and the merged locals (`app.locals`, `res.locals`, the render's
 * own). The path is turned back into a template name relative to its folder, so
 * the engine's cache serves it and `{% extends "base.html" %}` finds siblings.
 * The same function serves `@ladjs/consolidate`-style callers,
 * `(path, options, callback)`, and returns a promise without a callback.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { Engine } from '../index.js';
import type { EngineOptions } from '../engine.js';
import { FileSystemLoader } from '../loaders/filesystem.js';
import type { LoadedSource, Loader } from '../loaders/types.js';
import type { TriedTemplate } from '../errors.js';
import { nodeReadable, renderOptionsFor, withExtension, type LocaleOf } from './common.js';

export interface ExpressOptions extends EngineOptions {
  /** The render's language and time zone for a request (given the `req` or `request` local, or the response's `req`). */
  locale?: LocaleOf;
}

export type ExpressRenderCallback = (err: unknown, html?: string) => void;

export interface ExpressViewEngine {
  /** Express's view-engine call: renders the file at `filePath` with `options` as the context. */
  (filePath: string, options: object | undefined, callback: ExpressRenderCallback): void;
  /** Without a callback: a promise of the HTML. */
  (filePath: string, options?: object): Promise<string>;
  /** The engine behind it (made once): for `renderToString` outside a request, or `clearCache()`. */
  readonly engine: Engine;
  /**
   * Stream a page into an Express response: `name` is a template name in the
   * views folders (with `extension` added when it has none); the locals merge
   * over `app.locals` and `res.locals` as `res.render` merges them. Context
   * values may be Promises, async functions or async iterables.
   */
  stream(res: ExpressResponseLike, name: string, locals?: object): Promise<void>;
}

/** What `stream` needs of an Express response. */
export interface ExpressResponseLike {
  locals: Record<string, unknown>;
  app: { locals: Record<string, unknown>; get(setting: string): unknown };
  req?: unknown;
  headersSent: boolean;
  setHeader(name: string, value: string): unknown;
  getHeader(name: string): unknown;
}

/** Keys Express adds to a render's options that are not the application's data. */
const EXPRESS_KEYS = new Set(['settings', '_locals', 'cache']);

/**
 * The folders templates are found in: Express's `views` (learnt from each
 * render's `settings.views`, searched first and in Express's order, so a name
 * finds the very file Express chose), then `dirs`, then the folders of files
 * given by path from outside all of these.
 */
class ViewFolders implements Loader {
  readonly name = 'reinhardt.loaders.FileSystemLoader';
  /** Express's `views` setting as last seen (the same value is not parsed again). */
  private viewsSetting: unknown = undefined;
  private views: string[] = [];
  private readonly dirs: string[];
  private readonly extra: string[] = [];
  private folders: string[] = [];
  private loader!: FileSystemLoader;

  constructor(dirs: readonly string[]) {
    this.dirs = dirs.map((d) => resolve(d));
    this.update();
  }

  private update(): void {
    this.folders = [...new Set([...this.views, ...this.dirs, ...this.extra])];
    this.loader = new FileSystemLoader(this.folders);
  }

  /** Take Express's `views` setting; true when the folders changed. */
  setViews(views: unknown): boolean {
    if (views === this.viewsSetting) return false;
    this.viewsSetting = views;
    const list = (Array.isArray(views) ? views : [views]).filter((v): v is string => typeof v === 'string').map((v) => resolve(v));
    if (list.join('\0') === this.views.join('\0')) return false;
    this.views = list;
    this.update();
    return true;
  }

  /** The template name of a file: its path relative to the first folder holding it. */
  nameOf(filePath: string): string {
    const path = resolve(filePath);
    for (const folder of this.folders) {
      if (path.startsWith(folder + sep)) return relative(folder, path).split(sep).join('/');
    }
    // A file from elsewhere (a consolidate-style caller): its folder is searched last.
    const folder = dirname(path);
    this.extra.push(folder);
    this.update();
    return relative(folder, path);
  }

  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined {
    return this.loader.load(templateName, tried, skip);
  }

  isStale(loaded: LoadedSource): boolean {
    return this.loader.isStale(loaded);
  }
}

/**
 * The render's context: the options Express passes (its locals, merged as
 * Express merges them) without Express's own keys.
 */
function contextOf(options: object | undefined): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  if (!options) return context;
  for (const [key, value] of Object.entries(options)) {
    if (!EXPRESS_KEYS.has(key)) context[key] = value;
  }
  return context;
}

/**
 * An Express view engine backed by one Engine (made here, once). Options are
 * the Engine's; `dirs` are searched after Express's `views` folders.
 *
 * Per request, from the locals: `csrf_token` is what `{% csrf_token %}`
 * prints; `request` (or `req`) is the request `{% querystring %}` reads: a
 * value with `GET` is used as it is, an Express request gives
 * `{ GET: URLSearchParams, method, path }` from its `originalUrl`.
 */
export function express(options: ExpressOptions = {}): ExpressViewEngine {
  const folders = new ViewFolders(options.dirs ?? []);
  const engine = new Engine({ ...options, dirs: [], loaders: [folders, ...(options.loaders ?? [])] });

  /** The render, with Promises and async functions in the locals awaited where reached. */
  function render(filePath: string, opts: object | undefined): Promise<string> {
    const settings = (opts as { settings?: { views?: unknown } } | undefined)?.settings;
    if (settings?.views !== undefined && folders.setViews(settings.views)) engine.clearCache();
    const context = contextOf(opts);
    const req = context.request ?? context.req;
    return engine.getTemplate(folders.nameOf(filePath)).renderAsync(context, renderOptionsFor(req, req, options.locale));
  }

  function view(filePath: string, opts?: object, callback?: ExpressRenderCallback): void | Promise<string> {
    const html = new Promise<string>((resolve) => resolve(render(filePath, opts)));
    if (typeof callback !== 'function') return html;
    // Express's error handler gets the error as thrown, with its template position;
    // an error in the callback itself is not the template's and does not call it twice.
    html.then((text) => callback(null, text), (e) => callback(e));
  }

  async function stream(res: ExpressResponseLike, name: string, locals: object = {}): Promise<void> {
    const views = res.app.get('views');
    if (views !== undefined && folders.setViews(views)) engine.clearCache();
    const ext = res.app.get('view engine');
    const context = { ...res.app.locals, ...res.locals, ...contextOf(locals) };
    const req = context.request ?? context.req ?? res.req;
    const fullName = withExtension(name, typeof ext === 'string' ? ext : 'html');
    const body = await nodeReadable(engine.getTemplate(fullName).renderStream(context, renderOptionsFor(req, req, options.locale)));
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'text/html; charset=utf-8');
    const { pipeline } = await import('node:stream/promises');
    await pipeline(body, res as unknown as NodeJS.WritableStream);
  }

  return Object.assign(view as ExpressViewEngine, { engine, stream });
}
