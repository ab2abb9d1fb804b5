/**
 * A regular expression built on first use, for the ones with Unicode
 * property classes (`\p{L}`, `\p{Cased}`). V8 checks a regex literal's syntax
 * each time it parses the code around it (when the module loads, and again
 * when the function is compiled), and for a property class that check builds
 * the whole character set: a literal costs every process that imports
 * reinhardt, a lazily built one only the renders that need it.
 */
/* @__NO_SIDE_EFFECTS__ */
export function lazyRegExp(source: string, flags: string): () => RegExp {
  let re: RegExp | undefined;
  return () => (re ??= new RegExp(source, flags));
}
