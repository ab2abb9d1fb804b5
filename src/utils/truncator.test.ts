/**
 * The Truncator and the text helpers beside it, with the expectations of
 * Django's own tests (tests/utils_tests/test_text.py): among them the
 * custom truncation markers no template filter can pass.
 */
import { describe, expect, test } from 'vitest';
import { Truncator, addTruncationText, calculateTruncateCharsLength } from './truncator.js';
import { phone2numeric, slugify, wrap } from './text.js';

describe('Truncator.chars', () => {
  test('plain text', () => {
    const t = new Truncator('The quick brown fox jumped over the lazy dog.');
    expect(t.chars(100)).toBe('The quick brown fox jumped over the lazy dog.');
    expect(t.chars(21)).toBe('The quick brown fox …');
    expect(t.chars(23, '.....')).toBe('The quick brown fo.....');
    expect(t.chars(4, '.....')).toBe('.....');
  });

  test('NFC and NFD count the same', () => {
    const nfc = new Truncator('o\xfco\xfco\xfco\xfc');
    const nfd = new Truncator('ou\u0308ou\u0308ou\u0308ou\u0308');
    expect(nfc.chars(8)).toBe('oüoüoüoü');
    expect(nfd.chars(8)).toBe('oüoüoüoü');
    expect(nfc.chars(3)).toBe('oü…');
    expect(nfd.chars(3)).toBe('oü…');
  });

  test('combining characters without a precomposed form', () => {
    const t = new Truncator('-B\u030aB\u030a----8');
    expect(t.chars(3)).toBe('-B\u030a…');
    expect(t.chars(5)).toBe('-B\u030aB\u030a-…');
    expect(t.chars(8)).toBe('-B\u030aB\u030a----8');
    const dashes = new Truncator('-----');
    expect(dashes.chars(4, 'B\u030a')).toBe('---B\u030a');
    expect(dashes.chars(5, 'B\u030a')).toBe('-----');
  });

  test('a marker longer than the length', () => {
    expect(new Truncator('asdf').chars(1, '...')).toBe('...');
  });

  test('html', () => {
    const t = new Truncator(
      '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>',
    );
    expect(t.chars(80, undefined, true)).toBe(
      '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>',
    );
    expect(t.chars(45, undefined, true)).toBe(
      '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog…</em></strong></p>',
    );
    expect(t.chars(10, undefined, true)).toBe('<p id="par"><strong><em>The quick…</em></strong></p>');
    expect(t.chars(1, undefined, true)).toBe('<p id="par"><strong><em>…</em></strong></p>');
    expect(t.chars(0, undefined, true)).toBe('');
    expect(t.chars(-1, undefined, true)).toBe('');
    expect(t.chars(10, '....', true)).toBe('<p id="par"><strong><em>The qu....</em></strong></p>');
    expect(t.chars(10, '', true)).toBe('<p id="par"><strong><em>The quick </em></strong></p>');
    expect(new Truncator('foo</p>').chars(5, undefined, true)).toBe('foo</p>');
  });

  test('html with void elements and entities', () => {
    const t = new Truncator('<br>The <hr/>quick <em>brown fox</em> jumped over the lazy dog.');
    expect(t.chars(16, undefined, true)).toBe('<br>The <hr/>quick <em>brown…</em>');
    expect(t.chars(6, undefined, true)).toBe('<br>The <hr/>q…');
    expect(t.chars(4, undefined, true)).toBe('<br>The…');
    const e = new Truncator('<i>Buenos d&iacute;as! &#x00bf;C&oacute;mo est&aacute;?</i>');
    expect(e.chars(24, undefined, true)).toBe('<i>Buenos días! ¿Cómo está…</i>');
  });
});

