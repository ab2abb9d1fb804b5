/**
 * Generators of fuzz cases (fast-check arbitraries): templates written from
 * Django's grammar, contexts of JSON-like values, and the conformance
 * suite's own templates mutated (tokens cut, duplicated and swapped,
 * delimiters broken). A case has the shape of a conformance case
 * (spec/README.md), so the same case runs on reinhardt (spec/runCase.ts) and
 * on Django (spec/django_runner.py).
 *
 * `differential: true` leaves out what the README lists under "Deliberate
 * differences from Django", so that any disagreement found is a bug:
 * integral floats (`1.0`, `1e3`; context floats are never whole, and sums of
 * a few of them stay so), methods of Python's built-in types as attribute
 * names, `date`-only values, `{% debug %}`, and what is random or reads the
 * clock (`{% lorem random %}`, `|random`, `{% now %}`), `_("...")` as a
 * value or an argument (Django's is a lazy object; it stays in `translate`
 * tags). It also leaves out
 * what JSON cannot carry to Python (-0, lone surrogates) and a template that
 * includes itself (Django takes a while to reach its RecursionError).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export interface FuzzCase {
  name: string;
  templates: Record<string, string>;
  entry?: string;
  context: Record<string, unknown>;
  options?: Record<string, unknown>;
}

export interface GrammarOptions {
  /** Leave out the deliberate differences from Django (see above). */
  differential: boolean;
}

// ----- the pieces -----

/** Names in contexts, and a few that never are. */
const CONTEXT_NAMES = ['a', 'b', 's', 'n', 'f', 'l', 'd', 'items', 'obj'];
const VAR_NAMES = [...CONTEXT_NAMES, 'missing', 'forloop', 'block', 'x', 'k', 'v', 'True', 'None', 'constructor'];
/** Attribute names that no Python built-in type has as a method. */
const ATTRS = ['a', 'b', 'x', '0', '1', '2', 'items', 'keys', 'values', 'counter', 'counter0', 'revcounter', 'first', 'last',
  'parentloop', 'super', 'length', 'name', 'prototype', 'constructor', 'toString', 'valueOf'];
/** Names Django refuses (TemplateSyntaxError), used now and then. */
const BAD_NAMES = ['_x', '__proto__', '-1', 'a-b', '', 'é'];
/** Methods of str, list, dict, int: Django calls them, reinhardt does not (a deliberate difference). */
const PYTHON_METHODS = ['upper', 'count', 'get', 'split', 'pop', 'index', 'real', 'title'];

const FILTERS = ['add', 'addslashes', 'capfirst', 'center', 'cut', 'date', 'default', 'default_if_none', 'dictsort',
  'dictsortreversed', 'divisibleby', 'escape', 'escapejs', 'escapeseq', 'filesizeformat', 'first', 'floatformat',
  'force_escape', 'get_digit', 'iriencode', 'join', 'json_script', 'last', 'length', 'linebreaks', 'linebreaksbr',
  'linenumbers', 'ljust', 'lower', 'make_list', 'pluralize', 'pprint', 'rjust', 'safe', 'safeseq', 'slice', 'slugify',
  'stringformat', 'striptags', 'time', 'timesince', 'timeuntil', 'title', 'truncatechars', 'truncatechars_html',
  'truncatewords', 'truncatewords_html', 'unordered_list', 'upper', 'urlencode', 'urlize', 'urlizetrunc', 'wordcount',
  'wordwrap', 'yesno', 'nofilter', 'valueOf', 'constructor'];
/** The filters whose output changes from run to run. */
const RANDOM_FILTERS = ['random'];
/** Filters of the bundled libraries, for templates that load them. */
const LIBRARY_FILTERS = ['intcomma', 'intword', 'apnumber', 'ordinal', 'naturalday', 'localize', 'unlocalize', 'shout', 'stars'];

const TEXT_PIECES = ['x', ' ', '\n', 'Hello', '<p>', '</p>', '&amp;', '"', "'", '{', '}', '%', '#', '{ {', '} }', '%}', '}}',
  '#}', '{%', '{{', '{#', 'é', '日本', '😀', '\t', '\r\n', '\u2028', '\0', '\\', '`', '${x}', '*/', '</script>'];

