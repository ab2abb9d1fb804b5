/**
 * The conformance suite on reinhardt. The same cases run on real Django
 * (spec/django_runner.py); both must pass every one.
 */
import { describe, expect, test } from 'vitest';
import { loadCases, runCase } from './runCase.js';

// Every case through the synchronous render, the async one and the stream;
// a case with `extends` once more, rendered twice.
for (const mode of ['sync', 'async', 'stream', 'again'] as const) {
for (const [file, all] of loadCases()) {
  const cases = mode === 'again' ? all.filter((c) => Object.values(c.templates ?? { t: c.template ?? '' }).some((t) => t.includes('extends'))) : all;
  if (cases.length) describe(mode === 'sync' ? file : `${file} (${mode})`, () => {
    for (const c of cases) {
      test(c.name, async () => {
        const got = await runCase(c, mode);
        if (c.output !== undefined) {
          if ('error' in got) throw got.error;
          expect(got.output).toBe(c.output);
        } else {
          expect('error' in got, 'expected an error').toBe(true);
          const err = (got as { error: Error }).error;
          expect(err.name).toBe(c.error);
          if (c.errorMessage !== undefined) expect(err.message).toBe(c.errorMessage);
        }
      });
    }
  });
}
}
