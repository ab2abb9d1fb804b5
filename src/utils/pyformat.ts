/**
 * Python's printf-style formatting, `format % args` (CPython's
 * PyUnicode_Format), for the `stringformat` filter: conversions
 * `s r a d i u o x X e E f F g G c %`, flags `#0- +`, width, precision,
 * `*`, the `h l L` modifiers and `%(key)s`. Floats are formatted from their
 * exact decimal value, so rounding is Python's, not JavaScript's.
 */
import { pyError, valueLimit } from '../errors.js';
import { SafeString } from '../runtime/safestring.js';
import { DictView, PyTuple, isDictLike, isPyInt, pyRepr, pyStr, pyStrRepr } from '../runtime/pyrepr.js';
import { Decimal, decimalFromFloat, quantize, significant } from './decimal.js';
import { MAX_STRING_LENGTH } from './pystr.js';
import { isPyNumber, pyClassName, pyFloatOf, pyIntOf } from './pyconvert.js';

const F_LJUST = 1, F_SIGN = 2, F_BLANK = 4, F_ALT = 8, F_ZERO = 16;

/** Python's `ascii()`: `repr()` with every non-ASCII character escaped. */
export function pyAscii(v: unknown): string {
  let out = '';
  for (const ch of pyRepr(v)) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out += ch;
    else if (cp < 0x100) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out;
}

function isPyIntValue(v: unknown): v is number | bigint | boolean {
  return typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'number' && isPyInt(v));
}

/**
 * Python's float formatting of `x` with conversion `e E f F g G`, a
 * precision and the `#` flag (PyOS_double_to_string): correctly rounded,
 * half to even, from the double's exact value.
 */
export function formatFloat(x: number, type: string, prec: number, alt: boolean): string {
  const upper = type === 'E' || type === 'F' || type === 'G';
  if (!Number.isFinite(x)) {
    const s = Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
    return upper ? s.toUpperCase() : s;
  }
  const d = decimalFromFloat(x);
  const sign = d.sign ? '-' : '';
  const abs = new Decimal(0, d.digits, d.exponent);
  const lower = type.toLowerCase();
  let body: string;
  if (lower === 'f') {
    body = quantize(abs, -prec, 'ROUND_HALF_EVEN').formatFixed();
    if (alt && prec === 0) body += '.';
  } else if (lower === 'e') {
    body = exponential(abs, prec, alt);
  } else {
    const p = prec === 0 ? 1 : prec;
    const { adjusted } = significant(abs, p, 'ROUND_HALF_EVEN');
    if (adjusted < -4 || adjusted >= p) {
      body = exponential(abs, p - 1, alt);
      if (!alt) body = body.replace(/\.?0*e/, 'e');
    } else {
      body = quantize(abs, -(p - 1 - adjusted), 'ROUND_HALF_EVEN').formatFixed();
      if (alt) {
        if (!body.includes('.')) body += '.';
      } else if (body.includes('.')) {
        body = body.replace(/\.?0+$/, '');
      }
    }
  }
  if (upper) body = body.toUpperCase();
  return sign + body;
}

