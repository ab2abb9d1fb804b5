#!/usr/bin/env node
// `npm run size`: how large reinhardt/runtime is in a browser bundle, minified
// and gzipped, measured with esbuild (a dev dependency: TypeScript's compiler
// does not bundle or minify). What a precompiled module's page loads: a
// module imports only the filters and tag classes its templates use, so its
// page loads less than the whole runtime. Measured: the render core (every
// page), all built-in filters, the English-only runtime (with the tags'
// nodes too), that with the translation machinery, all of it, and the
// module of examples/static-site; `--verbose` gives each module's share.
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtimePath = `${root}src/precompiled/runtime.ts`;

/**
 * The runtime bundled for the browser and minified, split as a bundler
 * splits it (esbuild's `splitting`): what a page loads at once (the entry and
 * the chunks it imports), and the chunks loaded on first use (`import()`:
 * async rendering). With `names`, only those exports (what a module imports);
 * without, all of them (all built-in filters, tags' nodes, bundled libraries).
 * Sizes in bytes; each file gzipped on its own, as a server sends it.
 * With `byModule`, each module's share of the gzipped size (see gzippedByModule).
 */
export async function measureRuntime(names, { byModule = false } = {}) {
  const options = {
    stdin: names === undefined
      ? undefined
      // Used as a page uses them, by the minifier's names: re-exported, the
      // parts' own names (`filterTruncatecharsHtml`, ...) would be counted.
      : { contents: `import { ${names.join(', ')} } from ${JSON.stringify(runtimePath)};\nexport default [${names.join(', ')}];`, resolveDir: root, loader: 'js' },
    entryPoints: names === undefined ? [runtimePath] : undefined,
    bundle: true,
    splitting: true,
    outdir: '/out',
    format: 'esm',
    platform: 'neutral',
    // What the runtime must not need: fail the build rather than bundle it.
    external: ['node:*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  };
  const result = await build({ ...options, minify: true });
  const shares = byModule ? await gzippedByModule(options) : undefined;
  const files = new Map(result.outputFiles.map((f) => [relative(f.path), f.contents]));
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'));
  const part = (paths) => {
    const inputs = paths.flatMap((path) => Object.entries(result.metafile.outputs[path].inputs)
      .map(([input, { bytesInOutput }]) => ({ path: input, bytesInOutput, gzipped: shares?.get(input) })));
    return {
      minified: paths.reduce((n, path) => n + files.get(relative(path)).length, 0),
      gzipped: paths.reduce((n, path) => n + gzipSync(files.get(relative(path)), { level: 9 }).length, 0),
      inputs,
    };
  };
  // What the entry imports statically, transitively: loaded with it.
  const entry = outputs.find(([, o]) => o.entryPoint !== undefined)[0];
  const atOnce = [entry];
  for (let i = 0; i < atOnce.length; i++) {
    for (const im of result.metafile.outputs[atOnce[i]].imports) if (im.kind === 'import-statement' && !atOnce.includes(im.path)) atOnce.push(im.path);
  }
  const lazy = outputs.filter(([path]) => !atOnce.includes(path)).map(([path, o]) => ({
    // Named by the module it was split for.
    module: Object.entries(o.inputs).sort((x, y) => y[1].bytesInOutput - x[1].bytesInOutput)[0][0],
    ...part([path]),
  }));
  return {
    ...part(atOnce),
    lazy,
    imports: Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)),
  };
}

/** An output path of the metafile, as the output file's (under `/out`) relative to it. */
function relative(path) {
  return path.replace(/^.*?out\//, '');
}

/**
 * Each module's share of the gzipped size: bundled as minified but with
 * esbuild's `// path` line before each module's code (whitespace not
 * minified), each module's code minified on its own, and its share the
 * gzipped size of its file less that of its file without it. Shares overlap
 * (what one module repeats of another compresses in either's absence), so
 * they add up to more than the whole; they rank what costs most.
 */
async function gzippedByModule(options) {
  const result = await build({ ...options, metafile: false, minifySyntax: true, minifyIdentifiers: true });
  const shares = new Map();
  const gz = (parts) => gzipSync(parts.map((p) => p.code).join(''), { level: 9 }).length;
  for (const file of result.outputFiles) {
    const parts = [{ path: '', lines: [] }];
    for (const line of file.text.split('\n')) {
      const marker = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line);
      if (marker) parts.push({ path: marker[1], lines: [] });
      else parts[parts.length - 1].lines.push(line);
    }
    for (const p of parts) {
      const code = p.lines.join('\n');
      p.code = await transform(code, { minifyWhitespace: true, format: 'esm' }).then((r) => r.code, () => code);
    }
    const whole = gz(parts);
    for (const p of parts) if (p.path) shares.set(p.path, (shares.get(p.path) ?? 0) + whole - gz(parts.filter((q) => q !== p)));
  }
  return shares;
}

