/**
 * Django's LANG_INFO readers: `get_language_info` and
 * `get_supported_language_variant` (django/utils/translation).
 */
import { LANG_INFO, type LangInfoEntry } from '../utils/locale-data/django.js';
import { pyError } from '../errors.js';

export interface LanguageInfo {
  bidi: boolean;
  code: string;
  name: string;
  name_local: string;
}

/**
 * Django's `get_language_info(lang_code)` without `name_translated` (which
 * depends on the active language): LANG_INFO's entry, following `fallback`,
 * else the generic language's; a KeyError for an unknown code.
 */
export function getLanguageInfo(langCode: string): LanguageInfo {
  let info: LangInfoEntry | undefined = Object.hasOwn(LANG_INFO, langCode) ? LANG_INFO[langCode] : undefined;
  if (info !== undefined) {
    if (info.fallback && info.name === undefined) return getLanguageInfo(info.fallback[0]!);
  } else {
    if (!langCode.includes('-')) throw pyError('KeyError', `'Unknown language code ${langCode}.'`);
    const generic = langCode.split('-')[0]!;
    info = Object.hasOwn(LANG_INFO, generic) ? LANG_INFO[generic] : undefined;
    if (info === undefined) throw pyError('KeyError', `'Unknown language code ${langCode} and ${generic}.'`);
  }
  return { bidi: info.bidi ?? false, code: info.code ?? langCode, name: info.name ?? '', name_local: info.name_local ?? '' };
}

/**
 * Django's `get_supported_language_variant(lang_code, strict)`: the code of
 * `supported` (the LANGUAGES setting's codes) that serves `langCode`
 * (zh-hant-tw -> zh-hant, de-at -> de, fr-fr -> fr-ca when only that is
 * there), or a LookupError. `hasCatalog` is Django's `check_for_language`.
 */
export function getSupportedLanguageVariant(
  langCode: string,
  supported: readonly string[],
  hasCatalog: (code: string) => boolean,
  strict = false,
): string {
  if (langCode) {
    const MAX = 500;
    if (langCode.length > MAX) {
      const index = langCode.lastIndexOf('-', MAX - 1);
      if (!strict && index > 0) langCode = langCode.slice(0, index);
      else throw pyError('LookupError', langCode);
    }
    const possible = [langCode];
    const entry = Object.hasOwn(LANG_INFO, langCode) ? LANG_INFO[langCode] : undefined;
    if (entry?.fallback) possible.push(...entry.fallback);
    for (let i = langCode.lastIndexOf('-'); i > -1; i = langCode.lastIndexOf('-', i - 1)) {
      possible.push(langCode.slice(0, i));
      if (i === 0) break;
    }
    const generic = possible[possible.length - 1]!;
    const codes = new Set(supported.map((c) => c.toLowerCase()));
    for (const code of possible) if (codes.has(code.toLowerCase()) && hasCatalog(code)) return code;
    if (!strict) {
      for (const code of supported) if (code.startsWith(generic + '-')) return code;
    }
  }
  throw pyError('LookupError', langCode);
}
