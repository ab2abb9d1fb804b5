#!/usr/bin/env node
// `npm run size`: how large reinhardt/runtime is in a browser bundle, minified
// and gzipped, measured with esbuild (a dev dependency: TypeScript's compiler
// does not bundle or minify). What a precompiled module's page loads.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The runtime bundled for the browser and minified: its sizes in bytes, and the modules in it. */
export async function measureRuntime() {
  const result = await build({
    entryPoints: [`${root}src/precompiled/runtime.ts`],
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped, inputs } = await measureRuntime();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`reinhardt/runtime (all built-in filters, the built-in tags' nodes): ${kb(minified)} minified, ${kb(gzipped)} minified and gzipped`);
  if (process.argv.includes('--verbose')) {
    for (const { path, bytesInOutput } of inputs.sort((a, b) => b.bytesInOutput - a.bytesInOutput)) console.log(`${String(bytesInOutput).padStart(8)}  ${path}`);
  }
}
