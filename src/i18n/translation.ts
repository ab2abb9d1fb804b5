/**
 * Django's translation machinery for one engine (django/utils/translation/
 * trans_real.py and django/utils/formats.py): for each language a
 * Translation, which looks messages up in the user's catalogs (LOCALE_PATHS)
 * and Django's own, falls back as Django does (de-at -> de -> LANGUAGE_CODE),
 * and answers `get_format` with the language's formats.
 *
 * English (`en`, `en-us`) with no user catalogs is answered from the
 * built-in tables (src/utils/dates.ts): nothing is loaded for it.
 */
import { Catalog, CONTEXT_SEPARATOR, catalogFromData, type CatalogData, type Message } from './catalog.js';
import { parsePluralForms } from './plural.js';
import { LANGUAGE_CODE_RE, localeChain, toLanguage, toLocale } from './language.js';
import type { LocaleData } from './locale-data.js';
import type { AsyncRenderState } from '../runtime/async.js';
import type { Runtime } from '../runtime/index.js';
import { passUnderWay } from '../runtime/async-core.js';
import { LANGUAGES_SHIPPED, LANGUAGES_WITHOUT_CATALOG } from '../utils/locale-data/languages.js';
import { EN_US, type DateLocale, type TimeUnit } from '../utils/dates.js';
import { EN_FORMATS, type NumberFormats } from '../utils/numberformat.js';
import type { RenderLocale } from '../runtime/context.js';
import { localizeInLanguage } from './l10n.js';

export type FormatValue = string | number | readonly string[];

/** Django's FORMAT_SETTINGS with their global_settings defaults. */
export const DEFAULT_FORMAT_SETTINGS: Readonly<Record<string, FormatValue>> = {
  DATE_FORMAT: 'N j, Y',
  DATETIME_FORMAT: 'N j, Y, P',
  TIME_FORMAT: 'P',
  YEAR_MONTH_FORMAT: 'F Y',
  MONTH_DAY_FORMAT: 'F j',
  SHORT_DATE_FORMAT: 'm/d/Y',
  SHORT_DATETIME_FORMAT: 'm/d/Y P',
  DATE_INPUT_FORMATS: ['%Y-%m-%d', '%m/%d/%Y', '%m/%d/%y', '%b %d %Y', '%b %d, %Y', '%d %b %Y', '%d %b, %Y', '%B %d %Y', '%B %d, %Y', '%d %B %Y', '%d %B, %Y'],
  TIME_INPUT_FORMATS: ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'],
  DATETIME_INPUT_FORMATS: [
    '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M:%S.%f',
    '%m/%d/%Y %H:%M', '%m/%d/%y %H:%M:%S', '%m/%d/%y %H:%M:%S.%f', '%m/%d/%y %H:%M',
  ],
  FIRST_DAY_OF_WEEK: 0,
  DECIMAL_SEPARATOR: '.',
  THOUSAND_SEPARATOR: ',',
  NUMBER_GROUPING: 0,
};

/** Django's format settings as engine options (DATE_FORMAT is `dateFormat`, ...). */
export interface FormatSettings {
  /** Django's DATE_FORMAT setting: used where a language has none, and by `{% localize off %}`. */
  dateFormat?: string;
  /** Django's DATETIME_FORMAT setting. */
  datetimeFormat?: string;
  /** Django's TIME_FORMAT setting. */
  timeFormat?: string;
  /** Django's YEAR_MONTH_FORMAT setting. */
  yearMonthFormat?: string;
  /** Django's MONTH_DAY_FORMAT setting. */
  monthDayFormat?: string;
  /** Django's SHORT_DATE_FORMAT setting. */
  shortDateFormat?: string;
  /** Django's SHORT_DATETIME_FORMAT setting. */
  shortDatetimeFormat?: string;
  /** Django's FIRST_DAY_OF_WEEK setting. */
  firstDayOfWeek?: number;
  /** Django's DECIMAL_SEPARATOR setting. */
  decimalSeparator?: string;
  /** Django's THOUSAND_SEPARATOR setting. */
  thousandSeparator?: string;
  /** Django's NUMBER_GROUPING setting. */
  numberGrouping?: number | readonly number[];
  /** Django's DATE_INPUT_FORMATS setting. */
  dateInputFormats?: readonly string[];
  /** Django's TIME_INPUT_FORMATS setting. */
  timeInputFormats?: readonly string[];
  /** Django's DATETIME_INPUT_FORMATS setting. */
  datetimeInputFormats?: readonly string[];
}

