import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parsePluralForms } from './plural.js';
import { CatalogError, parseMo, parsePo, readPo } from './catalog.js';
import { localeChain, toLanguage, toLocale } from './language.js';
import { getLanguageInfo, getSupportedLanguageVariant } from './language-info.js';
import { Engine } from '../index.js';

describe('Plural-Forms', () => {
  test('Arabic: six forms', () => {
    const { nplurals, plural } = parsePluralForms('nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;');
    expect(nplurals).toBe(6);
    expect([0, 1, 2, 3, 10, 11, 99, 100, 102, 111].map(plural)).toEqual([0, 1, 2, 3, 3, 4, 4, 5, 5, 4]);
  });
  test('Russian, French, Japanese, unary and parentheses', () => {
    const ru = parsePluralForms('nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);').plural;
    expect([1, 2, 5, 11, 21, 22, 25, 111].map(ru)).toEqual([0, 1, 2, 2, 0, 1, 2, 2]);
    expect(parsePluralForms('nplurals=2; plural=(n > 1);').plural(0)).toBe(0);
    expect(parsePluralForms('nplurals=1; plural=0;').plural(7)).toBe(0);
    expect(parsePluralForms('nplurals=2; plural=!(n == 1);').plural(1)).toBe(0);
  });
  test('never evaluates anything else', () => {
    expect(() => parsePluralForms('nplurals=2; plural=process.exit(1);')).toThrow(SyntaxError);
    expect(() => parsePluralForms('nplurals=2; plural=(n != 1;')).toThrow(/expected '\)'/);
  });
});

describe('catalogs', () => {
  const po = [
    'msgid ""', 'msgstr ""', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '',
    'msgid "Hello"', 'msgstr "Hallo"', '',
    'msgctxt "verb"', 'msgid "May"', 'msgstr "Darf"', '',
    'msgid "apple"', 'msgid_plural "apples"', 'msgstr[0] "Apfel"', 'msgstr[1] "Äpfel"', '',
    '#, fuzzy', 'msgid "Fuzzy"', 'msgstr "Unscharf"', '',
    'msgid "Multi"', 'msgstr ""', '"line \\"one\\"\\n"', '"two"',
  ].join('\n');
  test('.po: singular, context, plural, fuzzy left out, continuation lines', () => {
    const c = parsePo(po, 'de.po');
    expect(c.get('Hello')).toBe('Hallo');
    expect(c.get('verb\x04May')).toBe('Darf');
    expect(c.getPlural('apple', 2)).toBe('Äpfel');
    expect(c.get('Fuzzy')).toBeUndefined();
    expect(c.get('Multi')).toBe('line "one"\ntwo');
  });
  test('.mo round trip (little endian)', () => {
    const entries: [string, string][] = [['', 'Plural-Forms: nplurals=2; plural=(n != 1);\n'], ['Hello', 'Hallo'], ['apple\0apples', 'Apfel\0Äpfel']];
    const enc = new TextEncoder();
    const ids = entries.map(([k]) => enc.encode(k));
    const strs = entries.map(([, v]) => enc.encode(v));
    const n = entries.length;
    let offset = 28 + n * 16;
    const head = new DataView(new ArrayBuffer(28 + n * 16));
    head.setUint32(0, 0x950412de, true);
    head.setUint32(8, n, true);
    head.setUint32(12, 28, true);
    head.setUint32(16, 28 + n * 8, true);
    const body: Uint8Array[] = [];
    [ids, strs].forEach((list, t) => list.forEach((b, i) => {
      head.setUint32(28 + t * n * 8 + i * 8, b.length, true);
      head.setUint32(28 + t * n * 8 + i * 8 + 4, offset, true);
      body.push(b, new Uint8Array([0]));
      offset += b.length + 1;
    }));
    const bytes = new Uint8Array(offset);
    bytes.set(new Uint8Array(head.buffer), 0);
    let at = 28 + n * 16;
    for (const b of body) { bytes.set(b, at); at += b.length; }
    const c = parseMo(bytes, 'de.mo');
    expect(c.get('Hello')).toBe('Hallo');
    expect(c.getPlural('apple', 1)).toBe('Apfel');
    expect(c.getPlural('apple', 5)).toBe('Äpfel');
  });
  test('a malformed catalog names its file and line', () => {
    expect(() => parsePo('msgid "a"\nmsgstr "b\n', 'x/django.po')).toThrow(CatalogError);
    expect(() => parsePo('msgid "a"\nmsgstr "b\n', 'x/django.po')).toThrow(/x\/django\.po, line 2/);
    expect(() => parsePo('msgid "a"\nmsgid "b"\nmsgstr ""', 'y.po')).toThrow(/y\.po, line 1: msgid "a" has no msgstr/);
    expect(() => parseMo(new Uint8Array(40), 'z.mo')).toThrow(/z\.mo: bad magic number/);
    // Latin-1 bytes: a clear error, not mojibake.
    expect(() => readPo(new Uint8Array([...new TextEncoder().encode('msgid "a"\nmsgstr "'), 0xe4, 0x22, 0x0a]), 'l.po'))
      .toThrow('Invalid translation catalog l.po: not UTF-8 (catalogs are read as UTF-8)');
  });
  test('a malformed user catalog fails the render that needs it, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-locale-'));
    mkdirSync(join(dir, 'de', 'LC_MESSAGES'), { recursive: true });
    writeFileSync(join(dir, 'de', 'LC_MESSAGES', 'django.po'), 'msgid "Hello"\nmsgstr Hallo\n');
    const engine = new Engine({ localePaths: [dir] });
    expect(() => engine.fromString('{% load i18n %}{% trans "Hello" %}').render({}, { language: 'de' }))
      .toThrow(/Invalid translation catalog .*de\/LC_MESSAGES\/django\.po, line 2/);
  });
});

