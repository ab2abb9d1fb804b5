/** See size.mjs. */
export interface Measured {
  minified: number;
  gzipped: number;
  inputs: { path: string; bytesInOutput: number; gzipped: number | undefined }[];
}
export function measureRuntime(names?: string[], options?: { byModule?: boolean }): Promise<Measured & {
  /** Chunks loaded on first use (dynamic `import()`), each named by its largest module. */
  lazy: (Measured & { module: string })[];
  imports: string[];
}>;
export const BUILTIN_PARTS: string[];
export function examplePageImports(): Promise<string[]>;
