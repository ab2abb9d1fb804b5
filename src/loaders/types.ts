import type { TriedTemplate } from '../errors.js';

/** A template's source as a loader found it. */
export interface LoadedSource {
  readonly source: string;
  /** Django's `origin.name`: the file's path, or the template name. */
  readonly originName: string;
  /** Tells a changed source apart (a file's modification time), for debug reloads. */
  readonly version?: number;
}

/** Finds template sources by name (Django's template loaders). */
export interface Loader {
  /** Django's loader name, shown in what TemplateDoesNotExist tried. */
  readonly name: string;
  /**
   * The source, or undefined after noting in `tried` what was looked at.
   * Sources whose origin name is in `skip` are passed over (Django's `skip`,
   * which lets a template extend another of the same name).
   */
  load(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): LoadedSource | undefined;
  /** Has the source changed since it was loaded? (debug mode asks) */
  isStale?(loaded: LoadedSource): boolean;
}

/** Django's reason for a source passed over by `skip`. */
export const SKIPPED = 'Skipped to avoid recursion';