/** The format settings given as options, by Django's names (I18nOptions.settingsFormats). */
export function settingsFormats(options: FormatSettings): Record<string, FormatValue> {
  const named: [string, FormatValue | undefined][] = [
    ['DATE_FORMAT', options.dateFormat],
    ['DATETIME_FORMAT', options.datetimeFormat],
    ['TIME_FORMAT', options.timeFormat],
    ['YEAR_MONTH_FORMAT', options.yearMonthFormat],
    ['MONTH_DAY_FORMAT', options.monthDayFormat],
    ['SHORT_DATE_FORMAT', options.shortDateFormat],
    ['SHORT_DATETIME_FORMAT', options.shortDatetimeFormat],
    ['FIRST_DAY_OF_WEEK', options.firstDayOfWeek],
    ['DECIMAL_SEPARATOR', options.decimalSeparator],
    ['THOUSAND_SEPARATOR', options.thousandSeparator],
    ['NUMBER_GROUPING', options.numberGrouping as FormatValue | undefined],
    ['DATE_INPUT_FORMATS', options.dateInputFormats],
    ['TIME_INPUT_FORMATS', options.timeInputFormats],
    ['DATETIME_INPUT_FORMATS', options.datetimeInputFormats],
  ];
  const out: Record<string, FormatValue> = {};
  for (const [name, value] of named) if (value !== undefined) out[name] = value;
  return out;
}

/** Django's ISO_INPUT_FORMATS: appended to a locale's input formats. */
const ISO_INPUT_FORMATS: Readonly<Record<string, readonly string[]>> = {
  DATE_INPUT_FORMATS: ['%Y-%m-%d'],
  TIME_INPUT_FORMATS: ['%H:%M:%S', '%H:%M:%S.%f', '%H:%M'],
  DATETIME_INPUT_FORMATS: ['%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M:%S.%f', '%Y-%m-%d %H:%M', '%Y-%m-%d'],
};

/** What an engine's translations are made from (the engine's options). */
export interface I18nOptions {
  /** Django's LANGUAGE_CODE. */
  languageCode?: string;
  /** Django's LOCALE_PATHS: folders of `<locale>/LC_MESSAGES/django.po` or `.mo`. */
  localePaths?: readonly string[];
  /** How a catalog of `localePaths` is read (catalog.ts's readCatalogFile; apart, so a precompiled module's page has no .po/.mo parser). */
  readCatalog?: (path: string, locale: string) => Catalog | undefined;
  /**
   * Catalogs given as data, each a record by locale (`de`, `de_AT`) as one
   * of LOCALE_PATHS holds them; looked in after `localePaths`, in order.
   */
  catalogs?: readonly Readonly<Record<string, CatalogData>>[];
  /** Locale data modules given directly (e.g. imported in a browser bundle). */
  localeData?: readonly LocaleData[];
  /**
   * How Django's data for a language is found: read at once on first use
   * (Node's files), and imported (`loadLanguages`). The loaders live with
   * who makes the I18n (the engine, a precompiled module), so that this
   * module names no language's data.
   */
  loadLocaleDataSync?: (code: string) => LocaleData | undefined;
  loadLocaleData?: (code: string) => Promise<LocaleData | undefined>;
  /**
   * A language Django ships whose data is not loaded (and cannot be read
   * now) is an error saying how to load it, instead of renders in English
   * (a precompiled module's engine).
   */
  requireLocaleData?: boolean;
  /** Told of such a language before the error (a precompiled module's async render loads it, and renders again). */
  localeDataMissing?: (code: string) => void;
  /** Format overrides applied to every language (as a FORMAT_MODULE_PATH module). */
  formats?: Readonly<Record<string, FormatValue>>;
  /** Django's format settings (DATE_FORMAT, ...): used where a locale has none, and when not localizing. */
  settingsFormats?: Readonly<Record<string, FormatValue>>;
  /** Django's USE_THOUSAND_SEPARATOR. */
  useThousandSeparator?: boolean;
  /**
   * The engine's time settings, which filters reach through the render's
   * locale: Django's USE_TZ, TIME_ZONE (the default time zone, which a
   * render's `{% timezone %}` does not change) and the clock.
   */
  useTz?: boolean;
  timeZone?: string;
  now?: () => Date;
}

