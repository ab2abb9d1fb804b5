/**
 * Precompiled modules run as a strict Content-Security-Policy runs them: in
 * a `vm` context made with `codeGeneration: { strings: false }`, where
 * `eval` and `new Function` throw. The runtime (with the spec's `decode`,
 * so that context values are made in that realm) is bundled once with
 * esbuild into a script; each module is turned from ESM into a function of
 * `require` by esbuild's transform and run there.
 */
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build, transformSync, type Plugin } from 'esbuild';
import { precompile, type PrecompileOptions } from '../../src/precompiled/precompile.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runtimeEntry = `${root}src/precompiled/runtime.ts`;

/** spec/values.ts and spec/specLibrary.ts import from the full engine: here from the runtime. */
const markSafeFromRuntime: Plugin = {
  name: 'runtime-instead-of-engine',
  setup(build) {
    build.onResolve({ filter: /src\/index\.js$/ }, () => ({ path: runtimeEntry }));
  },
};

let bundle: Promise<string> | undefined;
function runtimeBundle(): Promise<string> {
  bundle ??= build({
    stdin: {
      contents: [
        `export * from ${JSON.stringify(runtimeEntry)};`,
        `export { decode } from ${JSON.stringify(`${root}spec/values.ts`)};`,
        `export { specLibrary } from ${JSON.stringify(`${root}spec/specLibrary.ts`)};`,
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'ReinhardtRuntime',
    platform: 'browser',
    write: false,
    plugins: [markSafeFromRuntime],
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}

export interface StrictRealm {
  context: vm.Context;
  /** The runtime's exports, as seen in the realm. */
  runtime: Record<string, any>;
  /** Load a precompiled module's text, with the modules it imports besides the runtime; gives its exports. */
  load(moduleCode: string, imports?: Record<string, unknown>): Record<string, any>;
  /** Run an expression in the realm. */
  run(code: string): any;
}

/** A realm where code generation from strings is refused, with the runtime loaded. */
export async function strictRealm(): Promise<StrictRealm> {
  const context = vm.createContext(
    {
      URLSearchParams, ReadableStream, CountQueuingStrategy, TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask,
    },
    { codeGeneration: { strings: false, wasm: false } },
  );
  vm.runInContext(await runtimeBundle(), context);
  const runtime = context.ReinhardtRuntime as Record<string, any>;
  return {
    context,
    runtime,
    load(moduleCode, imports = {}) {
      // Dynamic imports (a module's locale data) become calls of `require` too, served from `imports`.
      const cjs = transformSync(moduleCode, { format: 'cjs', loader: 'js', logLevel: 'silent', supported: { 'dynamic-import': false } }).code;
      const wrapper = vm.runInContext(`(function (require, module, exports) {\n${cjs}\n})`, context) as (r: unknown, m: unknown, e: unknown) => void;
      const module = vm.runInContext('({ exports: {} })', context) as { exports: Record<string, any> };
      wrapper((id: string) => {
        if (id === 'reinhardt/runtime') return runtime;
        if (Object.hasOwn(imports, id)) return imports[id];
        throw new Error(`unexpected import ${id}`);
      }, module, module.exports);
      return module.exports;
    },
    run(code) {
      return vm.runInContext(code, context);
    },
  };
}

/** Precompile and load in one step. */
export function loadPrecompiled(realm: StrictRealm, templates: Record<string, string>, options?: PrecompileOptions): Record<string, any> {
  return realm.load(precompile(templates, options).code);
}
