/**
 * Which templates a template names through Django's loader tags,
 * `{% extends %}` and `{% include %}`, read from its compiled nodes: what
 * the engine's `preload` fetches before a render, and what the static-site
 * CLI's watch mode follows.
 *
 * A name given by a variable (`{% include item.template %}`) could be any
 * template: it is reported as `unknown`.
 */
import type { TemplateDependencies } from '../src/engine.js';
import type { FilterExpression } from '../src/expression.js';
import { SafeString } from '../src/runtime/safestring.js';
import type { Template } from '../src/template.js';
import { ExtendsNode } from './extends.js';
import { IncludeNode } from './include.js';

/** The templates one template extends or includes. */
export function templateDependencies(template: Template): TemplateDependencies {
  const names = new Set<string>();
  let unknown = false;
  const add = (fe: FilterExpression): void => {
    const value = fe.var;
    if (fe.isVar || fe.filters.length) {
      unknown = true;
    } else if (typeof value === 'string' || value instanceof SafeString) {
      // `page.html#card` is a partial of page.html.
      const name = String(value).split('#')[0];
      if (name) names.add(name);
    }
  };
  for (const node of template.nodelist.getNodesByType(ExtendsNode)) add(node.parentName);
  for (const node of template.nodelist.getNodesByType(IncludeNode)) add(node.template);
  return { names: [...names], unknown };
}