/** A source of messages in lookup order. */
interface Source {
  readonly catalog: Catalog;
}

const NO_CATALOG = /* @__PURE__ */ new Set(LANGUAGES_WITHOUT_CATALOG);
const SHIPPED = /* @__PURE__ */ new Set(LANGUAGES_SHIPPED);

/** Whether Django ships data for this (lowercase, dashed) code. */
function isShipped(code: string): boolean {
  return SHIPPED.has(code);
}

/** What a precompiled module holds of its translations (reinhardt/runtime's I18nDefinition). */
export interface ModuleI18n {
  /** The catalogs of the `localePaths` it was precompiled with, one record by locale per path. */
  readonly catalogs?: readonly Readonly<Record<string, CatalogData>>[];
  /** A language's locale data module, by Django's code (a dynamic import the bundler makes a chunk of). */
  readonly load?: (code: string) => Promise<{ default: LocaleData }> | undefined;
}

/** The options of a precompiled module's engine that its translations read. */
export interface ModuleI18nOptions extends FormatSettings {
  catalogs?: readonly Readonly<Record<string, CatalogData>>[];
  localeData?: readonly LocaleData[];
  formats?: Readonly<Record<string, FormatValue>>;
  useThousandSeparator?: boolean;
  useTz?: boolean;
}

export class I18n {
  /**
   * The translations of a precompiled module's engine (reinhardt/runtime):
   * the catalogs given before the module's, locale data given or imported
   * by the module. A language whose data is not here is an error saying how
   * to load it, except in a pass of an async render, which imports it as a
   * value the pass waits for (once per render: a failed import is that
   * render's error) and runs again.
   */
  static forModule(
    module: ModuleI18n,
    options: ModuleI18nOptions,
    engine: { readonly languageCode: string; readonly timeZone: string; readonly now: () => Date; readonly runtime: Runtime },
  ): I18n {
    const load = module.load;
    const loading = new WeakMap<AsyncRenderState, Map<string, Promise<void>>>();
    const i18n: I18n = new I18n({
      languageCode: engine.languageCode,
      catalogs: [...(options.catalogs ?? []), ...(module.catalogs ?? [])],
      localeData: options.localeData,
      loadLocaleData: load && (async (code) => (await load(code))?.default),
      requireLocaleData: true,
      localeDataMissing: (code) => {
        const state = passUnderWay(engine.runtime);
        if (state === null) return;
        let started = loading.get(state);
        if (started === undefined) loading.set(state, (started = new Map()));
        let promise = started.get(code);
        if (promise === undefined) started.set(code, (promise = i18n.loadLanguages([code])));
        state.settle(promise);
      },
      formats: options.formats,
      settingsFormats: settingsFormats(options),
      useThousandSeparator: options.useThousandSeparator,
      useTz: options.useTz,
      timeZone: engine.timeZone,
      now: engine.now,
    });
    return i18n;
  }