const STRING_UNITS = ['a', 'b', 'Z', ' ', '<', '>', '&', '"', "'", '\\', 'é', '日', '😀', '\n', '\u2028', '{', '}', '%', '#',
  '-', '_', '1', '.', ',', ':', '/', '@', '\0', '\u00a0'];
const INTERESTING_STRINGS = ['', '<b>bold</b>', 'http://example.com/?a=1&b=2', 'www.example.org', 'mail@example.com', '1,234.5',
  '2024-01-02', 'line one\nline two\n\npara', '  padded  ', 'Title case Words here', "it's \"quoted\"", '<script>alert(1)</script>',
  '12', '-3', '1.5', 'True', 'None', 'a,b,c', '%s', '%(a)s', 'ÉCOLE', 'ß', 'ﬁ', 'İ'];

// ----- contexts -----

function jsonString(opts: GrammarOptions): fc.Arbitrary<string> {
  const units = opts.differential ? STRING_UNITS : [...STRING_UNITS, '\ud800', '\udc00'];
  return fc.oneof(
    fc.string({ unit: fc.constantFrom(...units), maxLength: 12 }),
    fc.constantFrom(...INTERESTING_STRINGS),
  );
}

function jsonNumber(opts: GrammarOptions): fc.Arbitrary<number> {
  const ints = fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -2_000_000, max: 2_000_000 }),
    fc.constantFrom(0, 1, -1, 1000, 1024, 1234567, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1)));
  // Never a whole number, and a few of them summed stay fractional.
  const fractional = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0.25, 0.1, 0.7, 0.125))
    .map(([k, f]) => k + f);
  if (opts.differential) return fc.oneof(ints, fractional);
  return fc.oneof(ints, fractional, fc.double({ noNaN: true }), fc.constantFrom(-0, 1e21, 1e-7, 1.0, 2 ** 64, Number.MAX_VALUE));
}

/** A JSON-like value, with the suite's tagged forms now and then. */
export function valueArb(opts: GrammarOptions): fc.Arbitrary<unknown> {
  const keys = fc.constantFrom(...ATTRS.filter((k) => !k.startsWith('_')), 'grouper', 'list', 'k', 'v');
  // A Date carries milliseconds, not microseconds (a deliberate difference).
  const datetime = fc.constantFrom('2024-01-02T03:04:05', opts.differential ? '1999-12-31T23:59:59.123' : '1999-12-31T23:59:59.123456',
    '2024-02-29T12:00:00', '1970-01-01T00:00:00');
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3, depthIdentifier: 'value' },
      jsonString(opts),
      jsonNumber(opts),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(keys, tie('value'), { maxKeys: 4 }),
      fc.oneof(
        jsonString(opts).map((s) => ({ $safe: s })),
        // A function's repr names its address in Python: not in differential cases.
        opts.differential ? jsonString(opts).map((s) => ({ $safe: s })) : tie('value').map((v) => ({ $callable: v })),
        fc.array(fc.tuple(keys, tie('value')), { maxLength: 3 }).map((pairs) => ({ $map: pairs })),
        datetime.map((d) => ({ $datetime: d })),
        datetime.map((d) => ({ $date: d.slice(0, 10) })),
        fc.constantFrom('00:00:00', '12:00:00', '13:05:07.000123').map((t) => ({ $time: t })),
      ),
    ),
  })).value;
}

export function contextArb(opts: GrammarOptions): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(fc.constantFrom(...CONTEXT_NAMES), valueArb(opts), { maxKeys: 6 });
}

// ----- templates -----

/** Spaces (or none) around the words of a tag or variable. */
const sp = fc.constantFrom(' ', ' ', ' ', '', '  ', '\t');

