/**
 * The `reinhardt` command line. `bin/reinhardt.mjs` calls `main` with the
 * arguments and exits with the status it returns; tests call it in-process,
 * with their own output streams and an AbortSignal to stop `--watch`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SetupError, unknownPageNames } from './data.js';
import { LANGUAGE_CODE_RE } from '../i18n/language.js';
import { isValidTimeZone } from '../utils/timezone.js';
import { DEFAULT_EXCLUDES, DEFAULT_PATTERNS } from './pages.js';
import { PARALLEL_THRESHOLD, renderSite, type SiteLocale, type SiteOptions } from './render.js';
import { Reporter, type OutputStream } from './report.js';
import { SiteWatcher } from './watch.js';
import { precompileCommand } from './precompile.js';

/** Exit statuses. */
export const EXIT_OK = 0;
/** Some pages had template errors (every other page was still written). */
export const EXIT_TEMPLATE_ERRORS = 1;
/** The command could not run: bad usage, a missing folder, a data file that cannot be loaded. */
export const EXIT_USAGE = 2;

export interface CliIO {
  stdout?: OutputStream;
  stderr?: OutputStream;
  /** Relative paths in the arguments are resolved from here (default process.cwd()). */
  cwd?: string;
  /** Stops `--watch`; `main` then resolves with 0. */
  signal?: AbortSignal;
}

/** Run the command; resolves with the exit status (with `--watch`, once stopped). */
export async function main(args: string[], io: CliIO = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const cwd = io.cwd ?? process.cwd();
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    stdout.write(helpText());
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  if (command === undefined) return usageError(stderr, 'no command given');
  if (command === 'render') return render(rest, { stdout, stderr, cwd, signal: io.signal });
  if (command === 'precompile') return precompileCommand(rest, { stdout, stderr, cwd }, (message) => usageError(stderr, message), helpText);
  return usageError(stderr, `unknown command ${JSON.stringify(command)}`);
}

const RENDER_OPTIONS = {
  out: { type: 'string', short: 'o' },
  data: { type: 'string', short: 'd' },
  pattern: { type: 'string', short: 'p', multiple: true },
  exclude: { type: 'string', short: 'x', multiple: true },
  'no-default-excludes': { type: 'boolean' },
  watch: { type: 'boolean', short: 'w' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  language: { type: 'string' },
  'time-zone': { type: 'string' },
  'use-tz': { type: 'boolean' },
  locale: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

async function render(args: string[], io: Required<Omit<CliIO, 'signal'>> & Pick<CliIO, 'signal'>): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: RENDER_OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(io.stderr, (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(helpText());
    return EXIT_OK;
  }
  if (positionals.length !== 1) {
    return usageError(io.stderr, positionals.length ? `one templates folder expected, got ${positionals.join(' ')}` : 'the templates folder is missing');
  }
  if (values.out === undefined) return usageError(io.stderr, '--out <dir> is missing');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) return usageError(io.stderr, `--jobs takes a whole number from 1, not ${JSON.stringify(values.jobs)}`);
  }
  const locale: SiteLocale = {};
  if (values.language !== undefined) {
    if (!LANGUAGE_CODE_RE.test(values.language)) return usageError(io.stderr, `--language takes a language code such as de or pt-br, not ${JSON.stringify(values.language)}`);
    locale.languageCode = values.language;
  }
  if (values['time-zone'] !== undefined) {
    if (!isValidTimeZone(values['time-zone'])) return usageError(io.stderr, `--time-zone takes an IANA time zone such as Europe/Paris, not ${JSON.stringify(values['time-zone'])}`);
    locale.timeZone = values['time-zone'];
  }
  if (values['use-tz']) locale.useTz = true;
  if (values.locale !== undefined) {
    locale.localePaths = values.locale.map((dir) => resolve(io.cwd, dir));
    const missing = values.locale.find((dir) => !existsSync(resolve(io.cwd, dir)));
    if (missing !== undefined) return usageError(io.stderr, `--locale ${missing}: no such folder`);
  }
  const templatesDir = resolve(io.cwd, positionals[0]);
  const outDir = resolve(io.cwd, values.out);
  if (outDir === templatesDir) return usageError(io.stderr, '--out must not be the templates folder: pages would overwrite their templates');
  const reporter = new Reporter(io.stdout, io.stderr, io.cwd, values.quiet ?? false);
  const options: SiteOptions = {
    templatesDir,
    outDir,
    dataFile: values.data === undefined ? undefined : resolve(io.cwd, values.data),
    patterns: values.pattern,
    excludes: values.exclude,
    defaultExcludes: !values['no-default-excludes'],
    jobs,
    locale,
  };

  if (values.watch) {
    let watcher: SiteWatcher;
    try {
      watcher = await SiteWatcher.start(options, reporter);
    } catch (e) {
      if (e instanceof SetupError) return usageError(io.stderr, e.message);
      throw e;
    }
    if (io.signal) {
      if (io.signal.aborted) await watcher.close();
      else io.signal.addEventListener('abort', () => void watcher.close(), { once: true });
    }
    await watcher.closed;
    return EXIT_OK;
  }

  let progress: ((done: number) => void) | undefined;
  let run;
  try {
    run = await renderSite({ ...options, onProgress: (done, total) => (progress ??= reporter.progress(total))(done) });
  } catch (e) {
    if (e instanceof SetupError) return usageError(io.stderr, e.message);
    throw e;
  }
  for (const name of unknownPageNames(run.data, run.pages)) reporter.warn(`the data's pages[${JSON.stringify(name)}] is no page template`);
  if (!run.pages.length) {
    reporter.endProgress();
    reporter.warn(`no page templates in ${reporter.path(templatesDir)} (see --pattern and --exclude)`);
    return EXIT_OK;
  }
  reporter.errors(run.errors);
  reporter.summary(run, outDir);
  return run.errors.length ? EXIT_TEMPLATE_ERRORS : EXIT_OK;
}

