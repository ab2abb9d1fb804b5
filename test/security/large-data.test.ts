/**
 * Large values from data never overflow the stack: code that copies a
 * value's items one call argument each (`push(...items)`) fails with a
 * RangeError past about 100,000 items. Found by a case of Django's own
 * tests (wordwrap of a long text).
 */
import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/index.js';

const N = 200_000;
const engine = new Engine({ autoescape: false });
const render = (template: string, context: Record<string, unknown>) => engine.fromString(template).render(context);

describe('values with many items', () => {
  test('wordwrap of a text of many short words', () => {
    const text = 'a '.repeat(N);
    expect(render('{{ t|wordwrap:1|length }}', { t: text })).toBe(String(2 * N - 1));
  });

  test("a dict's items, keys and values", () => {
    const d = Object.fromEntries(Array.from({ length: N }, (_, i) => [`k${i}`, i]));
    expect(render('{{ d.items|length }} {{ d.keys|last }} {{ d.values|first }}', { d })).toBe(`${N} k${N - 1} 0`);
  });

  test('slice and add of long lists', () => {
    const l = Array.from({ length: N }, (_, i) => i);
    expect(render('{{ l|slice:"1:"|length }} {{ l|add:l|length }}', { l })).toBe(`${N - 1} ${2 * N}`);
  });
});
