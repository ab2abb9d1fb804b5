/** Python's int() and float() of template values, as tags that take numbers apply them. */
import { SafeString } from '../runtime/safestring.js';

const intText = /^[\t\n\v\f\r \x1c-\x1f]*[+-]?\d(?:_?\d)*[\t\n\v\f\r \x1c-\x1f]*$/;
const floatText = /^[\t\n\v\f\r \x1c-\x1f]*[+-]?(?:(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?|inf(?:inity)?|nan)[\t\n\v\f\r \x1c-\x1f]*$/i;

/** Python's `int(value)`, or undefined where it raises ValueError or TypeError. */
export function pyInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  const text = typeof value === 'string' ? value : value instanceof SafeString ? value.value : undefined;
  if (text === undefined || !intText.test(text)) return undefined;
  return Number(text.trim().replaceAll('_', ''));
}

/** Python's `float(value)`, or undefined where it raises ValueError or TypeError. */
export function pyFloat(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  const text = typeof value === 'string' ? value : value instanceof SafeString ? value.value : undefined;
  if (text === undefined || !floatText.test(text)) return undefined;
  const t = text.trim().replaceAll('_', '').toLowerCase();
  if (!/\d|inf|nan/.test(t)) return undefined;
  if (t.endsWith('nan')) return NaN;
  if (t.includes('inf')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}