  readonly languageCode: string;
  readonly useThousandSeparator: boolean;
  readonly formats: Readonly<Record<string, FormatValue>> | undefined;
  readonly settingsFormats: Readonly<Record<string, FormatValue>>;
  /** Django's USE_TZ. */
  readonly useTz: boolean;
  /** Django's TIME_ZONE: the default time zone. */
  readonly defaultTimeZone: string;
  /** The engine's clock. */
  readonly now: () => Date;
  private readonly localePaths: readonly string[];
  private readonly readCatalog: ((path: string, locale: string) => Catalog | undefined) | undefined;
  private readonly catalogs: readonly Readonly<Record<string, CatalogData>>[];
  private readonly loadSync: ((code: string) => LocaleData | undefined) | undefined;
  private readonly load: ((code: string) => Promise<LocaleData | undefined>) | undefined;
  private readonly requireLocaleData: boolean;
  private readonly localeDataMissing: ((code: string) => void) | undefined;
  /** Django's data by language code; null: looked for and not there. */
  private readonly data = new Map<string, LocaleData | null>();
  /** User catalogs by `path\0locale` (given ones by `\0index\0locale`); null: none. */
  private readonly catalogCache = new Map<string, Catalog | null>();
  private readonly translations = new Map<string | null, Translation>();

  constructor(options: I18nOptions = {}) {
    this.languageCode = options.languageCode ?? 'en-us';
    this.localePaths = options.localePaths ?? [];
    this.readCatalog = options.readCatalog;
    this.catalogs = options.catalogs ?? [];
    this.loadSync = options.loadLocaleDataSync;
    this.load = options.loadLocaleData;
    this.requireLocaleData = options.requireLocaleData ?? false;
    this.localeDataMissing = options.localeDataMissing;
    this.useThousandSeparator = options.useThousandSeparator ?? false;
    this.useTz = options.useTz ?? false;
    this.defaultTimeZone = options.timeZone ?? 'UTC';
    this.now = options.now ?? (() => new Date());
    this.formats = options.formats && Object.keys(options.formats).length ? options.formats : undefined;
    this.settingsFormats = { ...DEFAULT_FORMAT_SETTINGS, ...options.settingsFormats };
    // Made here, not at load: a page that never makes an I18n bundles none of it.
    this.data.set('en', { code: 'en', formats: EN_US.formats as LocaleData['formats'] });
    for (const d of options.localeData ?? []) this.data.set(d.code, d);
  }

  /** Make Django's data for these languages available (for bundles without a file system). */
  async loadLanguages(languages: readonly string[]): Promise<void> {
    for (const language of languages) {
      for (const locale of localeChain(language)) {
        const code = toLanguage(locale);
        if (this.data.get(code) || !isShipped(code) || !this.load) continue;
        const d = await this.load(code);
        if (d) this.data.set(code, d);
      }
    }
    this.translations.clear();
  }

  /** Load now (synchronously, Node) what these languages need. */
  preload(languages: readonly string[]): void {
    for (const language of languages) this.translation(language);
  }

  /** Whether this engine has the data of a language (or knows it has none). */
  hasLocaleData(code: string): boolean {
    return this.data.get(code) != null;
  }

  /** Django's data for one locale (`de_CH`), or undefined. */
  localeData(locale: string): LocaleData | undefined {
    const code = toLanguage(locale);
    let d = this.data.get(code);
    if (d === undefined) {
      d = (isShipped(code) ? this.loadSync?.(code) : undefined) ?? null;
      // Not loaded (no file system): not remembered, so loadLanguages() can still add it.
      if (d !== null || !isShipped(code)) this.data.set(code, d);
      else if (this.requireLocaleData) {
        this.localeDataMissing?.(code);
        throw new Error(
          `Django's locale data for '${code}' is not loaded: call \`await engine.loadLanguages(['${code}'])\` before a synchronous render, ` +
            `render with renderAsync or renderStream (which load the render's language), or give it as \`localeData\`.`,
        );
      }
    }
    return d ?? undefined;
  }

  /** The user's catalogs for a locale, in lookup order: those of `localePaths`, then those given as data. */
  userCatalogs(locale: string): Catalog[] {
    const found: Catalog[] = [];
    for (const path of this.localePaths) {
      const c = this.userCatalog(path, locale);
      if (c) found.push(c);
    }
    this.catalogs.forEach((set, i) => {
      if (!Object.hasOwn(set, locale)) return;
      const key = `\0${i}\0${locale}`;
      let c = this.catalogCache.get(key);
      if (c === undefined) {
        c = catalogFromData(set[locale]!, `catalogs[${i}].${locale}`);
        this.catalogCache.set(key, c);
      }
      if (c) found.push(c);
    });
    return found;
  }

