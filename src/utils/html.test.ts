/**
 * Django's html utilities on inputs from Django's own tests and edge cases;
 * the expected values were recorded from Django 6.1 on Python 3.12.
 */
import { describe, expect, test } from 'vitest';
import { escapejs, jsonScript, linebreaks, smartUrlquote, stripTags, urlize, Urlizer } from './html.js';

const smartUrlquoteCases: [string, string][] = [
    ["http://öäü.com/", "http://%C3%B6%C3%A4%C3%BC.com/"],
    ["https://faß.example.com", "https://fa%C3%9F.example.com"],
    ["http://öäü.com/öäü/", "http://%C3%B6%C3%A4%C3%BC.com/%C3%B6%C3%A4%C3%BC/"],
    ["https://މިހާރު.com", "https://%DE%89%DE%A8%DE%80%DE%A7%DE%83%DE%AA.com"],
    ["http://👓.ws", "http://%F0%9F%91%93.ws"],
    ["http://xn--iny-zx5a.com/idna2003", "http://xn--iny-zx5a.com/idna2003"],
    ["http://example.com/path/öäü/", "http://example.com/path/%C3%B6%C3%A4%C3%BC/"],
    ["http://example.com/%C3%B6/ä/", "http://example.com/%C3%B6/%C3%A4/"],
    ["http://example.com/?x=1&y=2+3&z=", "http://example.com/?x=1&y=2+3&z="],
    ["http://example.com/?x=<>\"'", "http://example.com/?x=%3C%3E%22%27"],
    ["http://example.com/?q=http://example.com/?x=1%26q=django", "http://example.com/?q=http%3A%2F%2Fexample.com%2F%3Fx%3D1%26q%3Ddjango"],
    ["http://.www.f oo.bar/", "http://.www.f%20oo.bar/"],
    ["http://example.com\">", "http://example.com%22%3E"],
    ["http://10.22.1.1/", "http://10.22.1.1/"],
    ["http://[fd00::1]/", "http://[fd00::1]/"],
    ["http://[::ffff:1.2.3.4]/", "http://[::ffff:1.2.3.4]/"],
    ["http://[fe80::1%25eth0]/x", "http://[fe80::1%25eth0]/x"],
    ["http://[1:2:3:4:5:6:7:8:9]/", "http://[1:2:3:4:5:6:7:8:9]/"],
    ["http://[1::2::3]/", "http://[1::2::3]/"],
    ["  \u0001http://x.com/a\tb\nc", "http://x.com/abc"],
    ["http://a℀b.com/", "http://a%E2%84%80b.com/"],
    ["HTTP://x.com", "http://x.com"],
    ["x://y", "x://y"],
    ["//host/path", "//host/path"],
    ["http://x.com/%", "http://x.com/%25"],
    ["http://x.com/%E2%82", "http://x.com/%EF%BF%BD"],
  ];

const stripTagsCases: [string, string][] = [
    ["<p>See: &#39;&eacute; is</p>", "See: &#39;&eacute; is"],
    ["<adf>a", "a"],
    ["hi, <f x", "hi, <f x"],
    ["&gotcha&#;<>", "&gotcha&#;<>"],
    ["<sc<!-- -->ript>test<<!-- -->/script>", "ript>test"],
    ["X<<<<br>br>br>br>X", "XX"],
    ["a &b", "a &b"],
    ["<b>&amp</b>", "&amp;"],
    ["<b>&#65</b>", "&#65;"],
    ["<b>&#x41;z</b>", "&#x41;z"],
    ["<b>&#xZ;</b>", "&#xZ;"],
    ["<b>x</b>&#", "x&#"],
    ["<b>x</b>&#1", "x&#1"],
    ["<b>x</b>&a1", "x&a1"],
    ["<b>x</b>&😀;", "x&😀;"],
    ["<b>&amp😀</b>", "&amp;😀"],
    ["<script>a</script>b", "ab"],
    ["<script>a<b>", ""],
    ["<style>a</STYLE>b", "ab"],
    ["<![CDATA[x]]>y", "y"],
    ["<!doctype html>z", "z"],
    ["<!-->a", "<!-->a"],
    ["<!--x--!>a<b>c", "<!--x--!>ac"],
    ["<?x>y<b>", "y"],
    ["</ x>y<b>", "y"],
    ["</3>y<b>", "y"],
    ["<a/b>c", "c"],
    ["<a / >b", "b"],
    ["<a b='c' / >d", "d"],
    ["<a b>c</a>", "c"],
    ["<img src=x onerror=alert(1)//>z", "z"],
    ["</>a<b>", "a"],
    ["<b>a</b", "a</b"],
    ["a<b", "a<b"],
    ["a</b", "a</b"],
    ["<p>x</p><", "x<"],
    ["a<!", "a<!"],
    ["<b>a</b><!x", "a<!x"],
    ["<b>a</b><?x", "a<?x"],
    ["<b>&lt;</b>", "&lt;"],
  ];

