#!/usr/bin/env node
/**
 * reinhardt/browser bundled for browsers with esbuild: the entry
 * (src/browser.ts) and everything it imports in one minified ES module,
 * with Django's locale data split into one chunk per language that
 * `engine.loadLanguages()` fetches when asked. The bundle is made for the
 * browser platform, so any Node built-in in the entry's import graph fails
 * it; the metafile is checked for them as well.
 *
 *   node scripts/bundle-browser.mjs [outdir]     (default: dist/browser)
 *
 * prints the size of what a page loads, minified and gzipped.
 */
import { builtinModules } from 'node:module';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * source-map takes the global URL where there is one and requires Node's
 * `url` only where there is not: in a browser, `url` is the global.
 */
const browserUrl = {
  name: 'browser-url',
  setup(build) {
    build.onResolve({ filter: /^url$/ }, () => ({ path: 'url', namespace: 'browser-url' }));
    build.onLoad({ filter: /.*/, namespace: 'browser-url' }, () => ({ contents: 'export const URL = globalThis.URL;', loader: 'js' }));
  },
};

/**
 * Bundle into `outdir`: `reinhardt.js` and `chunks/`. Resolves to the
 * entry's path and the sizes of what a page loads before any language:
 * the entry and the chunks it imports statically.
 */
export async function bundleBrowser(outdir) {
  // The sources to JavaScript first, file for file as tsc emits them: the
  // locale data is imported as `../utils/locale-data/${code}.js`, which
  // esbuild matches against files on disk.
  const js = mkdtempSync(join(tmpdir(), 'reinhardt-browser-js-'));
  try {
    await esbuild.build({
      entryPoints: ['src', 'tags', 'filters', 'libraries'].flatMap((d) => sources(join(repo, d))),
      outdir: js,
      outbase: repo,
      format: 'esm',
      platform: 'neutral',
      target: 'es2022',
      logLevel: 'error',
    });
    rmSync(outdir, { recursive: true, force: true });
    const result = await esbuild.build({
      entryPoints: { reinhardt: join(js, 'src/browser.js') },
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir,
      chunkNames: 'chunks/[name]-[hash]',
      metafile: true,
      logLevel: 'error',
      // Bare names (moo, lru-cache, source-map) resolve from this repository.
      nodePaths: [join(repo, 'node_modules')],
      plugins: [browserUrl],
    });
    for (const [input, info] of Object.entries(result.metafile.inputs)) {
      for (const imported of info.imports) {
        if (NODE_BUILTINS.has(imported.path) || imported.path.startsWith('node:')) {
          throw new Error(`reinhardt/browser imports the Node built-in ${imported.path} (in ${relative(js, input)})`);
        }
      }
    }
    const entry = join(outdir, 'reinhardt.js');
    const outputs = result.metafile.outputs;
    const initial = new Set();
    const visit = (file) => {
      const key = relative(process.cwd(), file);
      if (initial.has(key)) return;
      initial.add(key);
      for (const i of outputs[key]?.imports ?? []) if (i.kind === 'import-statement') visit(resolve(i.path));
    };
    visit(entry);
    const code = [...initial].map((f) => readFileSync(f));
    const minified = code.reduce((n, b) => n + b.length, 0);
    const gzipped = code.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
    // The chunks of the languages' modules (not the shared ones, nor the two index modules beside them).
    const languages = readdirSync(join(outdir, 'chunks')).filter(
      (f) => !/^(chunk|django|languages)-/.test(f) && !initial.has(relative(process.cwd(), join(outdir, 'chunks', f))),
    );
    const languageBytes = languages.map((f) => gzipSync(readFileSync(join(outdir, 'chunks', f)), { level: 9 }).length);
    return {
      entry,
      minified,
      gzipped,
      languageChunks: languages.length,
      largestLanguageGzipped: Math.max(0, ...languageBytes),
      totalBytes: readdirSync(outdir, { recursive: true }).reduce((n, f) => {
        const s = statSync(join(outdir, f));
        return s.isFile() ? n + s.size : n;
      }, 0),
    };
  } finally {
    rmSync(js, { recursive: true, force: true });
  }
}

/** Bytes as the README gives them. */
export function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = resolve(process.argv[2] ?? join(repo, 'dist/browser'));
  const r = await bundleBrowser(outdir);
  const shown = relative(process.cwd(), r.entry);
  console.log(`${shown.startsWith('..') ? r.entry : shown}: ${kilobytes(r.minified)} minified, ${kilobytes(r.gzipped)} gzipped`);
  console.log(`  + ${r.languageChunks} language chunks, loaded on demand (largest ${kilobytes(r.largestLanguageGzipped)} gzipped)`);
}