/** A quoted literal; `_("...")` too unless `translatable` is false. */
function stringLiteral(translatable = true): fc.Arbitrary<string> {
  const unit = fc.constantFrom('a', 'b', ' ', '<', '&', '"', "'", '\\"', "\\'", '\\\\', 'é', '%s', ',', ':', '|', '}}', '%}', '\n');
  const closed = fc.oneof({ weight: 20, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
  return fc.tuple(fc.constantFrom('"', "'"), fc.array(unit, { maxLength: 6 }), closed, fc.boolean())
    .map(([q, parts, closed, translated]) => {
      // Within one quote kind, the other quote needs no escape, and this one must have one.
      const body = parts.map((p) => (p === q ? `\\${q}` : p)).join('');
      const literal = `${q}${body}${closed ? q : ''}`;
      return translated && translatable ? `_(${literal})` : literal;
    });
}

function numberLiteral(opts: GrammarOptions): fc.Arbitrary<string> {
  // A large width: with the limits on, maxOutputSize refuses the value of
  // `ljust`, `center`, `stringformat` or `floatformat` before building it.
  // Against Django, without limits, 1234567 still makes a large value
  // quickly; 12345678 made renders of tens of seconds on a busy machine.
  const width = opts.differential ? '1234567' : '12345678';
  const common = fc.constantFrom('0', '1', '2', '3', '-1', '10', '100', '1.25', '-0.75', '3.125', '0.1', width, '9007199254740993');
  const odd = fc.constantFrom('1_000', '01', '.5', '5.', '+1', '1.', '--1', '1e', '0x10', '1.5e-3');
  const floats = fc.constantFrom('1e3', '1.0', '-0.0', '0.0', '1e-400', '1e400', '-1e308');
  if (opts.differential) return fc.oneof({ weight: 10, arbitrary: common }, { weight: 2, arbitrary: odd });
  return fc.oneof({ weight: 10, arbitrary: common }, { weight: 2, arbitrary: odd }, { weight: 2, arbitrary: floats });
}

function variablePath(opts: GrammarOptions): fc.Arbitrary<string> {
  const attrs = opts.differential ? ATTRS : [...ATTRS, ...PYTHON_METHODS];
  const attr = fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...attrs) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_NAMES) });
  // (`{{ block }}` prints Django's node repr: a difference the README lists.)
  const names = opts.differential ? VAR_NAMES.filter((n) => n !== 'block') : VAR_NAMES;
  const head = fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_NAMES) });
  return fc.tuple(head, fc.array(attr, { maxLength: 3 })).map(([name, path]) => [name, ...path].join('.'));
}

function atom(opts: GrammarOptions): fc.Arbitrary<string> {
  // Django's `_("...")` is a lazy translation object: int() of it raises
  // TypeError, where reinhardt's is text (a deliberate difference).
  return fc.oneof({ weight: 5, arbitrary: variablePath(opts) }, { weight: 2, arbitrary: stringLiteral(!opts.differential) },
    { weight: 2, arbitrary: numberLiteral(opts) });
}

