/**
 * Django's construct_relative_path: `{% extends "./base.html" %}` and
 * `{% include "../x.html" %}` are names relative to the current template.
 */
import { TemplateSyntaxError } from '../src/errors.js';

/** Python's posixpath.normpath (no file system: this runs in browsers too). */
function normpath(path: string): string {
  if (path === '') return '.';
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? '/' + joined : joined || '.';
}

/** Python's posixpath.dirname. */
function dirname(path: string): string {
  const i = path.lastIndexOf('/') + 1;
  const head = path.slice(0, i);
  return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
}

export function constructRelativePath(current: string | null, relativeName: string, allowRecursion = false): string {
  const newName = relativeName.replace(/^['"]+|['"]+$/g, '');
  if (!newName.startsWith('./') && !newName.startsWith('../')) return relativeName;
  if (current === null) {
    throw new TemplateSyntaxError(
      `The relative path ${relativeName} cannot be evaluated due to an unknown template origin.`,
    );
  }
  const base = current.replace(/^\/+/, '');
  const dir = dirname(base);
  const joined = normpath(dir ? `${dir}/${newName}` : newName);
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