describe('language codes', () => {
  test("Django's to_locale, to_language and gettext's chain", () => {
    expect(toLocale('en-us')).toBe('en_US');
    expect(toLocale('sr-latn')).toBe('sr_Latn');
    expect(toLocale('zh-hans')).toBe('zh_Hans');
    expect(toLanguage('de_AT')).toBe('de-at');
    expect(localeChain('de-at')).toEqual(['de_AT', 'de']);
    expect(localeChain('ckb')).toEqual(['ckb']);
  });
  test('get_language_info and get_supported_language_variant', () => {
    expect(getLanguageInfo('zh-cn').code).toBe('zh-hans');
    expect(getLanguageInfo('de-at').code).toBe('de');
    expect(() => getLanguageInfo('xx')).toThrow(/Unknown language code xx/);
    const has = () => true;
    expect(getSupportedLanguageVariant('zh-hant-tw', ['zh-hant', 'en'], has)).toBe('zh-hant');
    expect(getSupportedLanguageVariant('de-at', ['de', 'en'], has)).toBe('de');
    expect(getSupportedLanguageVariant('fr-fr', ['fr-ca'], has)).toBe('fr-ca');
    expect(() => getSupportedLanguageVariant('xx', ['de'], has)).toThrow();
  });
});

describe('per-render languages', () => {
  test('concurrent renders in two languages never share their language', async () => {
    const engine = new Engine({ languages: [['de', 'German'], ['fr', 'French']] });
    const t = engine.fromString('{{ d|date:"F" }} {{ f }}');
    const ctx = { d: new Date(Date.UTC(2024, 2, 1)), f: 1.5 };
    const out = await Promise.all(['de', 'fr', 'de', 'en'].map(async (language) => t.render(ctx, { language })));
    expect(out).toEqual(['März 1,5', 'mars 1,5', 'März 1,5', 'March 1.5']);
  });
});

test('catalogs given as data (a browser has no LOCALE_PATHS files), after those of localePaths, with their Plural-Forms', () => {
  const engine = new Engine({
    catalogs: [{ ru: { pluralForms: 'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);', messages: { Hello: 'Привет', '%(n)s apple': ['%(n)s яблоко', '%(n)s яблока', '%(n)s яблок'] } } }],
  });
  const t = engine.fromString('{% load i18n %}{% translate "Hello" %} {% blocktranslate count n=n %}{{ n }} apple{% plural %}{{ n }} apples{% endblocktranslate %}');
  expect([1, 3, 5].map((n) => t.render({ n }, { language: 'ru' }))).toEqual(['Привет 1 яблоко', 'Привет 3 яблока', 'Привет 5 яблок']);
  expect(() => new Engine({ catalogs: [{ de: { pluralForms: 'nplurals=2; plural=n +', messages: {} } }] }).fromString('{% load i18n %}{% translate "x" %}').render({}, { language: 'de' }))
    .toThrow(/Invalid translation catalog catalogs\[0\]\.de/);
});