describe('Truncator.words', () => {
  test('plain text', () => {
    const t = new Truncator('The quick brown fox jumped over the lazy dog.');
    expect(t.words(10)).toBe('The quick brown fox jumped over the lazy dog.');
    expect(t.words(4)).toBe('The quick brown fox…');
    expect(t.words(4, '[snip]')).toBe('The quick brown fox[snip]');
    expect(t.words(0)).toBe('');
    expect(t.words(-1)).toBe('');
  });

  test('html', () => {
    const t = new Truncator(
      '<p id="par"><strong><em>The quick brown fox jumped over the lazy dog.</em></strong></p>',
    );
    expect(t.words(4, undefined, true)).toBe('<p id="par"><strong><em>The quick brown fox…</em></strong></p>');
    expect(t.words(4, '....', true)).toBe('<p id="par"><strong><em>The quick brown fox....</em></strong></p>');
    expect(t.words(4, '', true)).toBe('<p id="par"><strong><em>The quick brown fox</em></strong></p>');
    const tags = new Truncator('<br/>The <hr />quick brown fox jumped over the lazy dog.');
    expect(tags.words(3, undefined, true)).toBe('<br/>The <hr />quick brown…');
    expect(new Truncator('<'.repeat(60000)).words(1, undefined, true)).toBe('&lt;…');
    const misplaced = new Truncator('hello >< world');
    expect(misplaced.words(1, undefined, true)).toBe('hello…');
    expect(misplaced.words(2, undefined, true)).toBe('hello &gt;…');
    expect(misplaced.words(3, undefined, true)).toBe('hello &gt;&lt;…');
    expect(misplaced.words(4, undefined, true)).toBe('hello &gt;&lt; world');
    expect(new Truncator('<p data-x="א">Hello, my dear lady!</p>').words(3, undefined, true)).toBe(
      '<p data-x="א">Hello, my dear…</p>',
    );
  });
});

test('addTruncationText', () => {
  expect(addTruncationText('abc')).toBe('abc…');
  expect(addTruncationText('abc', '[%(truncated_text)s] 100%%')).toBe('[abc] 100%');
  expect(addTruncationText('a …', ' …')).toBe('a …');
  expect(calculateTruncateCharsLength(5)).toBe(4);
  expect(calculateTruncateCharsLength(5, 'B\u030a')).toBe(4);
});

test('wrap', () => {
  expect(wrap('1234 67 9', 100)).toBe('1234 67 9');
  expect(wrap('1234 67 9', 9)).toBe('1234 67 9');
  expect(wrap('1234 67 9', 8)).toBe('1234 67\n9');
  expect(wrap('short\na long line', 7)).toBe('short\na long\nline');
  expect(wrap('do-not-break-long-words please? ok', 8)).toBe('do-not-break-long-words\nplease?\nok');
  const longWord = `l${'o'.repeat(20)}ng`;
  expect(wrap(longWord, 20)).toBe(longWord);
  expect(wrap(`a ${longWord} word`, 10)).toBe(`a\n${longWord}\nword`);
  expect(wrap('first line\n     \nsecond line\n\nthird     \n', 5)).toBe('first\nline\n     \nsecond\nline\n\nthird\n');
  expect(() => wrap('x', 0)).toThrow('invalid width 0 (must be > 0)');
  expect(wrap('', 0)).toBe('');
});

test('phone2numeric', () => {
  expect(phone2numeric('0800 flowers')).toBe('0800 3569377');
});

test('slugify', () => {
  const items: [string, string][] = [
    ['Hello, World!', 'hello-world'],
    ['spam & eggs', 'spam-eggs'],
    [' multiple---dash and  space ', 'multiple-dash-and-space'],
    ['\t whitespace-in-value \n', 'whitespace-in-value'],
    ['underscore_in-value', 'underscore_in-value'],
    ['__strip__underscore-value___', 'strip__underscore-value'],
    ['--strip-dash-value---', 'strip-dash-value'],
    ['__strip-mixed-value---', 'strip-mixed-value'],
    ['_ -strip-mixed-value _-', 'strip-mixed-value'],
  ];
  for (const [value, output] of items) expect(slugify(value)).toBe(output);
});
