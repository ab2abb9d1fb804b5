/**
 * Templates from folders on disk (Django's filesystem loader). A name that
 * would leave its folder (`../x`, an absolute path, a symlink pointing out)
 * is refused for that folder, as Django's `safe_join` refuses it.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { TriedTemplate } from '../errors.js';
import { SKIPPED, type LoadedSource, type Loader } from './types.js';

/** Django's `safe_join`: the joined path, or undefined when it leaves `base`. */
export function safeJoin(base: string, name: string): string | undefined {
  if (name.includes('\0')) return undefined;
  const basePath = resolve(base);
  const finalPath = resolve(basePath, name);
  if (!finalPath.startsWith(basePath + sep) && finalPath !== basePath) return undefined;
  return finalPath;
}

export class FileSystemLoader implements Loader {
  readonly name = 'reinhardt.loaders.FileSystemLoader';
  readonly dirs: readonly string[];

  /** Whether each source notes its file's modification time, which isStale compares. */
  readonly versions: boolean;

  /**
   * `versions: false` leaves the modification time out, for an engine that
   * never asks whether a file changed (one not in debug mode makes its own
   * loader so): a new process's first `statSync` alone costs about as much as
   * compiling a small template.
   */
  constructor(dirs: readonly string[], readonly encoding: BufferEncoding = 'utf8', options: { versions?: boolean } = {}) {
    this.dirs = dirs.map((d) => resolve(d));
    // Its own option only: a polluted Object.prototype sets none.
    this.versions = !(Object.hasOwn(options, 'versions') && options.versions === false);
  }

  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined {
    for (const dir of this.dirs) {
      const path = safeJoin(dir, templateName);
      if (path === undefined) continue;
      if (skip?.has(path)) {
        tried.push({ name: path, loader: this.name, reason: SKIPPED });
        continue;
      }
      let source: string;
      let version: number | undefined;
      try {
        // A symlink may not lead out of the folder either. (The system's
        // realpath: Node's own walks the path with a system call per part.)
        const real = realpathSync.native(path);
        const realDir = realpathSync.native(dir);
        if (!real.startsWith(realDir + sep)) {
          tried.push({ name: path, loader: this.name, reason: 'Source is outside the template folder' });
          continue;
        }
        version = this.versions ? statSync(real).mtimeMs : undefined;
        source = readFileSync(real, this.encoding);
      } catch {
        tried.push({ name: path, loader: this.name, reason: 'Source does not exist' });
        continue;
      }
      return { source, originName: path, version };
    }
    return undefined;
  }

  isStale(loaded: LoadedSource): boolean {
    try {
      return statSync(loaded.originName).mtimeMs !== loaded.version;
    } catch {
      return true;
    }
  }
}
