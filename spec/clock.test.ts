/**
 * A case's recorded output must hold on any day the suite runs. A case that
 * reads the clock (`{% now %}`, timesince without an argument, humanize)
 * stops it with `options.now` on both runners; every other case renders here
 * once more with the engine's clock years away, and must not change.
 */
import { describe, expect, test } from 'vitest';
import { loadCases, runCaseSync } from './runCase.js';

const ANOTHER_DAY = new Date('2031-05-06T07:08:09Z');

for (const [file, all] of loadCases()) {
  const cases = all.filter((c) => c.options?.now === undefined);
  if (cases.length) describe(`${file} (another day)`, () => {
    test('no case without options.now reads the clock', () => {
      const changed: string[] = [];
      for (const c of cases) {
        const got = runCaseSync(c, { now: () => ANOTHER_DAY });
        const same = c.output !== undefined
          ? 'output' in got && got.output === c.output
          : 'error' in got && (got.error as Error).name === c.error;
        if (!same) changed.push(c.name);
      }
      expect(changed).toEqual([]);
    });
  });
}
