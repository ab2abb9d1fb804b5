/** See size.mjs. */
export function measureRuntime(names?: string[]): Promise<{
  minified: number;
  gzipped: number;
  inputs: { path: string; bytesInOutput: number }[];
  imports: string[];
}>;
export function examplePageImports(): Promise<string[]>;
