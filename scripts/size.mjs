#!/usr/bin/env node
// `npm run size`: how large reinhardt/runtime is in a browser bundle, minified
// and gzipped, measured with esbuild (a dev dependency: TypeScript's compiler
// does not bundle or minify). What a precompiled module's page loads: a
// module imports only the filters and tag classes its templates use, so its
// page loads less than the whole runtime; both are measured.
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtimePath = `${root}src/precompiled/runtime.ts`;

/**
 * The runtime bundled for the browser and minified: its sizes in bytes, and
 * the modules in it. With `names`, only those exports (what a module
 * imports); without, all of them (all built-in filters and tags' nodes).
 */
export async function measureRuntime(names) {
  const result = await build({
    stdin: names === undefined
      ? undefined
      : { contents: `export { ${names.join(', ')} } from ${JSON.stringify(runtimePath)};`, resolveDir: root, loader: 'js' },
    entryPoints: names === undefined ? [runtimePath] : undefined,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    // What the runtime must not need: fail the build rather than bundle it.
    external: ['node:*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    inputs: Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path, bytesInOutput })),
    imports: Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)),
  };
}

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
  const all = await measureRuntime();
  const names = await examplePageImports();
  const page = await measureRuntime(names);
  console.log(`reinhardt/runtime (all built-in filters, the built-in tags' nodes): ${kb(all.minified)} minified, ${kb(all.gzipped)} minified and gzipped`);
  console.log(`what examples/static-site's precompiled module imports of it (${names.length - 1} parts): ${kb(page.minified)} minified, ${kb(page.gzipped)} minified and gzipped`);
  if (process.argv.includes('--verbose')) {
    for (const [what, { inputs }] of [['all', all], ['the example page', page]]) {
      console.log(`\n${what}:`);
      for (const { path, bytesInOutput } of inputs.sort((a, b) => b.bytesInOutput - a.bytesInOutput)) console.log(`${String(bytesInOutput).padStart(8)}  ${path}`);
    }
  }
}
