/**
 * Rendering a site: each page template with its context, written to the
 * same name under the output folder. Many pages are split between threads,
 * one per CPU (this one and workers), each with its own Engine; few are
 * rendered here alone, where starting threads would cost more than it saves.
 *
 * The command is an application of the engine, like the examples: it uses
 * the public Engine with Django's built-in tags and filters.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Engine, type EngineOptions } from '../index.js';
import { SetupError, loadData, pageContext, pageRenderOptions, type SiteData } from './data.js';
import { PageFilter, findPages, type PageRules } from './pages.js';

/**
 * Below this many pages, rendering stays in this thread: starting a worker
 * (its own module loading and a cold JIT) costs about what 100 to 150 pages
 * do (bench/site.mjs with --pages).
 */
export const PARALLEL_THRESHOLD = 150;

/** An error as it crosses threads: its name, message and template position. */
export interface ErrorInfo {
  name: string;
  message: string;
  /** The template's origin (a file path) where the error is, if known. */
  templateName?: string;
  line?: number;
  column?: number;
  /** The source lines around the error with a caret under it. */
  excerpt?: string;
  stack?: string;
}

export interface PageError {
  /** The page being rendered (the error may be in a template it uses). */
  page: string;
  error: ErrorInfo;
}

export interface RenderRun {
  /** The pages asked for. */
  pages: readonly string[];
  /** How many were written. */
  rendered: number;
  errors: PageError[];
  /** Milliseconds, from start to the last page written. */
  ms: number;
  /** Threads that rendered: 1 is this one alone, more is this one and workers. */
  threads: number;
}

/**
 * The site's language and time zone settings (`--language`, `--time-zone`,
 * `--use-tz`, `--locale`): the engine's defaults, which a page's own
 * `language` and `timeZone` override for its render.
 */
export type SiteLocale = Pick<EngineOptions, 'languageCode' | 'timeZone' | 'useTz' | 'localePaths'>;

/** The engine the command renders with. */
export function siteEngine(templatesDir: string, options: { debug?: boolean; templates?: number; locale?: SiteLocale } = {}): Engine {
  return new Engine({
    ...options.locale,
    dirs: [templatesDir],
    debug: options.debug ?? false,
    // Watch mode keeps one engine: it should not have to compile twice.
    cache: { max: Math.max(1000, 2 * (options.templates ?? 0)) },
  });
}

/** Where a page's output goes: its name under the output folder. */
export function outputPath(outDir: string, page: string): string {
  return join(outDir, ...page.split('/'));
}

/** Renders pages in one thread, with one engine and the site's data. */
export class PageRenderer {
  private readonly folders = new Set<string>();

  constructor(
    readonly outDir: string,
    /** Replaced when the data file changes (watch mode). */
    public data: SiteData,
    readonly engine: Engine,
  ) {}

  /**
   * Render and write one page; an error is returned, not thrown. Data may
   * hold Promises, async functions and async iterables.
   */
  async render(page: string): Promise<PageError | undefined> {
    let html: string;
    try {
      const context = pageContext(this.data, page);
      html = await this.engine.renderToStringAsync(page, context, pageRenderOptions(context));
    } catch (e) {
      return { page, error: errorInfo(e) };
    }
    const path = outputPath(this.outDir, page);
    try {
      this.write(path, html);
    } catch (e) {
      return { page, error: errorInfo(e) };
    }
    return undefined;
  }

  private write(path: string, html: string): void {
    const folder = dirname(path);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    try {
      writeFileSync(path, html);
    } catch (e) {
      // The folder went away since we made it (watch mode, someone cleaned up).
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      mkdirSync(folder, { recursive: true });
      writeFileSync(path, html);
    }
  }
}

/**
 * What crosses to the main thread of an error: structured cloning would keep
 * an Error's message and stack but drop the template position.
 */
export function errorInfo(e: unknown): ErrorInfo {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const err = e as Error & Partial<Omit<ErrorInfo, 'name' | 'message'>> & { rawErrorMessage?: string };
  const info: ErrorInfo = {
    name: err.name,
    // Django 6.1 puts `Template: <path>, ` before a syntax error's text; the
    // report shows the position on its own.
    message: err.rawErrorMessage ?? err.message,
  };
  if (typeof err.templateName === 'string') info.templateName = err.templateName;
  if (typeof err.line === 'number') info.line = err.line;
  if (typeof err.column === 'number') info.column = err.column;
  if (typeof err.excerpt === 'string') info.excerpt = err.excerpt;
  if (typeof err.stack === 'string') info.stack = err.stack;
  return info;
}