  /** The catalog in `path` for a locale (`.mo` first, as Django reads it, else `.po`). */
  userCatalog(path: string, locale: string): Catalog | undefined {
    const key = `${path}\0${locale}`;
    let c = this.catalogCache.get(key);
    if (c === undefined) {
      c = this.readCatalog?.(path, locale) ?? null;
      this.catalogCache.set(key, c);
    }
    return c ?? undefined;
  }

  /** Django's `check_for_language`: some catalog serves this language. */
  checkForLanguage(language: string): boolean {
    if (!LANGUAGE_CODE_RE.test(language)) return false;
    for (const locale of localeChain(language)) {
      const code = toLanguage(locale);
      if (isShipped(code) && !NO_CATALOG.has(code)) return true;
      if (this.data.get(code)?.messages) return true;
      if (this.userCatalogs(locale).length) return true;
    }
    return false;
  }

  /**
   * Django's `formats.localize()` of a number, datetime, date or time for `{{ }}` in the
   * render's language (display.ts reaches it here, so that a page without
   * translations bundles none of the formats it uses).
   */
  localize(value: number | bigint | Date | object, locale: RenderLocale, useL10n: boolean | null | undefined): string {
    return localizeInLanguage(value, locale, useL10n);
  }

  /** The render's translation (Django's active one). */
  activeTranslation(locale: RenderLocale): Translation {
    return this.translation(activeLanguage(locale));
  }

  /**
   * The translation for a language code (Django's `translation(language)`),
   * made once; for null, Django's NullTranslations of `deactivate_all()`.
   */
  translation(language: string | null): Translation {
    let t = this.translations.get(language);
    if (t === undefined) {
      t = new Translation(this, language);
      this.translations.set(language, t);
    }
    return t;
  }
}

/**
 * The language a render's translations are looked up in: null inside
 * `{% language None %}` (Django's NullTranslations). An own property only:
 * a polluted Object.prototype must not turn translation off.
 */
export function activeLanguage(locale: RenderLocale): string | null {
  return Object.hasOwn(locale, 'deactivated') && locale.deactivated ? null : locale.language;
}

/** Python's `%` with a dict: `%(num)d`, `%(num)s`, `%%`. */
function interpolate(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(/%(?:\((\w+)\))?([ds%])/g, (m, name: string | undefined, kind: string) => {
    if (kind === '%') return '%';
    if (name === undefined || !Object.hasOwn(values, name)) return m;
    const v = values[name];
    return kind === 'd' ? String(Math.trunc(Number(v))) : String(v);
  });
}

/** timesince's units with their English singular and plural messages (Django's TIME_STRINGS). */
export const TIME_UNITS: readonly [TimeUnit, string, string][] = [
  ['year', '%(num)d year', '%(num)d years'],
  ['month', '%(num)d month', '%(num)d months'],
  ['week', '%(num)d week', '%(num)d weeks'],
  ['day', '%(num)d day', '%(num)d days'],
  ['hour', '%(num)d hour', '%(num)d hours'],
  ['minute', '%(num)d minute', '%(num)d minutes'],
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const WEEKDAYS_ABBR = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_3 = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTHS_AP = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];

/**
 * Django's DjangoTranslation for one language, plus what `formats` derives
 * from the language (get_format, the DateLocale dateformat writes with, the
 * number separators).
 */
export class Translation {
  /** The language as Django's `get_language()` gives it (lowercase); null when deactivated. */
  readonly language: string | null;
  private readonly sources: Source[] = [];
  private readonly fallback: Translation | undefined;
  /** Plain English from the built-in tables: nothing to look up. */
  readonly isBuiltinEnglish: boolean;
  private readonly formatModules: Readonly<Record<string, FormatValue>>[] = [];
  private readonly formatCache = new Map<string, FormatValue>();
  private dateLocales: [DateLocale | undefined, DateLocale | undefined] = [undefined, undefined];
  private numbers: NumberFormats | undefined;

