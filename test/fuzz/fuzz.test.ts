/**
 * The crash fuzzer's promise on a small seeded slice (`npm run fuzz` runs
 * as many as asked). What it found is kept in test/fuzz/crashes.test.ts,
 * and what the differential fuzzer found in spec/cases/fuzz_regressions.json.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crashProblem, disagreement, renderAsyncWithLimits, renderWithLimits } from './check.js';
import { fuzzCaseArb, mutate, tokenize } from './grammar.js';

describe('crash fuzzing, a seeded slice', () => {
  test('generated and mutated templates end in output or a documented error with a position', () => {
    fc.assert(fc.property(fuzzCaseArb({ differential: false }), (c) => {
      const problem = crashProblem(c, renderWithLimits(c).got);
      if (problem !== undefined) throw new Error(problem);
    }), { seed: 42, numRuns: 400 });
  }, 60_000);

  test('renderAsync and renderStream end the same way as render, under the same rules', async () => {
    await fc.assert(fc.asyncProperty(fuzzCaseArb({ differential: false }), async (c) => {
      const sync = renderWithLimits(c).got;
      for (const mode of ['async', 'stream'] as const) {
        const { got } = await renderAsyncWithLimits(c, mode);
        const problem = crashProblem(c, got) ?? disagreement(c, sync, got, mode);
        if (problem !== undefined) throw new Error(`${mode}: ${problem}`);
      }
    }), { seed: 43, numRuns: 150 });
  }, 60_000);

  test('mutations cut, repeat and swap tokens and break delimiters', () => {
    expect(tokenize('a{{ b }}{% if c %}{# d #}')).toEqual(['a', '{{ b }}', '{% if c %}', '{# d #}']);
    expect(mutate('a{{ b }}c', [['cut', 1, 0]], [])).toBe('ac');
    expect(mutate('a{{ b }}c', [['dup', 1, 0]], [])).toBe('{{ b }}a{{ b }}c');
    expect(mutate('a{{ b }}c', [['swap', 0, 2]], [])).toBe('c{{ b }}a');
    expect(mutate('{% if x %}', [['break', 0, 0]], [])).toBe('{ if x %}');
  });
});
