/**
 * The options actually given: own properties only, in an object with no
 * prototype, so that a polluted Object.prototype cannot set an option.
 */
export function ownOptions<T extends object>(options: T): T {
  const own = Object.create(null) as T;
  for (const key of Object.keys(options)) (own as Record<string, unknown>)[key] = (options as Record<string, unknown>)[key];
  return own;
}