export interface RenderSetup {
  templatesDir: string;
  outDir: string;
  data: SiteData;
  /** The data file, which worker threads load themselves when the data is not plain. */
  dataFile?: string;
  /** Every page of the site: what a data module's function is given. */
  sitePages: readonly string[];
  /** Threads rendering at most, this one included (default: one per CPU); 1: this thread alone. */
  jobs?: number;
  /** Reload changed templates (watch mode). */
  debug?: boolean;
  locale?: SiteLocale;
  /** This thread's renderer, kept between runs (watch mode). */
  renderer?: PageRenderer;
  /** Called as pages are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Render these pages, here or on worker threads too; errors are collected, not thrown. */
export async function renderPages(pages: readonly string[], setup: RenderSetup): Promise<RenderRun> {
  const start = performance.now();
  const jobs = Math.min(setup.jobs ?? availableParallelism(), pages.length);
  const script = workerScript();
  // Data that cannot be copied to a thread, and has no file to load it from, stays here.
  const shareable = setup.data.cloneable || setup.dataFile !== undefined;
  const parallel = jobs > 1 && pages.length >= PARALLEL_THRESHOLD && script !== undefined && shareable;
  const renderer =
    setup.renderer ?? new PageRenderer(setup.outDir, setup.data, siteEngine(setup.templatesDir, { debug: setup.debug, locale: setup.locale }));
  const { errors, rendered } = await renderShared(pages, setup, renderer, parallel ? jobs - 1 : 0, script);
  errors.sort((a, b) => (a.page < b.page ? -1 : a.page > b.page ? 1 : 0));
  return { pages, rendered, errors, ms: performance.now() - start, threads: parallel ? jobs : 1 };
}

/** The worker's compiled script; undefined when running from TypeScript source (tests), which workers cannot load. */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/** What the main thread gives each worker. */
export interface WorkerSetup {
  templatesDir: string;
  outDir: string;
  debug: boolean;
  locale?: SiteLocale;
  /** The data itself, when plain; else the file to load. */
  data?: Record<string, unknown>;
  dataFile?: string;
  sitePages: readonly string[];
}

/** What a worker answers: a batch done, or that it cannot render at all. */
export type WorkerMessage =
  | { type: 'done'; count: number; errors: PageError[] }
  | { type: 'fatal'; error: ErrorInfo };

/**
 * Pages go out in small batches, the next batch to whichever thread is free
 * (pages differ in cost: an even split would leave one thread waiting for
 * the other). This thread renders too, between answering the workers, so
 * the time workers take to start is not lost: on a small run they may
 * render little or nothing.
 */
async function renderShared(
  pages: readonly string[],
  setup: RenderSetup,
  renderer: PageRenderer,
  workers: number,
  script: URL | undefined,
): Promise<{ errors: PageError[]; rendered: number }> {
  const errors: PageError[] = [];
  let rendered = 0;
  let next = 0;
  const progress = (): void => setup.onProgress?.(rendered + errors.length, pages.length);
  const take = (size: number): readonly string[] => {
    const batch = pages.slice(next, next + size);
    next += batch.length;
    return batch;
  };

  if (workers === 0) {
    for (const page of take(pages.length)) {
      const error = await renderer.render(page);
      if (error) errors.push(error);
      else rendered++;
      progress();
    }
    return { errors, rendered };
  }

  const batchSize = Math.max(1, Math.min(100, Math.ceil(pages.length / ((workers + 1) * 8))));
  const workerData: WorkerSetup = {
    templatesDir: setup.templatesDir,
    outDir: setup.outDir,
    debug: setup.debug ?? false,
    locale: setup.locale,
    sitePages: setup.sitePages,
    ...(setup.data.cloneable ? { data: setup.data.raw } : { dataFile: setup.dataFile }),
  };
  const ended: Promise<void>[] = [];
  for (let i = 0; i < workers; i++) {
    ended.push(
      new Promise((resolveWorker) => {
        const worker = new Worker(script!, { workerData });
        let batch: readonly string[] = [];
        let done = false;
        const end = (failure?: ErrorInfo): void => {
          if (done) return;
          done = true;
          if (failure) {
            // Not queued again: a page may be what brought the thread down.
            for (const page of batch) errors.push({ page, error: failure });
            progress();
          }
          void worker.terminate().then(() => resolveWorker(), () => resolveWorker());
        };
        const assign = (): void => {
          batch = take(batchSize);
          if (!batch.length) return end();
          worker.postMessage(batch);
        };
        worker.on('message', (msg: WorkerMessage) => {
          if (msg.type === 'fatal') return end(msg.error);
          rendered += msg.count - msg.errors.length;
          errors.push(...msg.errors);
          batch = [];
          progress();
          assign();
        });
        worker.on('error', (e) => end(errorInfo(e)));
        worker.on('exit', (code) => end(batch.length ? { name: 'Error', message: `worker thread stopped (exit code ${code})` } : undefined));
        assign();
      }),
    );
  }
  // This thread's share, a batch at a time, letting the workers' messages in between.
  for (let batch = take(batchSize); batch.length; batch = take(batchSize)) {
    for (const page of batch) {
      const error = await renderer.render(page);
      if (error) errors.push(error);
      else rendered++;
    }
    progress();
    await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(ended);
  return { errors, rendered };
}

export interface SiteOptions extends PageRules {
  /** The templates folder: pages are found here, and it is the engine's only folder. */
  templatesDir: string;
  /** Where pages are written, by the same names. */
  outDir: string;
  /** A .json, .js, .mjs or .cjs file (see loadData); none: an empty context. */
  dataFile?: string;
  /** Threads rendering at most, this one included (default: one per CPU); 1: this thread alone. */
  jobs?: number;
  /** The site's language and time zone settings. */
  locale?: SiteLocale;
  onProgress?: (done: number, total: number) => void;
}

/** Find the pages, load the data and render every page: the `reinhardt render` command. */
export async function renderSite(options: SiteOptions): Promise<RenderRun & { data: SiteData }> {
  const templatesDir = checkTemplatesDir(options.templatesDir);
  const outDir = resolve(options.outDir);
  const pages = findPages(templatesDir, new PageFilter(options), outDir);
  const data = await loadData(options.dataFile, pages);
  const run = await renderPages(pages, {
    templatesDir,
    outDir,
    data,
    dataFile: options.dataFile === undefined ? undefined : resolve(options.dataFile),
    sitePages: pages,
    jobs: options.jobs,
    locale: options.locale,
    onProgress: options.onProgress,
  });
  return { ...run, data };
}

/** The templates folder, resolved, or a SetupError when it is not one. */
export function checkTemplatesDir(dir: string): string {
  const path = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    throw new SetupError(`${dir}: no such folder`);
  }
  if (!isDir) throw new SetupError(`${dir}: not a folder`);
  return path;
}
