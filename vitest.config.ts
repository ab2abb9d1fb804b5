import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import the package by name, as a user would; tests use the source.
    alias: [
      { find: /^reinhardt\/runtime$/, replacement: fileURLToPath(new URL('./src/precompiled/runtime.ts', import.meta.url)) },
      { find: /^reinhardt$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // Some cases render megabytes (Django's own wordwrap test wraps 1.5 MB);
    // on a loaded 2-core machine 5 s is too tight for them.
    testTimeout: 30_000,
    include: ['src/**/*.test.ts', 'spec/**/*.test.ts', 'examples/**/*.test.ts', 'tags/**/*.test.ts', 'filters/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
