/**
 * The attacks real Django can run too (test/security/django-cases.json,
 * written by django-cases.gen.mjs and recorded on Django 6.1): JavaScript's
 * machinery names looked up on every kind of data through every position
 * of a template, the same names bound, defined and loaded, registry and
 * template names, hostile template names, numbers and strings at the edges.
 * Each must give Django's output or Django's error. The cases reinhardt
 * does not pass yet are in known-failures.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { describeOutcome, guardEachTest, matchesDjango, runRecordedCase, type RecordedCase } from './harness.js';
import { KNOWN_DJANGO_CASE_FAILURES } from './known.js';

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
  const unknown = [...KNOWN_DJANGO_CASE_FAILURES.keys()].filter((n) => !cases.some((c) => c.name === n));
  expect(unknown, 'known failures that name no case').toEqual([]);
});

for (const [group, list] of groups) {
  describe(group, () => {
    test.each(list.filter((c) => !KNOWN_DJANGO_CASE_FAILURES.has(c.name)).map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const got = runRecordedCase(c);
      const want = c.output !== undefined ? `output ${JSON.stringify(c.output)}` : `error ${c.error}: ${c.errorMessage ?? '(any message)'}`;
      expect(matchesDjango(c, got), `Django: ${want}\nreinhardt: ${describeOutcome(got)}`).toBe(true);
    });
  });
}
