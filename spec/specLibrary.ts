/**
 * The custom template library of the conformance suite, loaded as
 * `{% load spec %}`: spec/spec_library.py for reinhardt, name for name and
 * behaviour for behaviour (keep the two in step). It uses only the Library
 * API a user has, plus Python's `str()`/`repr()` of values so that `"%s"`
 * formatting prints what Python prints.
 */
import {
  Library,
  Node,
  NodeList,
  SafeString,
  TemplateSyntaxError,
  conditionalEscape,
  markSafe,
  type Context,
  type FilterExpression,
  type Parser,
  type Token,
} from '../src/index.js';
import { pyRepr, pyStr, pyTypeName } from '../src/runtime/pyrepr.js';
import { truthy } from '../src/runtime/pyops.js';

/** An Error named as the Python exception spec_library.py raises. */
function pyException(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** Django's format_html: each argument conditionally escaped, the whole marked safe. */
function formatHtml(format: string, ...args: unknown[]): SafeString {
  let i = 0;
  return markSafe(format.replace(/\{\}/g, () => conditionalEscape(args[i++]).value));
}

export const specLibrary = new Library();

// ----- filters -----

/** A plain filter: its output is never safe. */
specLibrary.filter('shout', (value: unknown) => pyStr(value).toUpperCase() + '!');

/** isSafe: a safe input gives a safe output, anything else is escaped. */
specLibrary.filter('stars', (value: unknown) => `*${pyStr(value)}*`, { isSafe: true });

/** The needs_autoescape example of Django's documentation. */
specLibrary.filter(
  'initial_letter',
  (text: unknown, _arg: unknown, autoescape?: boolean) => {
    // Python indexes a str by code point; a plain str comes out of the slices.
    const chars = Array.from(pyStr(text));
    if (!chars.length) throw pyException('IndexError', 'string index out of range');
    const [first, other] = [chars[0], chars.slice(1).join('')];
    const esc = autoescape ? (x: string) => conditionalEscape(x).value : (x: string) => x;
    return markSafe(`<strong>${esc(first)}</strong>${esc(other)}`);
  },
  { needsAutoescape: true, arg: 'none' },
);

/** A required argument. */
specLibrary.filter('surround', (value: unknown, arg: unknown) => `${pyStr(arg)}${pyStr(value)}${pyStr(arg)}`);

/** An optional argument (a default makes `fn.length` 1, so `arg` says it). */
specLibrary.filter('suffix', (value: unknown, arg: unknown = 'x') => `${pyStr(value)}${pyStr(arg)}`, { arg: 'optional' });

/** Python's int() of text: a ValueError for anything but a whole number. */
specLibrary.filter('parse_int', (value: unknown) => {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string' && !(value instanceof SafeString)) {
    throw pyException(
      'TypeError',
      `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`,
    );
  }
  const text = pyStr(value);
  const m = /^\s*([+-]?\d+(?:_\d+)*)\s*$/.exec(text);
  if (!m) throw pyException('ValueError', `invalid literal for int() with base 10: ${pyRepr(text)}`);
  const n = BigInt(m[1].replace(/_/g, ''));
  return n >= -(2n ** 53n) && n <= 2n ** 53n ? Number(n) : n;
});

// ----- simple tags -----

specLibrary.simpleTag('hello', () => 'Hello!');

specLibrary.simpleTag('pair', (a: unknown, b: unknown) => `${pyStr(a)}-${pyStr(b)}`);

specLibrary.simpleTag(
  'greet',
  (name: unknown, greeting: unknown = 'Hello', punct: unknown = '!') => `${pyStr(greeting)}, ${pyStr(name)}${pyStr(punct)}`,
);

/** Keyword-only parameters, one required: they arrive in the trailing keyword object. */
specLibrary.simpleTag(
  'label',
  (text: unknown, kw: Record<string, unknown>) =>
    `${pyStr(kw.prefix)}${pyStr(text)}${pyStr(Object.hasOwn(kw, 'suffix') ? kw.suffix : '')}`,
  { kwonly: ['prefix', 'suffix'], kwonlyDefaults: ['suffix'] },
);

specLibrary.simpleTag('join_all', (...args: unknown[]) => args.map(pyStr).join('|'));

specLibrary.simpleTag('first_rest', (first: unknown, ...rest: unknown[]) => `${pyStr(first)}+${rest.length}`);

/** The keyword arguments in the order the template gave them. */
specLibrary.simpleTag(
  'show_kwargs',
  (kwargs: Record<string, unknown>) => Object.entries(kwargs).map(([k, v]) => `${k}=${pyStr(v)}`).join(', '),
  { varkw: true },
);

