/**
 * Django's construct_relative_path: `{% extends "./base.html" %}` and
 * `{% include "../x.html" %}` are names relative to the current template.
 */
import { posix } from 'node:path';
import { TemplateSyntaxError } from '../src/errors.js';

export function constructRelativePath(current: string | null, relativeName: string, allowRecursion = false): string {
  const newName = relativeName.replace(/^['"]+|['"]+$/g, '');
  if (!newName.startsWith('./') && !newName.startsWith('../')) return relativeName;
  if (current === null) {
    throw new TemplateSyntaxError(
      `The relative path ${relativeName} cannot be evaluated due to an unknown template origin.`,
    );
  }
  const base = current.replace(/^\/+/, '');
  const joined = posix.normalize(posix.join(posix.dirname(base), newName));
  if (joined.startsWith('../')) {
    throw new TemplateSyntaxError(
      `The relative path '${relativeName}' points outside the file hierarchy that template '${current}' is in.`,
    );
  }
  if (!allowRecursion && base === joined) {
    throw new TemplateSyntaxError(
      `The relative path '${relativeName}' was translated to template name '${joined}', the same template in which the tag appears.`,
    );
  }
  const quoted = (relativeName.startsWith('"') || relativeName.startsWith("'")) && relativeName[0] === relativeName[relativeName.length - 1];
  return quoted ? `"${joined}"` : joined;
}