  constructor(readonly i18n: I18n, language: string | null) {
    this.language = language === null ? null : toLanguage(language);
    // Deactivated (null): no catalog and no fallback, and check_for_language
    // fails, so the formats are the settings'.
    const chain = language === null ? [] : localeChain(language);
    for (const locale of chain) {
      for (const c of i18n.userCatalogs(locale)) this.sources.push({ catalog: c });
      const d = i18n.localeData(locale);
      // Installed apps' catalogs (django.contrib.humanize, which reinhardt
      // always has) win over Django's own, as in DjangoTranslation.
      // (Its own key: a language without one finds nothing on a polluted Object.prototype.)
      if (d !== undefined && Object.hasOwn(d, 'humanize')) this.sources.push({ catalog: humanizeCatalog(d) });
      if (d?.messages) {
        this.sources.push({ catalog: dataCatalog(d) });
      }
    }
    // Django: a language other than LANGUAGE_CODE (and not English) falls
    // back to LANGUAGE_CODE's translation.
    const def = i18n.languageCode;
    if (language !== null && toLanguage(language) !== toLanguage(def) && !this.language!.startsWith('en')) {
      this.fallback = i18n.translation(def);
    }
    if (language !== null && i18n.checkForLanguage(language)) {
      if (i18n.formats) this.formatModules.push(i18n.formats);
      for (const locale of chain) {
        const f = i18n.localeData(locale)?.formats;
        if (f) this.formatModules.push(f);
      }
    }
    this.isBuiltinEnglish = language !== null && this.sources.length === 0 && this.fallback === undefined
      && i18n.formats === undefined && chain.every((l) => l === 'en' || l === 'en_US');
  }

  gettext(message: string): string {
    const msg = message.replace(/\r\n?/g, '\n');
    if (msg === '') return '';
    for (const { catalog } of this.sources) {
      const m = catalog.messages.get(msg);
      if (m !== undefined) return typeof m === 'string' ? m : (m[catalog.pluralForms.plural(1)] ?? msg);
    }
    return this.fallback ? this.fallback.gettext(msg) : msg;
  }

  ngettext(singular: string, plural: string, n: number): string {
    for (const { catalog } of this.sources) {
      const m = catalog.getPlural(singular, n);
      if (m !== undefined) return m;
    }
    if (this.fallback) return this.fallback.ngettext(singular, plural, n);
    return n === 1 ? singular : plural;
  }

  pgettext(context: string, message: string): string {
    const result = this.gettext(context + CONTEXT_SEPARATOR + message);
    return result.includes(CONTEXT_SEPARATOR) ? message : result;
  }

  npgettext(context: string, singular: string, plural: string, n: number): string {
    const result = this.ngettext(context + CONTEXT_SEPARATOR + singular, context + CONTEXT_SEPARATOR + plural, n);
    return result.includes(CONTEXT_SEPARATOR) ? this.ngettext(singular, plural, n) : result;
  }

  /**
   * Django's `get_format(format_type, lang, use_l10n)`: the language's format
   * modules (when it has a catalog), else the settings, else the name itself.
   */
  getFormat(formatType: string, useL10n = true): FormatValue {
    const key = useL10n ? formatType : `\0${formatType}`;
    const cached = this.formatCache.get(key);
    if (cached !== undefined) return cached;
    let val: FormatValue | undefined;
    if (useL10n) {
      for (const module of this.formatModules) {
        if (Object.hasOwn(module, formatType)) {
          val = module[formatType];
          break;
        }
      }
    }
    if (val === undefined) {
      if (!Object.hasOwn(this.i18n.settingsFormats, formatType)) return formatType;
      val = this.i18n.settingsFormats[formatType]!;
    } else if (Object.hasOwn(ISO_INPUT_FORMATS, formatType)) {
      const list = [...(val as readonly string[])];
      for (const iso of ISO_INPUT_FORMATS[formatType]!) if (!list.includes(iso)) list.push(iso);
      val = list;
    }
    this.formatCache.set(key, val);
    return val;
  }

