/**
 * Django's `formats.localize()` and friends for a render: which words and
 * formats the render's language (and `{% localize %}` state) asks for.
 */
import type { RenderLocale } from '../runtime/context.js';
import { EN_US, type DateLocale } from '../utils/dates.js';
import { EN_FORMATS, SETTINGS_FORMATS, format as numberFormatRaw, type FormatNumber, type NumberFormats } from '../utils/numberformat.js';
import type { Translation } from './translation.js';
import { templateLocaltime } from '../utils/timezone.js';

/**
 * Django's `template_localtime(value, context.use_tz)` for a render: with
 * time zone support a Date is shown in the render's time zone.
 */
export function localtimeOf(value: unknown, locale: RenderLocale | undefined): unknown {
  if (!(value instanceof Date)) return value;
  const engineUseTz = locale?.i18n?.useTz ?? false;
  return templateLocaltime(value, locale?.useTz ?? engineUseTz, engineUseTz, locale?.timeZone ?? 'UTC');
}

/** The render's translation; undefined for a render without an engine (English, Django's defaults). */
export function translationOf(locale: RenderLocale | undefined): Translation | undefined {
  return locale?.i18n?.activeTranslation(locale);
}

/** The words and formats dates are written with (formats from the settings when `useL10n` is false). */
export function dateLocaleOf(locale: RenderLocale | undefined, useL10n: boolean | null | undefined = locale?.useL10n): DateLocale {
  const t = translationOf(locale);
  if (t === undefined) return EN_US;
  return t.dateLocale(useL10n ?? true);
}

/**
 * Django's `formats.number_format(value, decimal_pos, use_l10n,
 * force_grouping)` in the render's language.
 */
export function numberFormat(
  value: FormatNumber,
  locale: RenderLocale | undefined,
  decimalPos: number | null = null,
  useL10n: boolean | null = null,
  forceGrouping = false,
): string {
  const l10n = useL10n ?? true;
  const t = translationOf(locale);
  let formats: NumberFormats;
  if (t === undefined) formats = l10n ? EN_FORMATS : SETTINGS_FORMATS;
  else if (l10n) formats = t.numberFormats();
  else {
    formats = {
      decimalSeparator: String(t.getFormat('DECIMAL_SEPARATOR', false)),
      thousandSeparator: String(t.getFormat('THOUSAND_SEPARATOR', false)),
      numberGrouping: t.getFormat('NUMBER_GROUPING', false) as number | readonly number[],
    };
  }
  return numberFormatRaw(value, formats.decimalSeparator, decimalPos, formats.numberGrouping, formats.thousandSeparator,
    forceGrouping, l10n, locale?.i18n?.useThousandSeparator ?? false);
}