function usageError(stderr: OutputStream, message: string): number {
  stderr.write(`reinhardt: ${message}\nRun 'reinhardt --help' for usage.\n`);
  return EXIT_USAGE;
}

/** The package's version, from its package.json (two or three folders up, from source or from dist). */
function version(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'reinhardt' && pkg.version) return pkg.version;
    } catch {
      // not there: try one folder further up
    }
  }
  return 'unknown';
}

export function helpText(): string {
  const list = (globs: readonly string[]): string => globs.join(' ');
  return `reinhardt: Django templates, rendered to static files.

Usage:
  reinhardt render <templates-dir> --out <dir> [--data <file>] [options]
  reinhardt precompile <templates-dir> --out <file.js> [options]
  reinhardt --help
  reinhardt --version

Renders every page template in <templates-dir> and writes it under --out by
the same name: <templates-dir>/blog/first.html becomes <dir>/blog/first.html.
Templates extend and include each other by these names, as in Django.

Options:
  -o, --out <dir>          Where the pages are written (made if missing).
  -d, --data <file>        The context: a .json file, or a .js, .mjs or .cjs
                           module whose default export is an object or a
                           function (maybe async) returning one. Default: {}.
  -p, --pattern <glob>     Which templates are pages. Repeat for several.
                           Default: ${list(DEFAULT_PATTERNS)}
  -x, --exclude <glob>     Templates that are not pages, besides the defaults.
                           Repeat for several.
      --no-default-excludes
                           Leave out the default exclusions.
  -w, --watch              After rendering, keep watching; on each change,
                           render again only the pages it affects.
  -j, --jobs <n>           Threads rendering at most: this one and n-1 worker
                           threads (default: one per CPU, ${availableParallelism()} here). Runs of
                           fewer than ${PARALLEL_THRESHOLD} pages, or --jobs 1, use one thread.
  -q, --quiet              Print errors and warnings only.
      --language <code>    The site's language (Django's LANGUAGE_CODE), such
                           as de or pt-br. Default: en-us.
      --time-zone <zone>   The site's time zone (TIME_ZONE), an IANA name such
                           as Europe/Paris. Default: UTC.
      --use-tz             Dates are aware, shown in the page's time zone
                           (USE_TZ).
      --locale <dir>       A folder of the site's catalogs, in Django's layout
                           (<dir>/de/LC_MESSAGES/django.po or .mo; LOCALE_PATHS).
                           Repeat for several.
  -h, --help               Show this help.
  -v, --version            Show the version.

Pages:
  Names are paths relative to <templates-dir>, with /. In globs, * and ? match
  within a folder, ** any number of folders, [abc] one of the characters and
  {a,b} either choice. A name is a page when it matches a --pattern and no
  exclusion. Excluded by default: names and folders starting with _ or . (the
  _base.html, _drafts/ convention), and everything under folders named
  includes, partials or layouts, at any depth:
    ${list(DEFAULT_EXCLUDES)}
  Excluded templates can still be extended and included.

Data:
  Every page gets the data's entries. Entries for one page go in "pages",
  keyed by template name; they are merged over the shared entries (a page's
  entry wins), and "pages" itself is not in the context:
    {
      "site": { "title": "Field notes" },
      "title": "Field notes",
      "pages": {
        "index.html": { "title": "Home" },
        "blog/first.html": { "title": "A first post", "tags": ["intro"] }
      }
    }
  A page's "language" and "timeZone" entries (its own or shared) set the
  language and time zone it renders in, over --language and --time-zone;
  they stay in its context too:
    { "pages": { "de/index.html": { "language": "de", "timeZone": "Europe/Berlin" } } }
  A module's default export may be a function; it is called with
  { pages: [the page names] } and may return a promise. With worker threads,
  plain data (what JSON holds, and Dates, Maps, Sets) is copied to each
  thread; other data (functions, class instances) is loaded again by each
  thread from the file.

Watch mode:
  Watches <templates-dir> and the data file. A changed template renders again
  the pages that extend or include it, at any depth; a new page is rendered; a
  changed data file renders the pages whose context changed (all of them when
  a shared entry changed). A template naming another by a variable
  ({% include item.template %}) may use any template: its pages render again
  on every change. Errors are reported and watching goes on. Ctrl-C stops.
  (A data module is imported again when it changes; modules it imports are not.)

Errors:
  A template error is printed as file:line:column, Django's message, and the
  source lines with a caret under the place, with the pages it broke. Every
  other page is still rendered.

Exit status:
  0  every page rendered
  1  some pages had errors (they are listed; the others were written)
  2  the command could not run: bad usage, a missing templates folder, a data
     file that cannot be loaded

Precompile:
  Compiles every template in <templates-dir> (but dotfiles) into one ES
  module of render functions for the browser, which imports reinhardt/runtime
  and runs without eval or new Function (a strict Content-Security-Policy).
  Its source map is written beside it (<file.js>.map). It exports
  templateNames, createEngine(options), render(name, context, options),
  renderAsync, renderStream (the same) and loadLanguages(codes).
  -o, --out <file.js>      The module to write.
  -x, --exclude <glob>     Templates to leave out. Repeat for several.
  -l, --libraries <module> A module whose default export is your libraries
                           by {% load %} name ({ blog: library }); the
                           module imports it by its relative path. Their
                           filters and tags are precompiled (name a tag's
                           own Node class with library.node(name, class)).
                           Import Library from reinhardt/runtime there, not
                           from reinhardt.
      --runtime <specifier>
                           Where the module imports the runtime from
                           (default: reinhardt/runtime).
      --i18n               Give the module Django's translations, to render
                           in other languages and with locale settings
                           (implied when a template loads i18n or humanize).
      --locale-path <dir>  A folder of your catalogs (Django's LOCALE_PATHS:
                           <dir>/<locale>/LC_MESSAGES/django.mo or .po),
                           written into the module. Repeat for several.
                           Implies --i18n.
      --languages <codes>  The languages whose locale data the module may
                           import (de,fr,...; default: all Django ships),
                           each a dynamic import, a chunk when bundled.
      --locale-data <prefix>
                           What a language's locale data is imported from,
                           before its code (default: reinhardt/locale-data/).
      --no-source-map      Write no source map.
      --string-if-invalid <text>, --max-output-size <n>,
      --max-loop-iterations <n>
                           The engine options that shape the generated code,
                           fixed when precompiling.
  A template using what the runtime does not have (a Node class its library
  does not name) stops it with the template's name (exit status 1), as a
  syntax error does; so does a catalog that cannot be read.

Examples:
  reinhardt render templates --data data.json --out public
  reinhardt render site --data site/data.mjs --out dist --exclude 'drafts/**'
  reinhardt render templates --out public --pattern '**/*.html' --pattern '**/*.xml'
  reinhardt render templates --data data.json --out public --watch
  reinhardt render templates --data data.json --out public --jobs 1 --quiet
  reinhardt precompile templates --out public/templates.js
  reinhardt precompile templates --out public/templates.js --locale-path locale --languages de,fr
`;
}
