import { describe, expect, it } from 'vitest';
import { html5 } from './html5entities.js';
import { unescape } from './htmlunescape.js';

// Expected values are Python 3.12's `html.entities.html5` and `html.unescape`.
describe('html5 entities (the encoded table)', () => {
  it('has the names with `;` and the legacy names without', () => {
    expect(html5('amp;')).toBe('&');
    expect(html5('amp')).toBe('&');
    expect(html5('Tab;')).toBe('\t');
    expect(html5('zwnj;')).toBe('\u200c');
    expect(html5('yuml')).toBe('\u00ff');
    expect(html5('rarr')).toBeUndefined();
  });

  it('has references of two code points and astral ones', () => {
    expect(html5('fjlig;')).toBe('fj');
    expect(html5('nvlt;')).toBe('<\u20d2');
    expect(html5('NotNestedGreaterGreater;')).toBe('\u2aa2\u0338');
    expect(html5('Afr;')).toBe('\ud835\udd04');
    expect(html5('zopf;')).toBe('\ud835\udd6b');
  });

  it('has nothing of Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(html5(name)).toBeUndefined();
  });
});

describe('unescape', () => {
  it('decodes named references, the longest known prefix, and numeric ones', () => {
    expect(unescape('&lt;a&gt; &amp;amp &notit; &copy2026 &#x41;&#128;&nosuch;')).toBe('<a> &amp \u00acit; \u00a92026 A\u20ac&nosuch;');
  });
});