  /** The words and formats dateformat writes with, localized or (useL10n false) with the settings' formats. */
  dateLocale(useL10n = true): DateLocale {
    const i = useL10n ? 0 : 1;
    let d = this.dateLocales[i];
    if (d === undefined) {
      d = this.makeDateLocale(useL10n);
      this.dateLocales[i] = d;
    }
    return d;
  }

  private makeDateLocale(useL10n: boolean): DateLocale {
    const formats: Record<string, FormatValue> = {};
    for (const name of Object.keys(DEFAULT_FORMAT_SETTINGS)) formats[name] = this.getFormat(name, useL10n);
    if (this.isBuiltinEnglish && useL10n) return { ...EN_US, formats };
    const g = (m: string) => this.gettext(m);
    const timeStrings = {} as Record<TimeUnit, (num: number) => string>;
    for (const [unit, one, many] of TIME_UNITS) {
      timeStrings[unit] = (num) => interpolate(this.ngettext(one, many, num), { num });
    }
    return {
      weekdays: WEEKDAYS.map(g),
      weekdaysAbbr: WEEKDAYS_ABBR.map(g),
      months: MONTHS.map(g),
      months3: MONTHS_3.map(g),
      monthsAp: MONTHS_AP.map((m) => this.pgettext('abbrev. month', m)),
      monthsAlt: MONTHS.map((m) => this.pgettext('alt. month', m)),
      am: g('a.m.'),
      pm: g('p.m.'),
      AM: g('AM'),
      PM: g('PM'),
      midnight: g('midnight'),
      noon: g('noon'),
      timeStrings,
      listSeparator: g(', '),
      formats,
    };
  }

  /** DECIMAL_SEPARATOR, THOUSAND_SEPARATOR and NUMBER_GROUPING of the language (Django's number_format). */
  numberFormats(): NumberFormats {
    if (this.numbers === undefined) {
      if (this.isBuiltinEnglish) this.numbers = EN_FORMATS;
      else {
        this.numbers = {
          decimalSeparator: String(this.getFormat('DECIMAL_SEPARATOR')),
          thousandSeparator: String(this.getFormat('THOUSAND_SEPARATOR')),
          numberGrouping: this.getFormat('NUMBER_GROUPING') as number | readonly number[],
        };
      }
    }
    return this.numbers;
  }

  /** Python's `%` of a translated message with named values. */
  static interpolate(text: string, values: Readonly<Record<string, unknown>>): string {
    return interpolate(text, values);
  }

  /** Django's `to_locale` of this language. */
  get locale(): string {
    return toLocale(this.language ?? this.i18n.languageCode);
  }
}

const dataCatalogs = new WeakMap<LocaleData, Catalog>();
const humanizeCatalogs = new WeakMap<LocaleData, Catalog>();

/** A Catalog over the humanize messages of generated locale data (made once per data module). */
function humanizeCatalog(d: LocaleData): Catalog {
  let c = humanizeCatalogs.get(d);
  if (c === undefined) {
    const h = d.humanize!;
    c = new Catalog(new Map<string, Message>(Object.entries(h.messages)), parsePluralForms(h.pluralForms ?? d.pluralForms),
      `django/contrib/humanize/locale/${toLocale(d.code)}`);
    humanizeCatalogs.set(d, c);
  }
  return c;
}

/** A Catalog over generated locale data (made once per data module). */
function dataCatalog(d: LocaleData): Catalog {
  let c = dataCatalogs.get(d);
  if (c === undefined) {
    c = new Catalog(new Map<string, Message>(Object.entries(d.messages ?? {})), parsePluralForms(d.pluralForms), `django/conf/locale/${toLocale(d.code)}`);
    dataCatalogs.set(d, c);
  }
  return c;
}
