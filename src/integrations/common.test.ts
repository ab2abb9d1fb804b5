import { expect, test } from 'vitest';
import { djangoRequest, withExtension } from './common.js';

test('djangoRequest: from a Node-style request, preferring originalUrl', () => {
  const r = djangoRequest({ url: '/b?x=0', originalUrl: '/a/b?q=1&q=2&p=%20#frag', method: 'GET' }) as {
    GET: URLSearchParams;
    method: string;
    path: string;
  };
  expect([...r.GET]).toEqual([['q', '1'], ['q', '2'], ['p', ' ']]);
  expect(r.path).toBe('/a/b');
  expect(r.method).toBe('GET');
  expect((djangoRequest({ url: '/plain' }) as { GET: URLSearchParams }).GET.size).toBe(0);
});

test('djangoRequest: a request with GET is kept; nothing usable gives undefined', () => {
  const own = { GET: { page: ['2'] } };
  expect(djangoRequest(own)).toBe(own);
  expect(djangoRequest(undefined)).toBeUndefined();
  expect(djangoRequest('x')).toBeUndefined();
  expect(djangoRequest({})).toBeUndefined();
});

test('withExtension', () => {
  expect(withExtension('page', 'html')).toBe('page.html');
  expect(withExtension('page', '.html')).toBe('page.html');
  expect(withExtension('page.txt', 'html')).toBe('page.txt');
  expect(withExtension('blog.d/page', 'html')).toBe('blog.d/page.html');
  expect(withExtension('page#card', 'html')).toBe('page.html#card');
  expect(withExtension(['a', 'b.html'], 'html')).toEqual(['a.html', 'b.html']);
  expect(withExtension('page', undefined)).toBe('page');
});
