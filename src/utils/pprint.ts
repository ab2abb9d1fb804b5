/**
 * Python's `pprint.pformat(object)` (Python 3.12, default options: width
 * 80, indent 1, sorted dict keys), for the `pprint` filter. Lists, tuples,
 * dicts, sets and strings are wrapped as PrettyPrinter wraps them; any other
 * value prints as its `repr()`.
 */
import { SafeString } from '../runtime/safestring.js';
import { pyCompare, codePointLength, ownItems } from '../runtime/pyops.js';
import { DictView, PyTuple, isDictLike, isPyInt, pyRepr, pyStrRepr } from '../runtime/pyrepr.js';
import { pyWhitespace } from './text.js';

const WIDTH = 80;

type Kind = 'dict' | 'list' | 'tuple' | 'set' | 'str' | 'other';

function kindOf(v: unknown): Kind {
  if (typeof v === 'string' || v instanceof SafeString) return 'str';
  if (v instanceof PyTuple) return 'tuple';
  if (v instanceof DictView) return 'other';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Set) return 'set';
  if (isDictLike(v)) return 'dict';
  return 'other';
}

/** Python's `str(type(v))`, what pprint's `_safe_key` orders unorderable keys by. */
function typeKey(v: unknown): string {
  let name: string;
  if (v === null || v === undefined) name = 'NoneType';
  else if (typeof v === 'number') name = isPyInt(v) ? 'int' : 'float';
  else if (typeof v === 'bigint') name = 'int';
  else if (typeof v === 'boolean') name = 'bool';
  else if (typeof v === 'string' || v instanceof SafeString) name = 'str';
  else name = kindOf(v) === 'other' ? 'object' : kindOf(v);
  return `<class '${name}'>`;
}

/**
 * pprint's `_safe_key` ordering: Python's `<`, and for values Python cannot
 * order, their type names (then their ids, which no one can reproduce: the
 * original order is kept).
 */