// Python's `def everything(a, *args, **kwargs)`: the keyword object comes after
// the rest parameter's values, and the parameters cannot be read from a rest
// parameter that also holds the keywords, so they are given.
specLibrary.simpleTag(
  'everything',
  (a: unknown, ...rest: unknown[]) => {
    const kwargs = rest.pop() as Record<string, unknown>;
    const shown = Object.entries(kwargs).map(([k, v]) => `${k}=${pyStr(v)}`).join(', ');
    return `${pyStr(a)} ${pyRepr(rest)} ${shown}`;
  },
  { params: ['a'], varargs: true, varkw: true },
);

specLibrary.simpleTag('whoami', (context: Context) => `user=${pyStr(context.get('user', 'nobody'))}`, { takesContext: true });

/** A context variable named by an argument. */
specLibrary.simpleTag('lookup', (context: Context, key: unknown, fallback: unknown = '?') => context.get(pyStr(key), fallback), {
  takesContext: true,
});

specLibrary.simpleTag('bold', () => markSafe('<b>bold</b>'));

/** format_html: the arguments are escaped unless safe, the whole is safe. */
specLibrary.simpleTag('link', (url: unknown, text: unknown) => formatHtml('<a href="{}">{}</a>', url, text));

/** Not marked safe: escaped when autoescaping is on. */
specLibrary.simpleTag('raw_html', () => '<i>raw</i> & co');

/** The value itself, whatever its type or safety. */
specLibrary.simpleTag('echo', (value: unknown) => value);

specLibrary.simpleTag('fail', (message: unknown = 'tag failed') => {
  throw pyException('ValueError', pyStr(message));
});

// ----- simple block tags (Django 5.2) -----

/** The rendered content, returned as it came (Django gives a SafeString). */
specLibrary.simpleBlockTag('block_echo', (content: unknown) => content);

/** str.upper() of the content: no longer safe. */
specLibrary.simpleBlockTag('block_upper', (content: unknown) => pyStr(content).toUpperCase());

specLibrary.simpleBlockTag('wrap', (content: unknown, tag: unknown = 'div', cls: unknown = null) => {
  const attrs = truthy(cls) ? formatHtml(' class="{}"', cls) : '';
  return formatHtml('<{}{}>{}</{}>', tag, attrs, content, tag);
});

specLibrary.simpleBlockTag(
  'block_user',
  (context: Context, content: unknown) => formatHtml('{}: {}', context.get('user', 'nobody'), content),
  { takesContext: true },
);

specLibrary.simpleBlockTag(
  'repeat',
  (content: unknown, times: unknown = 2) => {
    if (typeof times !== 'number' || !Number.isInteger(times)) {
      throw pyException('TypeError', `can't multiply sequence by non-int of type '${pyTypeName(times)}'`);
    }
    return markSafe(pyStr(content).repeat(Math.max(0, times)));
  },
  { endName: 'stop' },
);

// ----- inclusion tags -----

specLibrary.inclusionTag('card', 'spec/card.html', (title: unknown, body: unknown = '(empty)') => ({ title, body }));

specLibrary.inclusionTag(
  'user_card',
  'spec/user.html',
  (context: Context, greeting: unknown = 'Hi') => ({ greeting, user: context.get('user', 'nobody') }),
  { takesContext: true },
);

// Python's `def item_list(*items, sep=", ")`: the keyword object is the last of `items`.
specLibrary.inclusionTag(
  'item_list',
  'spec/items.html',
  (...items: unknown[]) => {
    const kw = items.pop() as Record<string, unknown>;
    return { items, sep: Object.hasOwn(kw, 'sep') ? kw.sep : ', ', count: items.length };
  },
  { kwonly: ['sep'], kwonlyDefaults: ['sep'] },
);

specLibrary.inclusionTag('fallback_card', ['spec/missing.html', 'spec/card.html'], (title: unknown) => ({
  title,
  body: 'fallback',
}));

specLibrary.inclusionTag('missing_card', 'spec/missing.html', () => ({}));

// ----- tags written by hand -----

class UpperNode extends Node {
  constructor(readonly nodelist: NodeList) {
    super();
  }
  override render(context: Context): string {
    return this.nodelist.render(context).toUpperCase();
  }
}

/** `{% upper %}...{% endupper %}` */
specLibrary.tag('upper', (parser: Parser, _token: Token) => {
  const nodelist = parser.parse(['endupper']);
  parser.deleteFirstToken();
  return new UpperNode(nodelist);
});
specLibrary.node('UpperNode', UpperNode);

class SetVarNode extends Node {
  constructor(
    readonly name: string,
    readonly value: FilterExpression,
  ) {
    super();
  }
  override render(context: Context): string {
    context.set(this.name, this.value.resolve(context));
    return '';
  }
}

/** `{% set_var name value %}`: sets `name` in the current context frame. */
specLibrary.tag('set_var', (parser: Parser, token: Token) => {
  const bits = token.splitContents();
  if (bits.length !== 3) throw new TemplateSyntaxError(`'${bits[0]}' takes two arguments: a name and a value`);
  return new SetVarNode(bits[1], parser.compileFilter(bits[2]));
});
specLibrary.node('SetVarNode', SetVarNode);
