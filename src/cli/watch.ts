/**
 * `reinhardt render --watch`: render the site, then on each change render
 * again only the pages it affects: a template's pages through `extends` and
 * `include` (see graph.ts), a new page, or, when the data file changes, the
 * pages whose context changed.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { changedPages, loadData, SetupError, unknownPageNames, type SiteData } from './data.js';
import { DependencyGraph } from './graph.js';
import { PageFilter, findPages, listTemplates, templateName } from './pages.js';
import { PageRenderer, checkTemplatesDir, renderPages, siteEngine, type RenderSetup, type SiteOptions } from './render.js';
import type { Reporter } from './report.js';

export interface WatchOptions extends SiteOptions {
  /** Wait this long after a change for more before rendering (editors write in steps); default 50 ms. */
  debounceMs?: number;
}

export class SiteWatcher {
  private readonly watchers: FSWatcher[] = [];
  private readonly changedTemplates = new Set<string>();
  private dataChanged = false;
  private everythingChanged = false;
  private timer: NodeJS.Timeout | undefined;
  private building: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private resolveClosed!: () => void;
  /** Settles when the watcher is closed. */
  readonly closed = new Promise<void>((r) => (this.resolveClosed = r));

  private constructor(
    private readonly options: WatchOptions,
    private readonly reporter: Reporter,
    private readonly templatesDir: string,
    private readonly outDir: string,
    private readonly dataFile: string | undefined,
    private readonly filter: PageFilter,
    private pages: string[],
    private readonly renderer: PageRenderer,
    private readonly graph: DependencyGraph,
  ) {}

  /**
   * Render the whole site and start watching. The returned watcher's
   * `close()` stops it. A data file that cannot be loaded at the start is a
   * SetupError; later, the previous data is kept until it is fixed.
   */
  static async start(options: WatchOptions, reporter: Reporter): Promise<SiteWatcher> {
    const templatesDir = checkTemplatesDir(options.templatesDir);
    const outDir = resolve(options.outDir);
    const dataFile = options.dataFile === undefined ? undefined : resolve(options.dataFile);
    const filter = new PageFilter(options);
    const pages = findPages(templatesDir, filter, outDir);
    const data = await loadData(dataFile, pages);
    const engine = siteEngine(templatesDir, { debug: true, templates: pages.length, locale: options.locale });
    const renderer = new PageRenderer(outDir, data, engine);
    const watcher = new SiteWatcher(options, reporter, templatesDir, outDir, dataFile, filter, pages, renderer, new DependencyGraph(engine));
    // Watch first: a change made while the site renders is not missed.
    watcher.watchFolders();
    watcher.building = watcher.initialBuild().finally(() => {
      watcher.building = undefined;
      watcher.flush();
    });
    try {
      await watcher.building;
    } catch (e) {
      await watcher.close();
      throw e;
    }
    return watcher;
  }

  /** Stop watching; resolves once a render under way has finished. */
  async close(): Promise<void> {
    if (this.stopped) return this.closed;
    this.stopped = true;
    clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    await this.building?.catch(() => {});
    this.resolveClosed();
  }

  private async initialBuild(): Promise<void> {
    const { reporter } = this;
    warnUnknownPages(this.renderer.data, this.pages, reporter);
    const progress = reporter.progress(this.pages.length);
    const run = await renderPages(this.pages, this.setup((done) => progress(done)));
    reporter.errors(run.errors);
    reporter.summary(run, this.outDir);
    this.graph.refresh(this.pages);
    const watched = [this.templatesDir, ...(this.dataFile ? [this.dataFile] : [])];
    reporter.info(`watching ${watched.map((p) => reporter.path(p)).join(' and ')} for changes`);
  }

  private setup(onProgress?: (done: number) => void): RenderSetup {
    return {
      templatesDir: this.templatesDir,
      outDir: this.outDir,
      data: this.renderer.data,
      dataFile: this.dataFile,
      sitePages: this.pages,
      jobs: this.options.jobs,
      debug: true,
      locale: this.options.locale,
      renderer: this.renderer,
      onProgress,
    };
  }

  /**
   * The templates folder and the data file's folder (not the file itself:
   * editors save by renaming a new file over the old, which a watch on the
   * file would lose).
   */
  private watchFolders(): void {
    this.watchTree(this.templatesDir);
    const dataFile = this.dataFile;
    if (dataFile && !isInside(dataFile, this.templatesDir)) {
      const name = basename(dataFile);
      const watcher = watch(dirname(dataFile), (_event, filename) => {
        if (filename === null || filename.toString() === name) this.changed(() => (this.dataChanged = true));
      });
      watcher.on('error', () => {});
      this.watchers.push(watcher);
    }
  }

