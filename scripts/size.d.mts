/** See size.mjs. */
export function measureRuntime(): Promise<{
  minified: number;
  gzipped: number;
  inputs: { path: string; bytesInOutput: number }[];
  imports: string[];
}>;
