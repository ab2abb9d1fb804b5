/**
 * The package as Node loads it (the `node` condition of package.json's
 * `exports`; bundlers for the browser keep the modules as tsc wrote them,
 * which they tree-shake and split themselves), built from what `tsc` wrote
 * to `dist/` (run by `npm run build`, after tsc) into `dist/bundle/`:
 *
 * - `core.cjs`: every public entry point bundled by esbuild into one script
 *   (`reinhardt`, `reinhardt/runtime`, `reinhardt/browser`, the `reinhardt`
 *   command and its worker threads);
 * - `core.cache`: V8's code cache of that script, made here after a warm-up
 *   that compiles and renders a few templates (see code-cache.mjs);
 * - `core.js`: the ES module that runs the script, with the cache when V8
 *   accepts it;
 * - `reinhardt.js`, `runtime.js`, `browser.js`, `cli.js`, `worker.js`: the
 *   entry points, ES modules re-exporting their part of the script.
 *
 * Why one script: Node loads an ES module graph one file at a time
 * (resolve, read, compile, link), and reinhardt's is about a hundred
 * modules. And V8 compiles each function the first time it runs: a cold
 * engine's first render spent about half its time compiling reinhardt's own
 * lexer, parser, compiler and runtime. Node 20 keeps no code cache for ES
 * modules (22's `module.enableCompileCache` does), but `vm.Script` takes
 * one: with it the functions the warm-up ran arrive compiled. V8 refuses a
 * cache made by another V8 version or with other V8 flags
 * (`script.cachedDataRejected`); the script then compiles as it would
 * without one. Nothing is written into the package at run time.
 *
 * Why all entries in one script: they must share one copy of each class
 * (Library, SafeString, Template, ...). Bundled one by one, each would carry
 * its own, and a string marked safe by one would be escaped by a module
 * precompiled against another. The command and the worker's modules are
 * evaluated only when those entries are imported.
 *
 * All files land in one folder: the CLI finds its worker as `./worker.js`
 * beside `core.js` (the `import.meta.url` the script is given), and its
 * version in `../../package.json`.
 *
 * Django's locale data stays outside the bundle: each language is its own
 * module, read on first use (or imported dynamically), next to
 * `src/i18n/locale-data.js`, which finds them from its own URL; so that
 * module and the data are left as tsc wrote them, imported by `core.js` and
 * handed to the script.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--dist <dir>`: bundle a build made elsewhere (the tests build into a temporary folder).
const at = process.argv.indexOf('--dist');
const dist = at > 0 ? resolve(process.argv[at + 1]) : resolve(root, 'dist');
const outdir = resolve(dist, 'bundle');

/** Modules that must stay files: the locale data and the module that reads it. */
const keptApart = /[\\/]src[\\/](?:i18n[\\/]locale-data\.js|utils[\\/]locale-data[\\/][^\\/]+\.js)$/;

/** The names the script is run with (see core.js below). */
const IMPORT = '__reinhardtImport';
const META_URL = '__reinhardtMetaUrl';

// Files of an earlier build would stay beside the new ones.
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const spec = (path) => JSON.stringify(resolve(dist, path));
/** The kept-apart modules the script requires, by the specifier it uses. */
const external = new Set();
const result = await build({
  stdin: {
    contents: [
      `export * as reinhardt from ${spec('src/index.js')};`,
      `export * as runtime from ${spec('src/precompiled/runtime.js')};`,
      `export * as browser from ${spec('src/browser.js')};`,
      `export const cli = () => import(${spec('src/cli/main.js')});`,
      `export const worker = () => import(${spec('src/cli/worker.js')});`,
    ].join('\n'),
    resolveDir: dist,
    sourcefile: 'core-entry.js',
  },
  outfile: resolve(outdir, 'core.cjs'),
  write: false,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The dependencies (moo, lru-cache, source-map's generator) are bundled
  // too: their code then comes compiled from the cache as well (lru-cache's
  // constructor and moo's rules run for every new engine).
  banner: { js: '// Bundles moo (BSD-3-Clause), lru-cache (BlueOak-1.0.0) and source-map (BSD-3-Clause): see their licenses in node_modules.' },
  define: { 'import.meta.url': META_URL },
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
        external.add(spec);
        return { path: spec, external: true };
      });
    },
  }],
});

// A script run by vm has no `import()` of its own (V8 drops what would
// resolve it when the code comes from the cache): the script's dynamic
// imports (node:stream, a user's data or library module) are core.js's.
// `import(${` can only be text inside a template literal (code that writes
// code: precompile's lazy imports of locale data), never a call, so it stays.
const code = result.outputFiles[0].text.replace(/(?<![\w$`])import\((?!\$\{)/g, `${IMPORT}(`);
writeFileSync(resolve(outdir, 'core.cjs'), code);

const kept = [...external].sort();
writeFileSync(resolve(outdir, 'core.js'), `// Written by scripts/bundle.mjs: runs core.cjs (see there).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
${kept.map((s, i) => `import * as kept${i} from ${JSON.stringify(s)};`).join('\n')}

const file = new URL('./core.cjs', import.meta.url);
const keptApart = new Map([${kept.map((s, i) => `[${JSON.stringify(s)}, kept${i}]`).join(', ')}]);
const nodeRequire = createRequire(file);
const require = (id) => keptApart.get(id) ?? nodeRequire(id);
let cachedData;
try {
  cachedData = readFileSync(new URL('./core.cache', import.meta.url));
} catch {
  // No cache (a build that made none): compiled as it runs.
}
const source = '(function (exports, require, module, ${IMPORT}, ${META_URL}) {' + readFileSync(file, 'utf8') + '\\n})';
/** The script, with V8's cache when it accepts it; scripts/code-cache.mjs makes the cache from it. */
export const script = new Script(source, { filename: file.pathname, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, require, module, (specifier) => import(specifier), import.meta.url);
export const core = module.exports;
`);

const facade = (part, names) =>
  `// Written by scripts/bundle.mjs: ${part} from core.cjs.\nimport { core } from './core.js';\n\nexport const {\n${names.map((n) => `  ${n},`).join('\n')}\n} = core.${part};\n`;
// The names each entry exports, read from the script itself.
const names = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', `
  const { core } = await import(${JSON.stringify(new URL('file://' + resolve(outdir, 'core.js')).href)});
  const names = {};
  for (const part of ['reinhardt', 'runtime', 'browser']) names[part] = Object.keys(core[part]).filter((n) => n !== 'default');
  names.cli = Object.keys(await core.cli());
  console.log(JSON.stringify(names));
`], { encoding: 'utf8' }));
for (const part of ['reinhardt', 'runtime', 'browser']) writeFileSync(resolve(outdir, `${part}.js`), facade(part, names[part]));
writeFileSync(resolve(outdir, 'cli.js'), `// Written by scripts/bundle.mjs: the command, from core.cjs.\nimport { core } from './core.js';\n\nexport const {\n${names.cli.map((n) => `  ${n},`).join('\n')}\n} = await core.cli();\n`);
writeFileSync(resolve(outdir, 'worker.js'), `// Written by scripts/bundle.mjs: a worker thread of the command, from core.cjs.\nimport { core } from './core.js';\n\nawait core.worker();\n`);

// The code cache, made in a fresh process with no flags of its own, as the package is run.
execFileSync(process.execPath, [resolve(root, 'scripts/code-cache.mjs'), outdir], { stdio: 'inherit', env: { ...process.env, NODE_OPTIONS: '' } });
