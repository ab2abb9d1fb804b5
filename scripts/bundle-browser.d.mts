export interface BrowserBundle {
  /** The entry module, `<outdir>/reinhardt.js`. */
  readonly entry: string;
  /** What a page loads before any language: the entry and its static imports. */
  readonly minified: number;
  readonly gzipped: number;
  readonly languageChunks: number;
  readonly largestLanguageGzipped: number;
  readonly totalBytes: number;
}
export declare function bundleBrowser(outdir: string): Promise<BrowserBundle>;
export declare function kilobytes(bytes: number): string;
