/**
 * Python's urllib.parse and ipaddress rules; the expected values were
 * recorded from Python 3.12.
 */
import { describe, expect, test } from 'vitest';
import { ipAddressVersion } from './ipaddress.js';
import { quote, unquote, urlsplit } from './urlparse.js';

// [text, quote(text), quote(text, safe=''), iri_to_uri's quote]
const quoteCases: [string, string, string, string][] = [
    ["", "", "", ""],
    ["abc", "abc", "abc", "abc"],
    ["a b", "a%20b", "a%20b", "a%20b"],
    ["/x/y", "/x/y", "%2Fx%2Fy", "/x/y"],
    ["é", "%C3%A9", "%C3%A9", "%C3%A9"],
    ["😀", "%F0%9F%98%80", "%F0%9F%98%80", "%F0%9F%98%80"],
    ["~-_.", "~-_.", "~-_.", "~-_."],
    ["a+b&c=d", "a%2Bb%26c%3Dd", "a%2Bb%26c%3Dd", "a+b&c=d"],
    ["%41", "%2541", "%2541", "%41"],
  ];

const unquoteCases: [string, string][] = [
    ["%41%42", "AB"],
    ["%4", "%4"],
    ["%zz", "%zz"],
    ["%E2%82%AC", "€"],
    ["%E2%82", "�"],
    ["%ED%A0%80", "���"],
    ["%C0%AF", "��"],
    ["%F4%90%80%80", "����"],
    ["é%41", "éA"],
    ["%EF%BB%BFx", "﻿x"],
    ["a%2", "a%2"],
    ["%%41", "%A"],
    ["%F0%9F%98", "�"],
  ];

const ipCases: [string, 4 | 6 | null][] = [
    ["1.2.3.4", 4],
    ["255.255.255.255", 4],
    ["256.1.1.1", null],
    ["01.2.3.4", null],
    ["0.0.0.0", 4],
    ["1.2.3", null],
    ["1.2.3.4.5", null],
    ["1.2.3.", null],
    ["١.2.3.4", null],
    ["::", 6],
    ["::1", 6],
    ["1::", 6],
    ["1:2:3:4:5:6:7:8", 6],
    ["1:2:3:4:5:6:7:8:9", null],
    ["1::2::3", null],
    [":1:2:3:4:5:6:7", null],
    ["1:2:3:4:5:6:7:", null],
    ["::ffff:1.2.3.4", 6],
    ["::ffff:1.2.3.400", null],
    ["fe80::1%eth0", 6],
    ["fe80::1%", null],
    ["fe80::1%a%b", null],
    ["12345::", null],
    ["1:2:3:4:5:6:7::", 6],
    ["::1:2:3:4:5:6:7", 6],
    ["1:2:3:4:5:6::7:8", null],
    ["g::1", null],
    ["1:2", null],
    [":::", null],
    ["1:2:3:4:5:6:1.2.3.4", 6],
    ["1:2:3:4:5:6:7:1.2.3.4", null],
  ];

// [url, [scheme, netloc, path, query, fragment] or 'ValueError']
const urlsplitCases: [string, string[] | 'ValueError'][] = [
    ["http://x.com/a?b#c", ["http", "x.com", "/a", "b", "c"]],
    ["HTTP://X.com", ["http", "X.com", "", "", ""]],
    ["  http://x", ["http", "x", "", "", ""]],
    ["ht\ttp://x", ["http", "x", "", "", ""]],
    ["1http://x", ["", "", "1http://x", "", ""]],
    ["a+b.c-d:rest", ["a+b.c-d", "", "rest", "", ""]],
    ["//h/p", ["", "h", "/p", "", ""]],
    ["http://[::1]/", ["http", "[::1]", "/", "", ""]],
    ["http://[::1/", "ValueError"],
    ["http://::1]/", "ValueError"],
    ["http://[1.2.3.4]/", "ValueError"],
    ["http://[v1.a]/", ["http", "[v1.a]", "/", "", ""]],
    ["http://[vz.a]/", "ValueError"],
    ["http://[zz]/", "ValueError"],
    ["http://a℀b/", "ValueError"],
    ["http://a＃b/", "ValueError"],
    ["mailto:a@b", ["mailto", "", "a@b", "", ""]],
    ["x:", ["x", "", "", "", ""]],
    [":x", ["", "", ":x", "", ""]],
    ["http://h?q#f?g", ["http", "h", "", "q", "f?g"]],
  ];

describe('quote', () => {
  test.each(quoteCases)('%s', (text, plain, noSafe, iri) => {
    expect(quote(text)).toBe(plain);
    expect(quote(text, '')).toBe(noSafe);
    expect(quote(text, "/#%[]=:;$&()+,!?*@'~")).toBe(iri);
  });

  test('a lone surrogate cannot be encoded, as in Python', () => {
    expect(() => quote('ab\ud800')).toThrow(
      expect.objectContaining({ name: 'UnicodeEncodeError', message: "'utf-8' codec can't encode character '\\ud800' in position 2: surrogates not allowed" }),
    );
  });

  test('a run of lone surrogates is named as one range, as Python names it; a pair is one character', () => {
    // Python: json.loads('"\\u00e9\\udc00\\ud800\\ud800\\udc00"').encode('utf-8')
    expect(() => quote('\u00e9\udc00\ud800\ud800\udc00')).toThrow(
      expect.objectContaining({ name: 'UnicodeEncodeError', message: "'utf-8' codec can't encode characters in position 1-2: surrogates not allowed" }),
    );
  });
});

describe('unquote', () => {
  test.each(unquoteCases)('%s', (text, want) => {
    expect(unquote(text)).toBe(want);
  });
});

describe('ipaddress', () => {
  test.each(ipCases)('%s', (text, version) => {
    expect(ipAddressVersion(text) ?? null).toBe(version);
  });
});

describe('urlsplit', () => {
  test.each(urlsplitCases)('%s', (url, want) => {
    if (want === 'ValueError') {
      expect(() => urlsplit(url)).toThrow(expect.objectContaining({ name: 'ValueError' }));
    } else {
      const r = urlsplit(url);
      expect([r.scheme, r.netloc, r.path, r.query, r.fragment]).toEqual(want);
    }
  });
});