function safeKeyCompare(a: unknown, b: unknown): number {
  const c = pyCompare(a, b);
  if (c !== undefined && !Number.isNaN(c)) return c;
  const ta = typeKey(a), tb = typeKey(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function dictItems(d: Record<string, unknown> | Map<unknown, unknown>): [unknown, unknown][] {
  const items: [unknown, unknown][] = d instanceof Map ? [...d.entries()] : Object.keys(d).map((k) => [k, d[k]]);
  return items.sort((x, y) => safeKeyCompare(x[0], y[0]));
}

function recursion(v: object): string {
  return `<Recursion on ${kindOf(v)} with id=0>`;
}

/** PrettyPrinter._safe_repr: repr() with dict keys sorted at every depth. */
function safeRepr(v: unknown, context: Set<object>): string {
  const kind = kindOf(v);
  if (kind === 'str' || kind === 'other' || kind === 'set') return pyRepr(v);
  const obj = v as object;
  if (context.has(obj)) return recursion(obj);
  context.add(obj);
  try {
    if (kind === 'dict') {
      const items = dictItems(obj as Record<string, unknown>);
      return '{' + items.map(([k, x]) => `${safeRepr(k, context)}: ${safeRepr(x, context)}`).join(', ') + '}';
    }
    const parts = Array.from(ownItems(obj as unknown[]), (x) => safeRepr(x, context));
    if (kind === 'list') return '[' + parts.join(', ') + ']';
    return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
  } finally {
    context.delete(obj);
  }
}

/** Python's `str.splitlines(keepends=True)`. */
function splitlinesKeep(s: string): string[] {
  return s.match(/[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*(?:\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029])|[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+$/gu) ?? [];
}

// Python's re `\S*\s*` on str: runs of non-space, then of space.
const wordsRe = /* @__PURE__ */ new RegExp(`[^${pyWhitespace}]*[${pyWhitespace}]*`, 'gu');

class PrettyPrinter {
  private out = '';

  pformat(v: unknown): string {
    this.format(v, 0, 0, new Set(), 0);
    return this.out;
  }

  private format(v: unknown, indent: number, allowance: number, context: Set<object>, level: number): void {
    if (typeof v === 'object' && v !== null && context.has(v)) {
      this.out += recursion(v);
      return;
    }
    const rep = safeRepr(v, new Set(context));
    const maxWidth = WIDTH - indent - allowance;
    const kind = kindOf(v);
    if (codePointLength(rep) > maxWidth && kind !== 'other') {
      const obj = typeof v === 'object' && v !== null ? v : undefined;
      if (obj) context.add(obj);
      switch (kind) {
        case 'dict': this.dict(v as Record<string, unknown>, indent, allowance, context, level + 1); break;
        case 'list': this.sequence(v as unknown[], '[', ']', indent, allowance, context, level + 1); break;
        case 'tuple': {
          const t = v as unknown[];
          this.sequence(t, '(', t.length === 1 ? ',)' : ')', indent, allowance, context, level + 1);
          break;
        }
        case 'set': this.set(v as Set<unknown>, indent, allowance, context, level + 1); break;
        case 'str': this.str(v instanceof SafeString ? v.value : (v as string), indent, allowance, level + 1); break;
      }
      if (obj) context.delete(obj);
      return;
    }
    this.out += rep;
  }

  private dict(d: Record<string, unknown> | Map<unknown, unknown>, indent: number, allowance: number, context: Set<object>, level: number): void {
    this.out += '{';
    const items = dictItems(d);
    if (items.length) {
      indent += 1;
      allowance += 1;
      const delimnl = ',\n' + ' '.repeat(indent);
      items.forEach(([key, ent], i) => {
        const last = i === items.length - 1;
        const rep = safeRepr(key, new Set(context));
        this.out += rep + ': ';
        this.format(ent, indent + codePointLength(rep) + 2, last ? allowance : 1, context, level);
        if (!last) this.out += delimnl;
      });
    }
    this.out += '}';
  }

  private sequence(items: unknown[], open: string, close: string, indent: number, allowance: number, context: Set<object>, level: number): void {
    this.out += open;
    this.items(Array.from(ownItems(items)), indent, allowance + close.length, context, level);
    this.out += close;
  }

  private set(s: Set<unknown>, indent: number, allowance: number, context: Set<object>, level: number): void {
    if (s.size === 0) {
      this.out += pyRepr(s);
      return;
    }
    this.out += '{';
    this.items([...s].sort(safeKeyCompare), indent, allowance + 1, context, level);
    this.out += '}';
  }

  /** PrettyPrinter._format_items, not compact: one item a line. */
  private items(items: unknown[], indent: number, allowance: number, context: Set<object>, level: number): void {
    indent += 1;
    const delimnl = ',\n' + ' '.repeat(indent);
    let delim = '';
    items.forEach((ent, i) => {
      const last = i === items.length - 1;
      this.out += delim;
      delim = delimnl;
      this.format(ent, indent, last ? allowance : 1, context, level);
    });
  }

  /** PrettyPrinter._pprint_str: long strings split at spaces into adjacent literals. */
  private str(s: string, indent: number, allowance: number, level: number): void {
    if (!s.length) {
      this.out += pyStrRepr(s);
      return;
    }
    const chunks: string[] = [];
    const lines = splitlinesKeep(s);
    if (level === 1) {
      indent += 1;
      allowance += 1;
    }
    let maxWidth1 = WIDTH - indent;
    const maxWidth = maxWidth1;
    let rep = '';
    lines.forEach((line, i) => {
      rep = pyStrRepr(line);
      const lastLine = i === lines.length - 1;
      if (lastLine) maxWidth1 -= allowance;
      if (codePointLength(rep) <= maxWidth1) {
        chunks.push(rep);
        return;
      }
      const parts = line.match(wordsRe) ?? [];
      parts.pop();
      let maxWidth2 = maxWidth;
      let current = '';
      parts.forEach((part, j) => {
        const candidate = current + part;
        if (j === parts.length - 1 && lastLine) maxWidth2 -= allowance;
        if (codePointLength(pyStrRepr(candidate)) > maxWidth2) {
          if (current) chunks.push(pyStrRepr(current));
          current = part;
        } else {
          current = candidate;
        }
      });
      if (current) chunks.push(pyStrRepr(current));
    });
    if (chunks.length === 1) {
      this.out += rep;
      return;
    }
    if (level === 1) this.out += '(';
    this.out += chunks.join('\n' + ' '.repeat(indent));
    if (level === 1) this.out += ')';
  }
}

/** Python's `pprint.pformat(value)`. */
export function pformat(value: unknown): string {
  return new PrettyPrinter().pformat(value);
}
