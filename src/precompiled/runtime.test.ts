import { expect, test } from 'vitest';
import { measureRuntime } from '../../scripts/size.mjs';

test('reinhardt/runtime holds no lexer, parser or compiler, and no Node built-in', async () => {
  const { inputs, imports, gzipped } = await measureRuntime();
  const paths = inputs.map((i) => i.path);
  expect(paths).toContain('src/precompiled/runtime.ts');
  expect(paths).toContain('filters/index.ts');
  for (const machine of ['src/lexer.ts', 'src/parser.ts', 'src/compiler.ts', 'src/smartif.ts', 'src/engine.ts']) expect(paths).not.toContain(machine);
  expect(paths.filter((p) => p.includes('node_modules'))).toEqual([]);
  expect(imports.filter((p) => p.startsWith('node:'))).toEqual([]);
  // Measured, not asserted tightly: see "Precompiling for the browser" in the README.
  expect(gzipped).toBeGreaterThan(0);
});
