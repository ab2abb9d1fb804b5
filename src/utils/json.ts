/**
 * Python's `json.dumps(value, cls=DjangoJSONEncoder)` of JavaScript values:
 * what `json_script` writes. Python's defaults: `, ` and `: ` separators,
 * keys in insertion order, every character outside printable ASCII written
 * as `\uXXXX`, NaN and infinities as `NaN` and `Infinity`.
 */
import { pyError } from '../errors.js';
import { SafeString } from '../runtime/safestring.js';
import { DictView, isDictLike, isPyInt, pyFloatRepr, pyTypeName } from '../runtime/pyrepr.js';
import { ownItems } from '../runtime/pyops.js';
import { asPyDate, asPyTime, dateIsoformat, timeIsoformat } from '../runtime/plaindate.js';

const stringEscapes: Record<string, string> = {
  '\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t',
};

/** Python's `encode_basestring_ascii`. */
function encodeString(s: string): string {
  return (
    '"' +
    s.replace(
      /[\\"\x00-\x1f\x7f-\uffff]/g,
      (ch) => stringEscapes[ch] ?? '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
    ) +
    '"'
  );
}

/** Python's `float.__repr__`, with JSON's spellings of the non-finite values. */
function encodeFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return pyFloatRepr(x);
}

function encodeNumber(x: number): string {
  return isPyInt(x) ? String(x + 0) : encodeFloat(x);
}

/** A dict key as Python's encoder turns it into text. */
function encodeKey(key: unknown): string {
  if (typeof key === 'string') return encodeString(key);
  if (key instanceof SafeString) return encodeString(key.value);
  if (typeof key === 'number') return encodeString(encodeNumber(key));
  if (typeof key === 'bigint') return encodeString(key.toString());
  if (typeof key === 'boolean') return encodeString(key ? 'true' : 'false');
  if (key === null || key === undefined) return encodeString('null');
  throw pyError('TypeError', `keys must be str, int, float, bool or None, not ${pyTypeName(key)}`);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * DjangoJSONEncoder.default for a Date (reinhardt's datetime): the naive
 * ISO 8601 form of its UTC time, with milliseconds when there are any.
 */
function encodeDate(d: Date): string {
  if (Number.isNaN(d.getTime())) throw pyError('TypeError', 'Object of type Date is not JSON serializable');
  let r = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  r += `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (ms) r += '.' + pad(ms, 3);
  return encodeString(r);
}

function encode(value: unknown, markers: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean': return value ? 'true' : 'false';
    case 'string': return encodeString(value);
    case 'number': return encodeNumber(value);
    case 'bigint': return value.toString();
  }
  if (value instanceof SafeString) return encodeString(value.value);
  if (value instanceof Date) return encodeDate(value);
  const date = asPyDate(value);
  if (date !== undefined) return encodeString(dateIsoformat(date));
  const time = asPyTime(value);
  // Milliseconds at most, as for a datetime.
  if (time !== undefined) return encodeString(timeIsoformat(time).slice(0, 12));
  const isList = Array.isArray(value) && !(value instanceof DictView);
  if (!isList && !isDictLike(value)) {
    const name = value instanceof DictView ? value.viewKind : value instanceof Set ? 'set' : pyTypeName(value);
    throw pyError('TypeError', `Object of type ${name} is not JSON serializable`);
  }
  const container = value as object;
  if (markers.has(container)) throw pyError('ValueError', 'Circular reference detected');
  markers.add(container);
  const parts: string[] = [];
  if (isList) {
    const list = ownItems(value as unknown[]);
    for (let i = 0; i < list.length; i++) parts.push(encode(list[i], markers));
    markers.delete(container);
    return '[' + parts.join(', ') + ']';
  }
  if (value instanceof Map) {
    for (const [k, v] of value) parts.push(encodeKey(k) + ': ' + encode(v, markers));
  } else {
    const dict = value as Record<string, unknown>;
    for (const k of Object.keys(dict)) parts.push(encodeString(k) + ': ' + encode(dict[k], markers));
  }
  markers.delete(container);
  return '{' + parts.join(', ') + '}';
}

/** Python's `json.dumps(value, cls=DjangoJSONEncoder)`. */
export function djangoJsonDumps(value: unknown): string {
  return encode(value, new Set());
}
