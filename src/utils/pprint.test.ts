import { describe, expect, test } from 'vitest';
import { pformat } from './pprint.js';

// Expected values printed by Python 3.12's pprint.pformat.
describe('pformat', () => {
  test('short values are their repr, with dict keys sorted', () => {
    expect(pformat({ b: 1, a: [1, 'x', null, true] })).toBe("{'a': [1, 'x', None, True], 'b': 1}");
    expect(pformat(new Map<unknown, unknown>([['b', 1], [2, 2], [1, 3]]))).toBe("{1: 3, 2: 2, 'b': 1}");
    expect(pformat("it's")).toBe('"it\'s"');
  });

  test('long lists put one item on a line', () => {
    const items = Array.from({ length: 30 }, (_, i) => i);
    expect(pformat(items)).toBe('[' + items.join(',\n ') + ']');
  });

  test('long strings are split at spaces into adjacent literals', () => {
    expect(pformat('The quick brown fox jumps over the lazy dog. '.repeat(2))).toBe(
      "('The quick brown fox jumps over the lazy dog. The quick brown fox jumps over '\n 'the lazy dog. ')",
    );
  });

  test('nested containers indent under their opening bracket', () => {
    expect(pformat({ alpha: 'a'.repeat(50), beta: { x: 'y'.repeat(70) } })).toBe(
      "{'alpha': 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',\n"
      + " 'beta': {'x': 'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'}}",
    );
  });
});
