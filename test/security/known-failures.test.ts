/**
 * What reinhardt does not withstand today. Every test here states the
 * behaviour the suite demands and is marked `test.fails`: CI stays green
 * while the bug stands, and turns red the day it is fixed (then move the
 * test to its suite, or take the name out of known.ts).
 *
 * Severity, highest first:
 *  1. Code execution through a polluted prototype: the code writer looks
 *     up runtime helper names in a plain object (`shortNames[name] ??
 *     'rt_' + name`) and a filter's missing argument in an array
 *     (`argExprs[0] ?? 'undefined'`); both reach Object.prototype /
 *     Array.prototype, and the polluted string is spliced into the
 *     generated JavaScript.
 *  2. Engine options read from a polluted Object.prototype: autoescape off,
 *     stringIfInvalid printed, templates injected, dirs read, limits set.
 *  3. Array holes filled from a polluted Array.prototype by for, join,
 *     slice, in, ==, and many list filters.
 *  4. Other internal properties read through the prototype chain (flags on
 *     callables, option objects), a user `forloop` object written to by
 *     `ifchanged`, stack overflows on deep nesting.
 *  5. Conformance and diagnostics: silent getters, `toString` returning a
 *     non-string.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { Engine } from '../../src/index.js';
import {
  attempt, deepFreeze, describeOutcome, guardEachTest, makeEngine, matchesDjango, resetSentinel, runRecordedCase, sentinelFired, snapshot,
  withPollution, type RecordedCase,
} from './harness.js';
import {
  KNOWN_DJANGO_CASE_FAILURES,
} from './known.js';
import { IDENTIFIER_PAYLOAD, OPTION_POLLUTIONS, STATEMENT_PAYLOAD, optionOutcome, removePollutionFiles } from './pollution.js';

guardEachTest();
afterAll(removePollutionFiles);

/** Run `fn`; report whether the sentinel fired, and leave it unset for the guard. */
function fires(fn: () => unknown): boolean {
  resetSentinel();
  try {
    fn();
  } catch {
    // the payload may run and the template still fail
  }
  const fired = sentinelFired();
  resetSentinel();
  return fired;
}

describe('1. code execution through a polluted prototype (fixed: these guard against its return)', () => {
  const helpers: [string, string][] = [
    ['nodeOutput', '{% load sec %}{% echo 1 %}'],
    ['parentloop', '{% for x in l %}{% endfor %}'],
    ['unpack', '{% for a, b in l %}{% endfor %}'],
    ['argValue', '{{ a|default:b }}'],
    ['pyEquals', '{% if a == b %}{% endif %}'],
    ['compare', '{% if a < b %}{% endif %}'],
    ['contains', '{% if a in l %}{% endif %}'],
    ['pyIs', '{% if a is b %}{% endif %}'],
    ['getInFrame', '{% load spec %}{% with __proto__=1 %}{% lookup "__proto__" %}{% endwith %}'],
    ['setInFrame', '{% for __proto__ in l %}{% endfor %}'],
    ['throwTypeError', '{{ a|linebreaks:1 }}'],
    ['loopLimit', '{% for x in l %}{% endfor %}'],
    ['outputLimit', 'x{{ a }}'],
  ];
  const statementHelpers: [string, string][] = [
    ['streamPoint', '{% load sec %}{% echo 1 %}'],
    ['setInFrame', '{% with __proto__=1 %}{% endwith %}'],
  ];
  test.each(helpers)('Object.prototype.%s = <payload> never runs when a template using it is compiled (%s)', (name, src) => {
    const fired = fires(() => withPollution(Object.prototype, name, IDENTIFIER_PAYLOAD, () => {
      makeEngine({ maxLoopIterations: 100, maxOutputSize: 1000 } as ConstructorParameters<typeof Engine>[0]).engine.fromString(src).render({ l: [], a: 1, b: 2 });
    }));
    expect(fired).toBe(false);
  });

  test.each(statementHelpers)('Object.prototype.%s = <statement payload> never runs when a template using it renders (%s)', (name, src) => {
    const fired = fires(() => withPollution(Object.prototype, name, STATEMENT_PAYLOAD, () => {
      makeEngine().engine.fromString(src).render({});
    }));
    expect(fired).toBe(false);
  });

  test.each([['Object.prototype', Object.prototype], ['Array.prototype', Array.prototype]])('%s[0] = <payload> never runs when a filter that needs autoescape gets no argument ({{ a|linebreaks }})', (_label, target) => {
    const fired = fires(() => withPollution(target, 0, IDENTIFIER_PAYLOAD, () => makeEngine().engine.fromString('{{ a|linebreaks }}').render({ a: 1 })));
    expect(fired).toBe(false);
  });
});

// 2. engine options read from a polluted Object.prototype: fixed (pollution.test.ts checks every option).

// 3. array holes filled from a polluted Array.prototype: fixed (pollution.test.ts checks every template).

// 4. internal properties read through the prototype chain: fixed (pollution.test.ts checks every
// name the engine reads on Object.prototype and Array.prototype).

// 4. Library registration options read from a polluted Object.prototype: fixed (pollution.test.ts).

describe('5. behaviour that differs from Django', () => {
  const cases = JSON.parse(readFileSync(new URL('./django-cases.json', import.meta.url), 'utf8')) as RecordedCase[];
  test.fails.each(cases.filter((c) => KNOWN_DJANGO_CASE_FAILURES.has(c.name)).map((c) => [c.name, KNOWN_DJANGO_CASE_FAILURES.get(c.name)!, c] as const))('%s: %s', (_name, _why, c) => {
    expect(matchesDjango(c, runRecordedCase(c))).toBe(true);
  });
});
