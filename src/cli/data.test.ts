import { describe, expect, test } from 'vitest';
import { changedPages, fingerprint, isCloneable, pageContext, siteData } from './data.js';
import { markSafe } from '../index.js';

describe('site data', () => {
  test('a page context: the shared values, the page\'s own over them, without "pages"', () => {
    const data = siteData({ a: 1, b: 2, pages: { 'x.html': { b: 3 } } });
    expect(pageContext(data, 'x.html')).toEqual({ a: 1, b: 3 });
    expect(pageContext(data, 'y.html')).toEqual({ a: 1, b: 2 });
    expect(pageContext(data, 'constructor')).toEqual({ a: 1, b: 2 });
  });

  test('the shape is checked', () => {
    expect(() => siteData(null)).toThrow('the data must be an object, not null');
    expect(() => siteData({ pages: [] })).toThrow('"pages" must be an object of page values by template name, not an array');
    expect(() => siteData({ pages: { 'a.html': 'x' } })).toThrow('pages["a.html"] must be an object, not a string');
  });

  test('plain data is copied to worker threads; functions and class instances are not', () => {
    expect(isCloneable({ a: [1, 'x', null, true], d: new Date(), m: new Map([[1, { s: new Set([2]) }]]) })).toBe(true);
    expect(isCloneable({ f: () => 1 })).toBe(false);
    expect(isCloneable({ s: markSafe('<b>') })).toBe(false);
    expect(isCloneable({ get g() { return 1; } })).toBe(false);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(isCloneable(cycle)).toBe(true);
  });

  test('the pages whose context changed between two loads', () => {
    const pages = ['a.html', 'b.html', 'c.html'];
    const before = siteData({ s: 1, pages: { 'a.html': { t: 1 }, 'b.html': { t: 1 } } });
    expect(changedPages(before, siteData({ s: 1, pages: { 'a.html': { t: 2 }, 'b.html': { t: 1 } } }), pages)).toEqual(['a.html']);
    expect(changedPages(before, siteData({ s: 1, pages: { 'a.html': { t: 1 }, 'b.html': { t: 1 }, 'c.html': {} } }), pages)).toEqual(['c.html']);
    expect(changedPages(before, siteData({ s: 2, pages: { 'a.html': { t: 1 }, 'b.html': { t: 1 } } }), pages)).toEqual(pages);
    expect(changedPages(before, siteData({ s: 1, pages: { 'a.html': { t: 1 }, 'b.html': { t: 1 } } }), pages)).toEqual([]);
  });

  test('fingerprints tell data apart by value, functions by source, and give up on cycles', () => {
    expect(fingerprint({ a: 1, b: [new Date(0)] })).toBe(fingerprint({ b: [new Date(0)], a: 1 }));
    expect(fingerprint({ f: () => 1 })).not.toBe(fingerprint({ f: () => 2 }));
    expect(fingerprint(new Map([[1, 2]]))).not.toBe(fingerprint(new Map([[1, 3]])));
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(fingerprint(cycle)).toBeNull();
  });
});