const urlizeCases: [string, string][] = [
    ["Search for google.com/?q=! and see.", "Search for <a href=\"http://google.com/?q=\" rel=\"nofollow\">google.com/?q=</a>! and see."],
    ["http://www.foo.bar/", "<a href=\"http://www.foo.bar/\" rel=\"nofollow\">http://www.foo.bar/</a>"],
    ["foo@example.com", "<a href=\"mailto:foo@example.com\">foo@example.com</a>"],
    ["(((((x.com)))", "(((((<a href=\"http://x.com\" rel=\"nofollow\">x.com</a>)))"],
    ["[(x.com)]", "[(<a href=\"http://x.com\" rel=\"nofollow\">x.com</a>)]"],
    ["x.com)]", "<a href=\"http://x.com\" rel=\"nofollow\">x.com</a>)]"],
    ["((x.com)", "((<a href=\"http://x.com\" rel=\"nofollow\">x.com</a>)"],
    ["http://x.com/a);", "<a href=\"http://x.com/a\" rel=\"nofollow\">http://x.com/a</a>);"],
    ["http://x.com/&amp;;;;", "<a href=\"http://x.com/&amp;\" rel=\"nofollow\">http://x.com/&amp;amp;</a>;;;"],
    ["&x.com;", "&amp;x.com;"],
    ["x.com&;", "x.com&amp;;"],
    ["x.com&quot;;", "x.com&amp;quot;;"],
    ["http://a.com/&#39;;;", "<a href=\"http://a.com/&#x27;\" rel=\"nofollow\">http://a.com/&amp;#39;</a>;;"],
    ["http://x.com/(a", "<a href=\"http://x.com/(a\" rel=\"nofollow\">http://x.com/(a</a>"],
    ["(x.com/(a))", "(<a href=\"http://x.com/(a)\" rel=\"nofollow\">x.com/(a)</a>)"],
    ["http://x.com/ä", "<a href=\"http://x.com/%C3%A4\" rel=\"nofollow\">http://x.com/ä</a>"],
    ["x.com/😀)", "<a href=\"http://x.com/%F0%9F%98%80\" rel=\"nofollow\">x.com/😀</a>)"],
    ["x.com)😀", "x.com)😀"],
    ["a@b.co", "<a href=\"mailto:a@b.co\">a@b.co</a>"],
    ["a@b.c", "a@b.c"],
    ["a@b.com.", "<a href=\"mailto:a@b.com\">a@b.com</a>."],
    ["mailto:a@b.com", "mailto:a@b.com"],
    ["a@b@c.com", "a@b@c.com"],
    ["\"a\"@b.com", "&quot;a&quot;@b.com"],
    ["a..b@c.com", "a..b@c.com"],
    [".a@b.com", ".a@b.com"],
    ["www.", "www."],
    ["www.x", "<a href=\"http://www.x\" rel=\"nofollow\">www.x</a>"],
    ["http://", "http://"],
    ["https://é.com", "<a href=\"https://%C3%A9.com\" rel=\"nofollow\">https://é.com</a>"],
    ["http://[", "http://["],
    ["http://[::1]:80/", "http://[::1]:80/"],
    ["www.example.com:80/x", "<a href=\"http://www.example.com:80/x\" rel=\"nofollow\">www.example.com:80/x</a>"],
    ["example.com:80", "example.com:80"],
    ["google.com/?q=1&lt!", "<a href=\"http://google.com/?q=1%3C\" rel=\"nofollow\">google.com/?q=1&amp;lt</a>!"],
    ["x.org/a?b=c;d", "<a href=\"http://x.org/a?b=c%3Bd\" rel=\"nofollow\">x.org/a?b=c;d</a>"],
  ];

