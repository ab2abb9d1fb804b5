/**
 * The attacks real Django can run too (test/security/django-cases.json,
 * written by django-cases.gen.mjs and recorded on Django 6.1): JavaScript's
 * machinery names looked up on every kind of data through every position
 * of a template, the same names bound, defined and loaded, registry and
 * template names, hostile template names, numbers and strings at the edges.
 * Each must give Django's output or Django's error, except the few where
 * the README's "Deliberate differences from Django" documents another
 * outcome: those must give that one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { describeOutcome, guardEachTest, matchesDjango, runRecordedCase, type RecordedCase } from './harness.js';

/**
 * Cases whose outcome is a deliberate difference from Django (README), with
 * reinhardt's documented outcome. JavaScript has one number type: a float
 * literal with a whole value (or one that underflows to 0) is a whole
 * number, printed as Python prints an int.
 */
const DELIBERATE_DIFFERENCES = new Map<string, { output: string }>([
  ['number-literal-0', { output: '0' }], // {{ -0.0 }}: Django -0.0
  ['number-literal-1', { output: '0' }], // {{ 0.0 }}: Django 0.0
  ['number-literal-5', { output: '0' }], // {{ -1e-400 }}: Django -0.0
  ['number-literal-6', { output: '0' }], // {{ 1e-400 }}: Django 0.0
  ['number-literal-18', { output: '0' }], // {{ -0.0|stringformat:"s" }}: Django -0.0
]);

const cases = JSON.parse(readFileSync(new URL('./django-cases.json', import.meta.url), 'utf8')) as RecordedCase[];

/** `lookup-var-constructor-dict` is in the group `lookup-var`. */
function groupOf(name: string): string {
  const parts = name.split('-');
  return parts.slice(0, 2).join('-');
}

const groups = new Map<string, RecordedCase[]>();
for (const c of cases) {
  const g = groupOf(c.name);
  if (!groups.has(g)) groups.set(g, []);
  groups.get(g)!.push(c);
}

guardEachTest();

test('every case was recorded on Django', () => {
  const unrecorded = cases.filter((c) => c.output === undefined && c.error === undefined).map((c) => c.name);
  expect(unrecorded).toEqual([]);
  const unknown = [...DELIBERATE_DIFFERENCES.keys()].filter((n) => !cases.some((c) => c.name === n));
  expect(unknown, 'deliberate differences that name no case').toEqual([]);
});

for (const [group, list] of groups) {
  describe(group, () => {
    test.each(list.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const got = runRecordedCase(c);
      const documented = DELIBERATE_DIFFERENCES.get(c.name);
      if (documented) {
        expect(matchesDjango(c, got), 'a deliberate difference that now matches Django: take it out of the list').toBe(false);
        expect(got, describeOutcome(got)).toEqual(documented);
        return;
      }
      const want = c.output !== undefined ? `output ${JSON.stringify(c.output)}` : `error ${c.error}: ${c.errorMessage ?? '(any message)'}`;
      expect(matchesDjango(c, got), `Django: ${want}\nreinhardt: ${describeOutcome(got)}`).toBe(true);
    });
  });
}
