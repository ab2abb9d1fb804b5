/**
 * Crashes the fuzzers found (test/fuzz/), kept as regression tests: each
 * used to end in a JavaScript error, a hang or an error without a position.
 * Where Django's behaviour is the point, the case is also in
 * spec/cases/fuzz_regressions.json, recorded from Django.
 */
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/index.js';
import { specLibrary } from '../../spec/specLibrary.js';

function thrown(fn: () => unknown): Error & { templateName?: string; line?: number; column?: number } {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing was thrown');
}

describe('crashes the fuzzer found', () => {

  test('{% lorem %} past maxOutputSize stops at once instead of building the text (it hung)', () => {
    const engine = new Engine({ maxOutputSize: 1000 });
    const start = performance.now();
    const e = thrown(() => engine.fromString('{% lorem 100000000 w %}', 'page.html').render());
    expect(performance.now() - start).toBeLessThan(1000);
    expect(e.name).toBe('TemplateLimitError');
    expect([e.templateName, e.line, e.column]).toEqual(['page.html', 1, 1]);
  });

  test("an error thrown deep inside a filter keeps its template position (V8's 10 frames lost it)", () => {
    const engine = new Engine();
    const e = thrown(() => engine.fromString('x\n  {{ v|truncatechars_html:5 }}', 'page.html').render({ v: '<![foo]>abc' }));
    expect(e.name).toBe('AssertionError');
    expect([e.templateName, e.line, e.column]).toEqual(['page.html', 2, 3]);
  });

  test("Django's TypeErrors are Python's, not JavaScript's: `{{ v|linebreaks:1 }}`", () => {
    const e = thrown(() => new Engine().fromString('{{ v|linebreaks:1 }}').render());
    expect(e.name).toBe('TypeError');
    expect(e.constructor).toBe(Error);
  });

  test('a template name whose toString is data: extends and include read it as Python would, never call it', () => {
    const engine = new Engine({ templates: { 'toString': 'found' } });
    expect(thrown(() => engine.fromString('{% extends a %}').render({ a: { toString: false } })).message).toBe("unhashable type: 'dict'");
    expect(engine.fromString('{% include a %}').render({ a: { toString: false } })).toBe('found');
    expect(thrown(() => engine.fromString('{% include a %}').render({ a: [{ toString: 1 }] })).message).toBe("unhashable type: 'dict'");
  });

  test("an error a library's filter makes inside a tag's argument keeps its position in renderAsync and renderStream too (the async runtime's frames lost it)", async () => {
    const t = new Engine({ libraries: { spec: specLibrary } }).fromString("{% load spec %}{% echo 'abc'|parse_int %}", 'page.html');
    const where = (e: unknown) => { const p = e as { name: string; templateName?: string; line?: number; column?: number }; return [p.name, p.templateName, p.line, p.column]; };
    const want = ['ValueError', 'page.html', 1, 16];
    expect(where(thrown(() => t.render()))).toEqual(want);
    expect(where(await t.renderAsync().catch((e: unknown) => e))).toEqual(want);
    expect(where(await t.renderStream().getReader().read().catch((e: unknown) => e))).toEqual(want);
  });

  test('widths too large for a JavaScript string are MemoryError, not RangeError', () => {
    const engine = new Engine();
    for (const t of ['{{ "a"|center:600000000 }}', '{{ "a"|ljust:600000000 }}', '{{ "a"|rjust:600000000 }}', '{{ "a"|stringformat:"600000000s" }}']) {
      const e = thrown(() => engine.fromString(t).render());
      expect(e.name).toBe('MemoryError');
      expect(e.constructor).toBe(Error);
    }
  });
});