function exponential(abs: Decimal, prec: number, alt: boolean): string {
  const { digits, adjusted } = significant(abs, prec + 1, 'ROUND_HALF_EVEN');
  const point = prec > 0 || alt ? '.' : '';
  const e = Math.abs(adjusted);
  return `${digits[0]}${point}${digits.slice(1)}e${adjusted < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
}

/** Python's int formatting for `d i u o x X` (_PyUnicode_FormatLong). */
function formatLong(n: bigint, type: string, alt: boolean, prec: number): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  const base = type === 'o' ? 8 : type === 'x' || type === 'X' ? 16 : 10;
  let digits = a.toString(base);
  if (prec > digits.length) digits = digits.padStart(prec, '0');
  const prefix = alt && base !== 10 ? (type === 'o' ? '0o' : '0x') : '';
  const s = (neg ? '-' : '') + prefix + digits;
  return type === 'X' ? s.toUpperCase() : s;
}

function formatChar(v: unknown): string {
  const t = typeof v === 'string' ? v : v instanceof SafeString ? v.value : undefined;
  if (t !== undefined) {
    const chars = Array.from(t);
    if (chars.length === 1) return chars[0];
    throw pyError('TypeError', `%c requires an int or a unicode character, not a string of length ${chars.length}`);
  }
  if (!isPyIntValue(v)) throw pyError('TypeError', `%c requires an int or a unicode character, not ${pyClassName(v)}`);
  const n = typeof v === 'bigint' ? v : BigInt(typeof v === 'boolean' ? Number(v) : v);
  if (n < 0n || n > 0x10ffffn) throw pyError('OverflowError', '%c arg not in range(0x110000)');
  return String.fromCodePoint(Number(n));
}

/** A Python mapping for `%(key)s`: a dict, or (as CPython's check allows) a list. */
function isMapping(v: unknown): boolean {
  if (v instanceof PyTuple || v instanceof DictView) return false;
  return isDictLike(v) || Array.isArray(v);
}

function getItem(mapping: unknown, key: string): unknown {
  if (mapping instanceof Map) {
    if (mapping.has(key)) return mapping.get(key);
    throw pyError('KeyError', pyStrRepr(key));
  }
  if (Array.isArray(mapping)) throw pyError('TypeError', 'list indices must be integers or slices, not str');
  const d = mapping as Record<string, unknown>;
  if (Object.hasOwn(d, key)) return d[key];
  throw pyError('KeyError', pyStrRepr(key));
}

/**
 * Python's `fmt % args`. A PyTuple gives several arguments; any other value
 * is the single argument. Throws Python's errors as pyError values, and
 * a TemplateLimitError for a width or precision past `maxLength`.
 */
export function percentFormat(fmt: string, args: unknown, maxLength = Infinity): string {
  const f = Array.from(fmt);
  let pos = 0;
  let cnt = f.length;
  let current: unknown = args;
  let arglen: number, argidx: number;
  if (args instanceof PyTuple) {
    arglen = args.length;
    argidx = 0;
  } else {
    arglen = -1;
    argidx = -2;
  }
  const dict = isMapping(args) ? args : undefined;

  const nextArg = (): unknown => {
    if (argidx < arglen) {
      const i = argidx++;
      return arglen < 0 ? current : (current as unknown[])[i];
    }
    throw pyError('TypeError', 'not enough arguments for format string');
  };
  const read = (): string => f[pos] ?? '\0';

  let out = '';
  while (--cnt >= 0) {
    if (f[pos] !== '%') {
      out += f[pos++];
      continue;
    }
    pos++;
    let ch = read();
    if (ch === '%') {
      pos++;
      cnt--;
      out += '%';
      continue;
    }
    let flags = 0, width = -1, prec = -1;
    if (ch === '(') {
      if (dict === undefined) throw pyError('TypeError', 'format requires a mapping');
      pos++;
      cnt--;
      const keystart = pos;
      let pcount = 1;
      while (pcount > 0 && --cnt >= 0) {
        ch = read();
        if (ch === ')') pcount--;
        else if (ch === '(') pcount++;
        pos++;
      }
      if (cnt < 0 || pcount > 0) throw pyError('ValueError', 'incomplete format key');
      current = getItem(dict, f.slice(keystart, pos - 1).join(''));
      arglen = -1;
      argidx = -2;
    }
    while (--cnt >= 0) {
      ch = read();
      pos++;
      if (ch === '-') flags |= F_LJUST;
      else if (ch === '+') flags |= F_SIGN;
      else if (ch === ' ') flags |= F_BLANK;
      else if (ch === '#') flags |= F_ALT;
      else if (ch === '0') flags |= F_ZERO;
      else break;
    }
    if (ch === '*') {
      const v = nextArg();
      if (!isPyIntValue(v)) throw pyError('TypeError', '* wants int');
      width = Number(v);
      if (width < 0) {
        flags |= F_LJUST;
        width = -width;
      }
      if (--cnt >= 0) ch = f[pos++];
    } else if (ch >= '0' && ch <= '9') {
      width = Number(ch);
      while (--cnt >= 0) {
        ch = f[pos++];
        if (ch < '0' || ch > '9') break;
        width = width * 10 + Number(ch);
      }
    }
    if (ch === '.') {
      prec = 0;
      if (--cnt >= 0) ch = f[pos++];
      if (ch === '*') {
        const v = nextArg();
        if (!isPyIntValue(v)) throw pyError('TypeError', '* wants int');
        prec = Math.max(0, Number(v));
        if (--cnt >= 0) ch = f[pos++];
      } else if (ch >= '0' && ch <= '9') {
        prec = Number(ch);
        while (--cnt >= 0) {
          ch = f[pos++];
          if (ch < '0' || ch > '9') break;
          prec = prec * 10 + Number(ch);
        }
      }
    }
    if (cnt >= 0 && (ch === 'h' || ch === 'l' || ch === 'L')) {
      if (--cnt >= 0) ch = f[pos++];
    }
    if (cnt < 0) throw pyError('ValueError', 'incomplete format');
    // Under maxOutputSize, a width (or a number's precision: zeros) past it
    // is refused before the padding is built.
    if (width > maxLength || (prec > maxLength && 'diuoxXeEfFgG'.includes(ch))) throw valueLimit(maxLength);

    const v = nextArg();
    let str: string;
    let numeric = false;
    switch (ch) {
      case 's': str = pyStr(v); break;
      case 'r': str = pyRepr(v); break;
      case 'a': str = pyAscii(v); break;
      case 'i': case 'd': case 'u': case 'o': case 'x': case 'X': {
        if (!isPyNumber(v)) {
          const what = ch === 'o' || ch === 'x' || ch === 'X' ? 'an integer' : 'a real number';
          throw pyError('TypeError', `%${ch} format: ${what} is required, not ${pyClassName(v)}`);
        }
        if ((ch === 'o' || ch === 'x' || ch === 'X') && !isPyIntValue(v)) {
          throw pyError('TypeError', `%${ch} format: an integer is required, not float`);
        }
        str = formatLong(pyIntOf(v), ch, (flags & F_ALT) !== 0, prec);
        numeric = true;
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': {
        if (!isPyNumber(v)) throw pyError('TypeError', `must be real number, not ${pyClassName(v)}`);
        // A JavaScript -0 is the int 0 (see the README's number rule).
        const x = pyFloatOf(v);
        str = formatFloat(x === 0 ? 0 : x, ch, prec < 0 ? 6 : prec, (flags & F_ALT) !== 0);
        numeric = true;
        break;
      }
      case 'c': str = formatChar(v); break;
      default: {
        const cp = ch.codePointAt(0)!;
        const shown = cp >= 31 && cp <= 126 ? ch : '?';
        throw pyError('ValueError', `unsupported format character '${shown}' (0x${cp.toString(16)}) at index ${pos - 1}`);
      }
    }
    out += output(Array.from(str), ch, flags, width, prec, numeric);
    if (dict !== undefined && argidx < arglen) {
      throw pyError('TypeError', 'not all arguments converted during string formatting');
    }
  }
  if (argidx < arglen && dict === undefined) {
    throw pyError('TypeError', 'not all arguments converted during string formatting');
  }
  return out;
}

/** Padding, sign and prefix, as CPython's unicode_format_arg_output lays them out. */
function output(chars: string[], ch: string, flags: number, width: number, prec: number, numeric: boolean): string {
  let sign = numeric;
  const fill = sign && flags & F_ZERO ? '0' : ' ';
  let len = chars.length;
  if ((width === -1 || width <= len) && (prec === -1 || prec >= len) && !(flags & (F_SIGN | F_BLANK))) {
    return chars.join('');
  }
  if ((ch === 's' || ch === 'r' || ch === 'a') && prec >= 0 && len > prec) len = prec;
  let pindex = 0;
  let signchar = '';
  if (sign) {
    const c = chars[0];
    if (c === '-' || c === '+') {
      signchar = c;
      len--;
      pindex++;
    } else if (flags & F_SIGN) {
      signchar = '+';
    } else if (flags & F_BLANK) {
      signchar = ' ';
    } else {
      sign = false;
    }
  }
  if (width < len) width = len;
  // Python builds any string memory holds; JavaScript's stop shorter.
  if (width > MAX_STRING_LENGTH) throw pyError('MemoryError', '');
  let out = '';
  if (sign) {
    if (fill !== ' ') out += signchar;
    if (width > len) width--;
  }
  const altPrefix = (flags & F_ALT) !== 0 && (ch === 'x' || ch === 'X' || ch === 'o');
  if (altPrefix) {
    if (fill !== ' ') {
      out += chars[pindex] + chars[pindex + 1];
      pindex += 2;
    }
    width = Math.max(0, width - 2);
    len -= 2;
  }
  if (width > len && !(flags & F_LJUST)) {
    out += fill.repeat(width - len);
    width = len;
  }
  if (fill === ' ') {
    if (sign) out += signchar;
    if (altPrefix) {
      out += chars[pindex] + chars[pindex + 1];
      pindex += 2;
    }
  }
  out += chars.slice(pindex, pindex + len).join('');
  if (width > len) out += ' '.repeat(width - len);
  return out;
}
