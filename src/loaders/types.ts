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
  /**
   * For a loader whose sources arrive asynchronously (FetchLoader): get the
   * source so that `load` has it from then on. The engine's `preload`,
   * `getTemplateAsync` and `renderToStringAsync` await it; `load` alone
   * reports a source not fetched yet with the reason NOT_FETCHED.
   */
  loadAsync?(templateName: string, tried: TriedTemplate[], skip?: ReadonlySet<string>): Promise<LoadedSource | undefined>;
}

/** Django's reason for a source passed over by `skip`. */
export const SKIPPED = 'Skipped to avoid recursion';

/** The reason of an asynchronous loader for a source it has not fetched yet. */
export const NOT_FETCHED = 'Not fetched yet';
