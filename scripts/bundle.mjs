/**
 * The package as Node loads it (the `node` condition of package.json's
 * `exports`; bundlers for the browser keep the modules as tsc wrote them,
 * which they tree-shake and split themselves): every public entry point bundled by esbuild
 * into `dist/bundle/`, from what `tsc` wrote to `dist/` (run by
 * `npm run build`, after tsc).
 *
 * Why: Node loads an ES module graph one file at a time (resolve, read,
 * compile, link), and reinhardt's is about a hundred modules; a few files
 * import in a fraction of the time.
 *
 * Why all entries in one build: `reinhardt`, `reinhardt/runtime`,
 * `reinhardt/browser` and the `reinhardt` command (and its worker threads)
 * must share one copy of each class (Library, SafeString, Template, ...).
 * Bundled one by one, each would carry its own, and a string marked safe
 * by one would be escaped by a module precompiled against another. With
 * `splitting`, what two entries share lives in a shared chunk that both
 * import.
 *
 * All files land in one folder: the CLI finds its worker as `./worker.js`
 * beside the module that starts it, and its version in `../../package.json`.
 *
 * Django's locale data stays outside the bundle: each language is its own
 * module, read on first use (or imported dynamically), next to
 * `src/i18n/locale-data.js`, which finds them from its own URL; so that
 * module and the data are left as tsc wrote them and imported from the bundle.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--dist <dir>`: bundle a build made elsewhere (the tests build into a temporary folder).
const at = process.argv.indexOf('--dist');
const dist = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'dist');
const outdir = resolve(dist, 'bundle');

/** Each bundled file and the module (as tsc wrote it) it is made from. */
const entryPoints = {
  reinhardt: 'src/index.js',
  runtime: 'src/precompiled/runtime.js',
  browser: 'src/browser.js',
  cli: 'src/cli/main.js',
  worker: 'src/cli/worker.js',
};

/** Modules that must stay files: the locale data and the module that reads it. */
const keptApart = /[\\/]src[\\/](?:i18n[\\/]locale-data\.js|utils[\\/]locale-data[\\/][^\\/]+\.js)$/;

// Chunks are named by hash: those of an earlier build would stay beside the new ones.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: Object.entries(entryPoints).map(([out, from]) => ({ in: resolve(dist, from), out })),
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // moo, lru-cache, source-map: imported from node_modules as any dependency.
  packages: 'external',
  // Readable output: stack traces through reinhardt stay legible. Names are
  // kept: esbuild makes a class that names itself `_GroupedResult` inside,
  // and pyRepr prints a tuple subclass's constructor name.
  minify: false,
  keepNames: true,
  legalComments: 'inline',
  logLevel: 'warning',
  plugins: [{
    name: 'keep-locale-data-apart',
    setup(b) {
      b.onResolve({ filter: /locale-data/ }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        if (!keptApart.test(path)) return undefined;
        // Every output file is in `outdir`, so one relative path serves all.
        let spec = relative(outdir, path).split('\\').join('/');
        if (!spec.startsWith('.')) spec = './' + spec;
        return { path: spec, external: true };
      });
    },
  }],
});
