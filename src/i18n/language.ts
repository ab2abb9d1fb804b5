/**
 * Django's language codes (django/utils/translation/__init__.py and
 * trans_real.py): `to_locale`, `to_language` and the locales gettext
 * searches for a language. (LANG_INFO and what reads it are in
 * language-info.ts, which only the i18n library needs.)
 */

/** Django's `to_locale`: en-us -> en_US, sr-latn -> sr_Latn, de -> de. */
export function toLocale(language: string): string {
  const lower = language.toLowerCase();
  const dash = lower.indexOf('-');
  if (dash < 0) return language.slice(0, 3).toLowerCase() + language.slice(3);
  const lang = lower.slice(0, dash);
  let country = lower.slice(dash + 1);
  let tail = '';
  const dash2 = country.indexOf('-');
  if (dash2 >= 0) {
    tail = country.slice(dash2 + 1);
    country = country.slice(0, dash2);
  }
  country = country.length > 2 ? country[0]!.toUpperCase() + country.slice(1) : country.toUpperCase();
  if (dash2 >= 0) country += '-' + tail;
  return lang + '_' + country;
}

/** Django's `to_language`: en_US -> en-us. */
export function toLanguage(locale: string): string {
  const p = locale.indexOf('_');
  return p >= 0 ? locale.slice(0, p).toLowerCase() + '-' + locale.slice(p + 1).toLowerCase() : locale.toLowerCase();
}

/**
 * The locales gettext looks in for a language, most specific first (Python's
 * `gettext._expand_lang` without the encodings): de-at -> de_AT, de;
 * zh-hans -> zh_Hans, zh.
 */
export function localeChain(language: string): string[] {
  const locale = toLocale(language);
  const chain = [locale];
  const base = locale.split('_')[0]!;
  if (base !== locale) chain.push(base);
  return chain;
}

/**
 * Django's `language_code_re`: what `check_for_language` accepts at all.
 * Its IGNORECASE spelled out as `A-Z`, the same set JavaScript's `/i` gives
 * without the `u` flag: V8 compiles a `/i` class through ICU's case
 * closure, a fifth of a cold engine's construction.
 */
export const LANGUAGE_CODE_RE = /^[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*(?:@[a-zA-Z0-9]{1,20})?$/;