  /**
   * A folder and everything below it. macOS and Windows watch a tree
   * natively. Node 20 emulates it on Linux with a watcher per file, which
   * goes deaf to a file once it is replaced by a rename (how many editors
   * save): there, and elsewhere, each folder gets its own watcher, and new
   * folders get one as they appear.
   */
  private watchTree(root: string): void {
    const onEvent = (folder: string) => (_event: string, filename: string | Buffer | null) => {
      if (filename === null) return this.changed(() => (this.everythingChanged = true));
      this.fileChanged(resolve(folder, filename.toString()));
    };
    if (process.platform === 'darwin' || process.platform === 'win32') {
      const watcher = watch(root, { recursive: true }, onEvent(root));
      watcher.on('error', () => {});
      this.watchers.push(watcher);
      return;
    }
    const watched = new Map<string, FSWatcher>();
    const add = (folder: string): void => {
      if (watched.has(folder) || folder === this.outDir || this.stopped) return;
      const listener = onEvent(folder);
      let watcher: FSWatcher;
      try {
        watcher = watch(folder, (event, filename) => {
          if (filename !== null) {
            const path = resolve(folder, filename.toString());
            // A folder made or moved in: watch it and the folders inside it.
            if (isDirectory(path)) addTree(path);
          }
          listener(event, filename);
        });
      } catch {
        return; // gone already
      }
      watcher.on('error', () => {
        // The folder was removed: forget it, so that a new one of the name is watched.
        watcher.close();
        watched.delete(folder);
      });
      watched.set(folder, watcher);
      this.watchers.push(watcher);
    };
    const addTree = (folder: string): void => {
      add(folder);
      for (const sub of subfolders(folder)) if (sub !== this.outDir) addTree(sub);
    };
    addTree(root);
  }

  private fileChanged(path: string): void {
    if (path === this.dataFile) return this.changed(() => (this.dataChanged = true));
    if (isInside(path, this.outDir) || path === this.outDir) return;
    const name = templateName(this.templatesDir, path);
    // Editors' swap and backup files.
    if (name.split('/').some((part) => part.startsWith('.')) || name.endsWith('~')) return;
    this.changed(() => this.changedTemplates.add(name));
  }

  private changed(note: () => void): void {
    if (this.stopped) return;
    note();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs ?? 50);
  }

  /** Render what the pending changes affect; one render at a time. */
  private flush(): void {
    if (this.stopped) return;
    if (!this.changedTemplates.size && !this.dataChanged && !this.everythingChanged) return;
    if (this.building) {
      this.again = true;
      return;
    }
    this.building = this.rebuild()
      .catch((e) => this.reporter.error((e as Error).stack ?? String(e)))
      .finally(() => {
        this.building = undefined;
        if (this.again) {
          this.again = false;
          this.flush();
        }
      });
  }

  private async rebuild(): Promise<void> {
    const changedNames = new Set(this.changedTemplates);
    const dataChanged = this.dataChanged;
    const everything = this.everythingChanged;
    this.changedTemplates.clear();
    this.dataChanged = this.everythingChanged = false;

    const before = new Set(this.pages);
    this.pages = findPages(this.templatesDir, this.filter, this.outDir);
    const affected = new Set(this.pages.filter((page) => !before.has(page)));

    // A folder that appeared or went: every template in it changed.
    for (const name of [...changedNames]) {
      const prefix = `${name}/`;
      for (const known of this.graph.names()) if (known.startsWith(prefix)) changedNames.add(known);
      const path = resolve(this.templatesDir, name);
      if (isDirectory(path)) for (const inner of listTemplates(path)) changedNames.add(prefix + inner);
    }
    if (everything) {
      this.graph.refresh([...this.graph.names(), ...this.pages]);
      for (const page of this.pages) affected.add(page);
    } else {
      // Only templates already read: a file no known template names is used by none.
      this.graph.refresh([...[...changedNames].filter((name) => this.graph.get(name)), ...affected]);
      for (const page of this.graph.affectedPages(changedNames, this.pages)) affected.add(page);
    }

    const causes = [...changedNames].filter((name) => existsSync(resolve(this.templatesDir, name)) || this.graph.get(name));
    if (dataChanged && this.dataFile) {
      causes.push(this.reporter.path(this.dataFile));
      let data: SiteData | undefined;
      try {
        data = await loadData(this.dataFile, this.pages);
      } catch (e) {
        this.reporter.error(e instanceof SetupError ? `${e.message} (the previous data is kept)` : String(e));
      }
      if (data) {
        for (const page of changedPages(this.renderer.data, data, this.pages)) affected.add(page);
        this.renderer.data = data;
        warnUnknownPages(data, this.pages, this.reporter);
      }
    }

    if (!affected.size) {
      const names = [...changedNames].filter((name) => !isDirectory(resolve(this.templatesDir, name)));
      if (names.length) this.reporter.info(`${names.join(', ')} changed: no page uses ${names.length === 1 ? 'it' : 'them'}`);
      return;
    }
    const pages = this.pages.filter((page) => affected.has(page));
    const progress = this.reporter.progress(pages.length);
    const run = await renderPages(pages, this.setup((done) => progress(done)));
    this.reporter.errors(run.errors);
    this.reporter.rebuilt(causes.length ? causes : ['a template'], run);
  }
}

function warnUnknownPages(data: SiteData, pages: readonly string[], reporter: Reporter): void {
  for (const name of unknownPageNames(data, pages)) reporter.warn(`the data's pages[${JSON.stringify(name)}] is no page template`);
}

function isInside(path: string, folder: string): boolean {
  return path.startsWith(folder + sep);
}

function subfolders(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(folder, e.name));
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
