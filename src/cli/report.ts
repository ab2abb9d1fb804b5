/**
 * What the command prints: progress while rendering (one updating line on
 * a terminal, a line every so many pages otherwise, both on stderr), a
 * summary on stdout, and template errors on stderr with their file, line,
 * column and excerpt, as `file:line:column` so that editors and terminals
 * can jump there.
 */
import { isAbsolute, relative } from 'node:path';
import type { ErrorInfo, PageError, RenderRun } from './render.js';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** On a terminal, the progress line is redrawn at most this often. */
const REDRAW_MS = 100;
/** Elsewhere, progress lines start once a run has lasted this long: a quick run logs its summary only. */
const LONG_RUN_MS = 1000;
/** Pages listed by name in a summary before "and N more". */
const LISTED = 5;

export class Reporter {
  private progressShown = false;

  constructor(
    readonly stdout: OutputStream,
    readonly stderr: OutputStream,
    /** Paths are shown relative to this folder. */
    readonly cwd: string,
    /** Print errors and warnings only. */
    readonly quiet = false,
    /** Not on a terminal, print progress lines once a run has lasted this long. */
    readonly longRunMs = LONG_RUN_MS,
  ) {}

  /** A progress callback for a run of `total` pages. */
  progress(total: number): (done: number) => void {
    if (this.quiet || total === 0) return () => {};
    if (this.stderr.isTTY) {
      let last = performance.now();
      return (done) => {
        const now = performance.now();
        if (now - last < REDRAW_MS || done >= total) return;
        last = now;
        this.stderr.write(`\r\x1b[Krendering ${done}/${total} pages`);
        this.progressShown = true;
      };
    }
    // A log gets a line every tenth of the run (at least 100 pages), once it is a long run.
    const start = performance.now();
    const every = Math.max(100, Math.ceil(total / 10));
    let mark = every;
    return (done) => {
      if (done < mark || done >= total) return;
      while (mark <= done) mark += every;
      if (performance.now() - start >= this.longRunMs) this.stderr.write(`rendered ${done}/${total} pages\n`);
    };
  }

  /** Clear the progress line, if one is shown. */
  endProgress(): void {
    if (!this.progressShown) return;
    this.stderr.write('\r\x1b[K');
    this.progressShown = false;
  }

  /** `rendered 12 pages into public in 48 ms (250 pages/s, 1 thread)`. */
  summary(run: RenderRun, outDir: string): void {
    this.endProgress();
    if (this.quiet) return;
    const total = run.pages.length;
    const what = run.errors.length ? `${run.rendered} of ${plural(total, 'page')}` : plural(total, 'page');
    const rate = run.ms > 0 ? `${Math.round((total * 1000) / run.ms)} pages/s, ` : '';
    const where = plural(run.threads, 'thread');
    const failed = run.errors.length ? `; ${plural(run.errors.length, 'page')} failed` : '';
    this.stdout.write(`rendered ${what} into ${this.path(outDir)} in ${duration(run.ms)} (${rate}${where})${failed}\n`);
  }

  /** After a change in watch mode: what changed, and what was rendered again. */
  rebuilt(changes: readonly string[], run: RenderRun): void {
    this.endProgress();
    if (this.quiet) return;
    const failed = run.errors.length ? `; ${plural(run.errors.length, 'page')} failed` : '';
    this.stdout.write(
      `${listed(changes)} changed: re-rendered ${plural(run.pages.length, 'page')} in ${duration(run.ms)} (${listed(run.pages)})${failed}\n`,
    );
  }

  info(line: string): void {
    if (!this.quiet) this.stdout.write(`${line}\n`);
  }

  warn(line: string): void {
    this.endProgress();
    this.stderr.write(`warning: ${line}\n`);
  }

  error(line: string): void {
    this.endProgress();
    this.stderr.write(`error: ${line}\n`);
  }

  /** Every error, once per distinct error, with the pages it broke. */
  errors(errors: readonly PageError[]): void {
    if (!errors.length) return;
    this.endProgress();
    this.stderr.write(formatErrors(errors, this.cwd));
  }

  /** A path as shown: relative to the working folder when below it. */
  path(p: string): string {
    return displayPath(p, this.cwd);
  }
}

/**
 * The errors as text. An error in an include breaks every page using it: it
 * is shown once, with the pages it broke.
 */
export function formatErrors(errors: readonly PageError[], cwd: string): string {
  const groups = new Map<string, { error: ErrorInfo; pages: string[] }>();
  for (const { page, error } of errors) {
    const key = [error.name, error.message, error.templateName, error.line, error.column].join('\0');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { error, pages: [] }));
    group.pages.push(page);
  }
  let out = '';
  for (const { error, pages } of groups.values()) {
    const where = error.templateName === undefined ? '' : `${displayPath(error.templateName, cwd)}:${error.line ?? 1}:${error.column ?? 1}: `;
    out += `${where}${error.name}: ${error.message}\n`;
    if (error.excerpt) {
      out += `${error.excerpt}\n`;
    } else if (error.templateName === undefined && error.stack) {
      // Not in a template (data that throws, a full disk): where in the code.
      const frames = error.stack.split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 5);
      if (frames.length) out += `${frames.join('\n')}\n`;
    }
    out += `  (${pages.length === 1 ? 'page' : `${pages.length} pages:`} ${listed(pages)})\n`;
  }
  return out;
}

/** A path relative to `cwd` when it is below it, else as it is. */
export function displayPath(p: string, cwd: string): string {
  if (!isAbsolute(p)) return p;
  const rel = relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? p : rel;
}

function listed(names: readonly string[]): string {
  if (names.length <= LISTED) return names.join(', ');
  return `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
