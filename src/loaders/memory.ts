/** Templates held in memory by name (Django's locmem loader). */
import type { TriedTemplate } from '../errors.js';
import { SKIPPED, type LoadedSource, type Loader } from './types.js';

export class MemoryLoader implements Loader {
  readonly name = 'reinhardt.loaders.MemoryLoader';
  private readonly templates: Map<string, string>;

  constructor(templates: Record<string, string> | Map<string, string>) {
    // Own entries only: a name like "constructor" finds nothing inherited.
    this.templates = new Map(templates instanceof Map ? templates : Object.entries(templates));
  }

  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined {
    if (skip?.has(templateName)) {
      tried.push({ name: templateName, loader: this.name, reason: SKIPPED });
      return undefined;
    }
    const source = this.templates.get(templateName);
    if (source === undefined) {
      tried.push({ name: templateName, loader: this.name, reason: 'Source does not exist' });
      return undefined;
    }
    return { source, originName: templateName };
  }
}