function filterExpression(opts: GrammarOptions): fc.Arbitrary<string> {
  const names = opts.differential ? FILTERS : [...FILTERS, ...RANDOM_FILTERS];
  const oddly = (usual: string, ...odd: string[]) => fc.oneof({ weight: 20, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
  const filter = fc.tuple(fc.constantFrom(...names), fc.option(atom(opts), { freq: 2 }), oddly('|', ' | ', '||', '| '), oddly(':', ': ', ' :', '::'))
    .map(([name, arg, bar, colon]) => `${bar}${name}${arg === null ? '' : colon + arg}`);
  return fc.tuple(atom(opts), fc.array(filter, { maxLength: 3 })).map(([a, fs]) => a + fs.join(''));
}

/** An `if` condition: Django's smartif grammar, and some that break it. */
function condition(opts: GrammarOptions): fc.Arbitrary<string> {
  const operand = filterExpression(opts);
  const op = fc.constantFrom('==', '!=', '<', '>', '<=', '>=', 'in', 'not in', 'is', 'is not', 'and', 'or', '=', '<>');
  return fc.oneof(
    operand,
    operand.map((o) => `not ${o}`),
    fc.tuple(operand, op, operand).map(([a, o, b]) => `${a} ${o} ${b}`),
    fc.tuple(operand, op, operand, fc.constantFrom('and', 'or'), operand).map(([a, o, b, j, c]) => `${a} ${o} ${b} ${j} ${c}`),
    fc.constantFrom('', 'and', 'not', 'a ==', '== a', '(a)', 'a b', 'not not a', 'a is None', 'a in', 'None is not b'),
  );
}

/** Words after a tag's name: plausible or not. */
function junkArgs(opts: GrammarOptions): fc.Arbitrary<string> {
  return fc.array(fc.oneof(atom(opts), fc.constantFrom('as', 'with', 'only', 'by', 'in', '=', 'x=1', 'silent', 'reversed', 'on', 'off',
    'count', 'context', 'noop', 'asvar', 'from', 'trimmed')), { maxLength: 4 }).map((w) => w.join(' '));
}

function tag(inner: string): string {
  return `{% ${inner} %}`;
}

export function templateArb(opts: GrammarOptions): fc.Arbitrary<string> {
  const expr = filterExpression(opts);
  const cond = condition(opts);
  const junk = junkArgs(opts);
  // (A `forloop` the template sets meets ifchanged's state, which Django writes into that dict and reinhardt
  // never does: a deliberate difference, README.)
  const name = fc.constantFrom('x', 'k', 'v', 'a', 'item', ...(opts.differential ? [] : ['forloop']), 'block', '_y', 'constructor');
  const includeName = fc.constantFrom('"other.html"', '"base.html"', '"missing.html"', "'other.html'", 'a', '"../x.html"', '""',
    ...(opts.differential ? [] : ['"loop.html"']));
  const text = fc.array(fc.constantFrom(...TEXT_PIECES), { minLength: 1, maxLength: 3 }).map((t) => t.join(''));
  const variable = fc.tuple(sp, expr, sp).map(([l, e, r]) => `{{${l}${e}${r}}}`);
  const comment = fc.oneof(fc.constant('{# note #}'), text.map((t) => `{#${t}#}`));
  const simpleTags: fc.Arbitrary<string>[] = [
    fc.tuple(fc.array(atom(opts), { minLength: 0, maxLength: 3 }), fc.option(fc.constantFrom('as c', 'as c silent', 'silent'))).map(([vals, as]) =>
      tag(`cycle ${vals.join(' ')}${as ? ' ' + as : ''}`)),
    fc.constantFrom(tag('resetcycle'), tag('resetcycle c'), tag('csrf_token'), tag('templatetag openblock'), tag('templatetag closevariable'),
      tag('templatetag opencomment'), tag('templatetag bogus'), tag('load humanize'), tag('load i18n'), tag('load l10n'), tag('load tz'),
      tag('load intcomma from humanize'), tag('load nothing'), tag('load spec'), tag('url "home"'), tag('url a'), tag('querystring'),
      tag('querystring a=1'), tag('partial card'), tag('lorem'), tag('lorem 2 w'), tag('lorem 1 p'), tag('get_current_language as lang'),
      '{{ block.super }}', '{{ forloop.counter }}', '{{ forloop.parentloop.counter }}'),
    fc.tuple(fc.array(atom(opts), { minLength: 0, maxLength: 3 }), fc.boolean()).map(([vals, as]) => tag(`firstof ${vals.join(' ')}${as ? ' as fv' : ''}`)),
    fc.tuple(atom(opts), atom(opts), atom(opts)).map(([v, m, w]) => tag(`widthratio ${v} ${m} ${w}`)),
    fc.tuple(includeName, fc.constantFrom('', ' with a=1', ' with b=s only', ' only', ' with', ' with a', ' only only')).map(([n, w]) => tag(`include ${n}${w}`)),
    fc.tuple(variablePath(opts), fc.constantFrom('a', 'grouper', '0', 'k'), name).map(([l, by, as]) => tag(`regroup ${l} by ${by} as ${as}`)),
    fc.tuple(fc.constantFrom('load i18n', 'load humanize', 'load l10n'), fc.constantFrom(...LIBRARY_FILTERS, 'language_name'), expr)
      .map(([load, f, e]) => `${tag(load)}{{ ${e}|${f} }}`),
    fc.tuple(stringLiteral(), fc.constantFrom('', ' as t', ' noop', ' context "c"')).map(([s, rest]) => `${tag('load i18n')}${tag(`translate ${s}${rest}`)}`),
  ];
  if (!opts.differential) {
    simpleTags.push(fc.constantFrom(tag('debug'), tag('now "Y"'), tag('now "jS F Y H:i" as t'), tag('now'), tag('lorem 3 w random'),
      tag('lorem 100000000 w'), tag('lorem 2 p random')));
  }

  /** Tags where they do not belong, or with arguments that make no sense. */
  const implausible = fc.oneof(
    fc.constantFrom(tag('endif'), tag('endfor'), tag('else'), tag('empty'), tag('endblock'), tag('endverbatim'), tag(''), '{%%}', '{% %}', '{{}}',
      '{{ }}', tag('nosuchtag'), tag('block.super')),
    fc.tuple(fc.constantFrom('translate', 'blocktranslate', ...(opts.differential ? [] : ['now']), 'with', 'for', 'if', 'include', 'extends', 'cycle', 'firstof', 'widthratio',
      'regroup', 'autoescape', 'filter', 'spaceless', 'verbatim', 'block', 'partialdef', 'partial', 'templatetag', 'load', 'url', 'ifchanged',
      'comment', 'csrf_token', ...(opts.differential ? [] : ['lorem']), 'querystring', 'resetcycle', 'elif', 'plural', 'endwith'), junk)
      .map(([t, args]) => tag(`${t} ${args}`)),
  );

  const { template } = fc.letrec<{ template: string; node: string }>((tie) => {
    const body = tie('template');
    const blockTags: fc.Arbitrary<string>[] = [
      fc.tuple(cond, body, fc.array(fc.tuple(cond, body), { maxLength: 2 }), fc.option(body)).map(([c, b, elifs, els]) =>
        tag(`if ${c}`) + b + elifs.map(([c2, b2]) => tag(`elif ${c2}`) + b2).join('') + (els === null ? '' : tag('else') + els) + tag('endif')),
      fc.tuple(fc.constantFrom('x', 'k, v', 'k,v', 'x y', 'x,', 'forloop', 'a'), expr, fc.boolean(), body, fc.option(body)).map(([vars, e, rev, b, empty]) =>
        tag(`for ${vars} in ${e}${rev ? ' reversed' : ''}`) + b + (empty === null ? '' : tag('empty') + empty) + tag('endfor')),
      fc.tuple(fc.constantFrom('d.items', 'items', 'l', 'obj.items'), body).map(([e, b]) => tag(`for k, v in ${e}`) + b + tag('endfor')),
      fc.tuple(fc.array(fc.tuple(name, expr), { minLength: 1, maxLength: 2 }), body).map(([pairs, b]) =>
        tag(`with ${pairs.map(([n, e]) => `${n}=${e}`).join(' ')}`) + b + tag('endwith')),
      fc.tuple(expr, name, body).map(([e, n, b]) => tag(`with ${e} as ${n}`) + b + tag('endwith')),
      fc.tuple(fc.constantFrom('on', 'off', 'maybe', ''), body).map(([m, b]) => tag(`autoescape ${m}`) + b + tag('endautoescape')),
      fc.tuple(fc.constantFrom('upper', 'lower|capfirst', 'title', 'escape', 'safe', 'cut:" "', 'truncatewords:2', 'nofilter', 'force_escape|linebreaks'), body)
        .map(([f, b]) => tag(`filter ${f}`) + b + tag('endfilter')),
      body.map((b) => tag('spaceless') + ' <p> ' + b + ' </p> ' + tag('endspaceless')),
      fc.tuple(fc.option(expr), body, fc.option(body)).map(([e, b, els]) =>
        tag(`ifchanged${e === null ? '' : ' ' + e}`) + b + (els === null ? '' : tag('else') + els) + tag('endifchanged')),
      fc.tuple(fc.constantFrom('content', 'side', 'x'), body, fc.boolean()).map(([n, b, named]) => tag(`block ${n}`) + b + tag(`endblock${named ? ' ' + n : ''}`)),
      fc.tuple(fc.constantFrom('', ' note'), body).map(([n, b]) => tag(`comment${n}`) + b + tag('endcomment')),
      fc.tuple(fc.constantFrom('', ' v1'), body).map(([n, b]) => tag(`verbatim${n}`) + b + tag(`endverbatim${n}`)),
      fc.tuple(fc.constantFrom('card', 'x'), fc.boolean(), body).map(([n, inline, b]) =>
        tag(`partialdef ${n}${inline ? ' inline' : ''}`) + b + tag('endpartialdef') + (inline ? '' : tag(`partial ${n}`))),
      fc.tuple(fc.constantFrom('on', 'off'), body).map(([m, b]) => tag('load l10n') + tag(`localize ${m}`) + b + tag('endlocalize')),
      fc.tuple(fc.constantFrom('"de"', '"fr"', '"xx"', 'a'), body).map(([l, b]) => tag('load i18n') + tag(`language ${l}`) + b + tag('endlanguage')),
      fc.tuple(fc.constantFrom('', ' count c=n', ' with a=b', ' trimmed', ' count n'), text, fc.option(text)).map(([args, t, plural]) =>
        tag('load i18n') + tag(`blocktranslate${args}`) + t + '{{ a }}' + (plural === null ? '' : tag('plural') + plural) + tag('endblocktranslate')),
    ];
    return {
      template: fc.array(tie('node'), { maxLength: 4 }).map((nodes) => nodes.join('')),
      node: fc.oneof(
        { depthSize: 'small', maxDepth: 4, depthIdentifier: 'template' },
        { weight: 3, arbitrary: text },
        { weight: 4, arbitrary: variable },
        { weight: 1, arbitrary: comment },
        { weight: 3, arbitrary: fc.oneof(...simpleTags) },
        { weight: 1, arbitrary: implausible },
        { weight: 3, arbitrary: fc.oneof(...blockTags) },
      ),
    };
  });
  // Now and then the page extends another, as a first tag must.
  const extendsTag = fc.oneof({ weight: 12, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom(tag('extends "base.html"'), tag('extends "missing.html"'), tag('extends a'), tag('extends "other.html"')) });
  return fc.tuple(extendsTag, template).map(([e, t]) => e + t);
}

/** The templates every generated case can include or extend. */
export function companionTemplates(opts: GrammarOptions): Record<string, string> {
  return {
    'other.html': '[{{ a }}|{{ b|default:"none" }}{% block content %}other{% endblock %}]',
    'base.html': '<{% block content %}base{% endblock %}|{% block side %}{{ s }}{% endblock %}>',
    ...(opts.differential ? {} : { 'loop.html': '{{ a }}{% include "loop.html" %}' }),
  };
}

export function generatedCaseArb(opts: GrammarOptions): fc.Arbitrary<FuzzCase> {
  const companions = companionTemplates(opts);
  return fc.tuple(templateArb(opts), contextArb(opts), fc.constantFrom(true, true, true, false), fc.constantFrom('', '', 'INVALID', '%s'))
    .map(([template, context, autoescape, stringIfInvalid]) => ({
      name: 'generated',
      templates: { 'index.html': template, ...companions },
      context,
      options: { autoescape, stringIfInvalid },
    }));
}

// ----- the conformance suite's templates, mutated -----

interface SpecCaseLike {
  name: string;
  template?: string;
  templates?: Record<string, string>;
  entry?: string;
  context?: Record<string, unknown>;
  options?: Record<string, unknown>;
}

const specDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'spec', 'cases');

/** Cases of spec/cases/*.json whose templates get mutated. */
export function specCases(opts: GrammarOptions): SpecCaseLike[] {
  const cases: SpecCaseLike[] = [];
  // The compiled fuzzers run from .cache/fuzz: the cases are in the source tree.
  const dir = [specDir, join(specDir, '..', '..', '..', '..', 'spec', 'cases')].find((d) => {
    try {
      return readdirSync(d).length > 0;
    } catch {
      return false;
    }
  })!;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(join(dir, file), 'utf8')) as SpecCaseLike[]) {
      const source = JSON.stringify(c.templates ?? c.template ?? '');
      // What runs differently on purpose, or runs differently each time.
      // (lorem: more than one paragraph is random; verbatim not followed by a
      // space is the known difference listed in the README.)
      if (opts.differential && /random|\{% *(now|debug|lorem)\b|verbatim\\t|\$raises|\$callableArgs/.test(source + JSON.stringify(c.context ?? {}))) continue;
      if (opts.differential && (c.options?.staticManifest !== undefined || c.options?.now !== undefined)) continue;
      cases.push(c);
    }
  }
  return cases;
}

