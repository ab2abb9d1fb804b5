/**
 * Which templates each template uses through `{% extends %}` and
 * `{% include %}`, read from its compiled nodes, so that watch mode
 * re-renders only the pages a changed template reaches.
 *
 * A name given by a variable (`{% include item.template %}`) could be any
 * template: such a template, and every page using it, is re-rendered on any
 * change.
 */
import type { Engine } from '../index.js';
import type { TemplateDependencies as Dependencies } from '../engine.js';
import { templateDependencies as dependenciesOf } from '../../tags/loader-tags.js';

export { dependenciesOf, type Dependencies };

export class DependencyGraph {
  private readonly deps = new Map<string, Dependencies>();

  constructor(private readonly engine: Engine) {}

  /** The dependencies known for a template (undefined: not read). */
  get(name: string): Dependencies | undefined {
    return this.deps.get(name);
  }

  /** Every template read so far. */
  names(): string[] {
    return [...this.deps.keys()];
  }

  /**
   * Read again these templates' dependencies, and those of templates they
   * name that were not read yet. A template that is missing or does not
   * compile has none: its pages fail anyway, and fixing it is a change to it.
   */
  refresh(names: Iterable<string>): void {
    const queue = [...names];
    const done = new Set<string>();
    while (queue.length) {
      const name = queue.pop()!;
      if (done.has(name)) continue;
      done.add(name);
      const deps = this.read(name);
      this.deps.set(name, deps);
      for (const dep of deps.names) if (!this.deps.has(dep)) queue.push(dep);
    }
  }

  private read(name: string): Dependencies {
    try {
      return dependenciesOf(this.engine.getTemplate(name));
    } catch {
      return { names: [], unknown: false };
    }
  }

  /** Of `pages`, those that use any of the changed templates, at any depth (themselves included). */
  affectedPages(changed: Iterable<string>, pages: readonly string[]): string[] {
    const hit = new Set(changed);
    if (!hit.size) return [];
    for (const [name, deps] of this.deps) if (deps.unknown) hit.add(name);
    const dependents = new Map<string, string[]>();
    for (const [name, deps] of this.deps) {
      for (const dep of deps.names) {
        let list = dependents.get(dep);
        if (!list) dependents.set(dep, (list = []));
        list.push(name);
      }
    }
    const queue = [...hit];
    while (queue.length) {
      for (const user of dependents.get(queue.pop()!) ?? []) {
        if (!hit.has(user)) {
          hit.add(user);
          queue.push(user);
        }
      }
    }
    return pages.filter((page) => hit.has(page));
  }
}