const urlizeTrimCases: [string, number, string][] = [
    ["http://x.com/abcdef", 5, "<a href=\"http://x.com/abcdef\">http…</a>"],
    ["http://x.com/😀😀", 15, "<a href=\"http://x.com/%F0%9F%98%80%F0%9F%98%80\">http://x.com/😀😀</a>"],
    ["x.com", 0, "<a href=\"http://x.com\">…</a>"],
    ["x.com", -5, "<a href=\"http://x.com\">…</a>"],
    ["x.com", 100000000000000000000, "<a href=\"http://x.com\">x.com</a>"],
  ];

describe('smartUrlquote', () => {
  test.each(smartUrlquoteCases)('%s', (url, want) => {
    expect(smartUrlquote(url)).toBe(want);
  });
});

describe('stripTags', () => {
  test.each(stripTagsCases)('%s', (html, want) => {
    expect(stripTags(html)).toBe(want);
  });

  test('deep nesting and long open tags raise SuspiciousOperation', () => {
    expect(() => stripTags('<'.repeat(51) + 'a>'.repeat(51))).toThrow(expect.objectContaining({ name: 'SuspiciousOperation' }));
    expect(() => stripTags('<a'.repeat(50) + 'a'.repeat(950))).toThrow(expect.objectContaining({ name: 'SuspiciousOperation' }));
  });

  test('an unknown marked section raises AssertionError, as Python does', () => {
    expect(() => stripTags('<b>x</b><![foo[y]]>')).toThrow("unknown status keyword 'foo' in marked section");
  });
});

describe('urlize', () => {
  test.each(urlizeCases)('%s', (text, want) => {
    expect(urlize(text, { nofollow: true, autoescape: true })).toBe(want);
  });

  test.each(urlizeTrimCases)('%s trimmed to %d', (text, limit, want) => {
    expect(urlize(text, { trimUrlLimit: limit })).toBe(want);
  });

  // Django's catastrophic-backtracking inputs come back unchanged, quickly.
  test.each([
    'a' + '@a'.repeat(50000) + 'a',
    'a@' + '한.글.'.repeat(1_000_000) + 'a',
    'http://' + '한.글.'.repeat(1_000_000) + 'com',
    'www.' + '한.글.'.repeat(1_000_000) + 'com',
    'a' + '.'.repeat(1000000) + 'a',
    '('.repeat(100_000) + ':' + ')'.repeat(100_000),
    '('.repeat(100_000) + '&:' + ')'.repeat(100_000),
    '(['.repeat(100_000) + ':' + '])'.repeat(100_000),
    '[('.repeat(100_000) + ':' + ')]'.repeat(100_000),
    '([['.repeat(100_000) + ':' + ']])'.repeat(100_000),
    '&:' + ';'.repeat(100_000),
    '&.;'.repeat(100_000),
    '.;'.repeat(100_000),
    '&' + ';:'.repeat(100_000),
  ])('unchanged: %s', (text) => {
    expect(urlize(text)).toBe(text);
  });

  test('trimPunctuation keeps a possible entity and balanced brackets', () => {
    const u = new Urlizer();
    expect(u.trimPunctuation('(see x.com/a_(b)).')).toEqual(['(', 'see x.com/a_(b)', ').']);
    expect(u.trimPunctuation('x.com?a=&amp;;;')).toEqual(['', 'x.com?a=&amp;', ';;']);
  });
});

describe('small helpers', () => {
  test('escapejs escapes what can end a string or a script', () => {
    expect(escapejs("<'\"&=-;`\u2028\x7f>").value).toBe(
      '\\u003C\\u0027\\u0022\\u0026\\u003D\\u002D\\u003B\\u0060\\u2028\\u007F\\u003E',
    );
  });

  test('jsonScript writes Python json.dumps output with HTML characters escaped', () => {
    expect(jsonScript({ a: ['<&>', 1.5, null, true] }, 'i"d').value).toBe(
      '<script id="i&quot;d" type="application/json">{"a": ["\\u003C\\u0026\\u003E", 1.5, null, true]}</script>',
    );
  });

  test('jsonScript writes a Date as DjangoJSONEncoder writes a naive datetime', () => {
    const when = { when: new Date('2024-01-02T03:04:05Z'), ms: new Date('2024-01-02T03:04:05.123Z') };
    expect(jsonScript(when).value).toBe(
      '<script type="application/json">{"when": "2024-01-02T03:04:05", "ms": "2024-01-02T03:04:05.123"}</script>',
    );
  });

  test('linebreaks', () => {
    expect(linebreaks('a\r\nb\n\n\nc', true)).toBe('<p>a<br>b</p>\n\n<p>c</p>');
  });
});