/** A template cut into text, `{{ }}`, `{% %}` and `{# #}` tokens. */
export function tokenize(source: string): string[] {
  return source.split(/(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})/s).filter((t) => t !== '');
}

type Mutation = ['cut' | 'dup' | 'swap' | 'break' | 'word' | 'insert', number, number];

const BROKEN_DELIMITERS: [RegExp, string][] = [
  [/^\{%/, '{'], [/%\}$/, '}'], [/%\}$/, '}}'], [/^\{\{/, '{'], [/\}\}$/, '}'], [/\}\}$/, '%}'], [/^\{#/, '{'], [/#\}$/, ''],
  [/^\{%/, '{{'], [/ /, ''],
];

export function mutate(source: string, mutations: Mutation[], inserts: string[]): string {
  const tokens = tokenize(source);
  for (const [kind, i, j] of mutations) {
    if (tokens.length === 0) tokens.push('');
    const at = i % tokens.length;
    const to = j % tokens.length;
    if (kind === 'cut') tokens.splice(at, 1);
    else if (kind === 'dup') tokens.splice(to, 0, tokens[at]!);
    else if (kind === 'swap') [tokens[at], tokens[to]] = [tokens[to]!, tokens[at]!];
    else if (kind === 'break') {
      const [re, by] = BROKEN_DELIMITERS[j % BROKEN_DELIMITERS.length]!;
      tokens[at] = tokens[at]!.replace(re, by);
    } else if (kind === 'word') {
      // A word of a tag cut out, or repeated.
      const words = tokens[at]!.split(/(\s+)/);
      const k = j % words.length;
      if (j % 2 === 0) words.splice(k, 1);
      else words.splice(k, 0, words[k]!);
      tokens[at] = words.join('');
    } else if (inserts.length > 0) tokens.splice(at, 0, inserts[j % inserts.length]!);
  }
  return tokens.join('');
}

export function mutatedSpecCaseArb(opts: GrammarOptions): fc.Arbitrary<FuzzCase> {
  const cases = specCases(opts);
  const mutation = fc.tuple(fc.constantFrom('cut', 'dup', 'swap', 'break', 'word', 'insert'), fc.nat(), fc.nat()) as fc.Arbitrary<Mutation>;
  const fragment = fc.oneof(templateArb(opts), fc.constantFrom('{% endif %}', '{% else %}', '{% endfor %}', '{% empty %}', '{{', '%}', '{% block content %}'));
  return fc.tuple(fc.nat(cases.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.array(fragment, { maxLength: 1 }))
    .map(([index, mutations, inserts]) => {
      const c = cases[index]!;
      const templates = { ...(c.templates ?? { 'index.html': c.template ?? '' }) };
      const entry = (c.entry ?? 'index.html').split('#')[0]!;
      templates[entry] = mutate(templates[entry] ?? '', mutations, inserts);
      const out: FuzzCase = { name: c.name, templates, context: c.context ?? {} };
      if (c.entry !== undefined) out.entry = c.entry;
      if (c.options !== undefined) out.options = c.options;
      return out;
    });
}

/** Generated and mutated cases, two to one. */
export function fuzzCaseArb(opts: GrammarOptions): fc.Arbitrary<FuzzCase> {
  return fc.oneof({ weight: 2, arbitrary: generatedCaseArb(opts) }, { weight: 1, arbitrary: mutatedSpecCaseArb(opts) });
}