/** What reinhardt/runtime exports for precompiled modules (parts.ts), with the module each comes from. */
const PARTS = [...readFileSync(`${root}src/precompiled/parts.ts`, 'utf8').matchAll(/^export \{([^}]*)\} from '([^']*)';/gm)]
  .flatMap(([, list, from]) => list.split(',').map((name) => name.trim()).filter(Boolean).map((name) => ({ name, from })));

/** What a module using every built-in filter imports: loadTemplates and the filters' registrars. */
export const FILTER_PARTS = ['loadTemplates', ...PARTS.filter(({ name, from }) => from.includes('/filters/') && name.startsWith('filter')).map(({ name }) => name)];

/**
 * What a module using every built-in filter and tag imports, in English
 * (neither Django's bundled libraries, `{% load static %}`, ..., nor its
 * translations, `I18n`): the filters, the classes runtime.ts exports for
 * recipes and the tags' nodes and functions of parts.ts.
 */
export const BUILTIN_PARTS = [...FILTER_PARTS, 'NodeList', 'FilterExpression', 'Variable', 'SafeString', 'PartialTemplate',
  ...PARTS.filter(({ name, from }) => !FILTER_PARTS.includes(name) && !from.includes('/libraries/') && !from.includes('/i18n/')).map(({ name }) => name)];

/** The same with Django's translation machinery (I18n): a module that translates, or was precompiled with --i18n or catalogs. */
export const I18N_PARTS = [...BUILTIN_PARTS, ...PARTS.filter(({ from }) => from.includes('/i18n/')).map(({ name }) => name)];

/** What the module precompiled from examples/static-site's templates imports of the runtime. */
export async function examplePageImports() {
  // The precompiler is TypeScript: bundled for Node into a temporary file to
  // run it, under node_modules so that it finds its dependencies.
  const dir = mkdtempSync(join(root, 'node_modules', '.reinhardt-size-'));
  try {
    const file = join(dir, 'precompile.mjs');
    await build({
      entryPoints: [`${root}src/precompiled/precompile.ts`], bundle: true, format: 'esm', platform: 'node',
      packages: 'external', outfile: file, logLevel: 'silent',
    });
    const { precompile } = await import(pathToFileURL(file).href);
    const folder = `${root}examples/static-site/templates`;
    const templates = {};
    for (const name of readdirSync(folder, { recursive: true })) {
      const path = join(folder, name);
      if (name.endsWith('.html')) templates[name.split('\\').join('/')] = readFileSync(path, 'utf8');
    }
    const { code } = precompile(templates, { sourceMap: false });
    return /^import \{ (.*) \} from "reinhardt\/runtime";$/m.exec(code)[1].split(', ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const verbose = process.argv.includes('--verbose');
  const sizes = (m) => `${kb(m.minified)} minified, ${kb(m.gzipped)} minified and gzipped`;
  const names = await examplePageImports();
  const measured = [
    ['the render core, what every page loads (loadTemplates alone: no filter, no tag)', await measureRuntime(['loadTemplates'], { byModule: verbose })],
    [`all ${FILTER_PARTS.length - 1} built-in filters, without tags' nodes`, await measureRuntime(FILTER_PARTS, { byModule: verbose })],
    ['the English-only runtime: all built-in filters and tags\' nodes (no bundled library, no translations)', await measureRuntime(BUILTIN_PARTS, { byModule: verbose })],
    ['the same with Django\'s translation machinery (I18n: a module that translates)', await measureRuntime(I18N_PARTS, { byModule: verbose })],
    ['all of reinhardt/runtime (with the six bundled libraries: i18n, l10n, tz, static, cache, humanize)', await measureRuntime(undefined, { byModule: verbose })],
    [`what examples/static-site's precompiled module imports of it (${names.length - 1} parts)`, await measureRuntime(names, { byModule: verbose })],
  ];
  for (const [what, m] of measured) {
    console.log(`${what}: ${sizes(m)}`);
    for (const chunk of m.lazy) console.log(`  and on first use, ${chunk.module}: ${sizes(chunk)}`);
  }
  if (verbose) {
    const rows = (inputs) => inputs.filter((i) => i.bytesInOutput > 0 && i.path !== '<stdin>').sort((a, b) => b.gzipped - a.gzipped)
      .map(({ path, bytesInOutput, gzipped }) => `${String(gzipped).padStart(8)} ${String(bytesInOutput).padStart(8)}  ${path}`);
    for (const [what, m] of measured) {
      console.log(`\n${what}\n  gzipped share, minified bytes, module:`);
      console.log(rows(m.inputs).join('\n'));
      for (const chunk of m.lazy) console.log(`  loaded on first use:\n${rows(chunk.inputs).join('\n')}`);
    }
  }
}
