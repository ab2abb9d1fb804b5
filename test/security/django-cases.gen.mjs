#!/usr/bin/env node
/**
 * Writes test/security/django-cases.json: the attacks of the security suite
 * that real Django can also run, tried through every position of a template
 * where they apply. The expected results are never typed by hand: after
 * regenerating, fill them in from real Django with
 *
 *     node test/security/django-cases.gen.mjs
 *     env $(bash scripts/get-django.sh) test/security/record_django.py
 *
 * and check them again on Django with
 *
 *     env $(bash scripts/get-django.sh) test/security/record_django.py --check
 *
 * The file uses the conformance suite's case format and tagged values
 * (spec/README.md) and spec/django_runner.py renders it on Django; reinhardt runs it
 * in test/security/django-cases.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cveInputs } from './cve-inputs.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), 'django-cases.json');

/** Data shapes a hostile lookup is tried on, as the suite's tagged values. */
const shapes = {
  dict: { a: 1 },
  object: { $object: { a: 1 } },
  list: [1, 2],
  str: 'abc',
  int: 5,
  float: 1.5,
  map: { $map: [['a', 1]] },
  safe: { $safe: '<b>' },
  datetime: { $datetime: '2024-01-02T03:04:05' },
  callable: { $callable: { a: 1 } },
  uncalled: { $callable: 1, doNotCallInTemplates: true },
  none: null,
  bool: true,
  bigint: { $int: '123456789012345678901234567890' },
};

/**
 * Names of JavaScript's machinery: each must behave as Django treats the
 * same name on the same data (a missing attribute, or the underscore error).
 */
const lookupNames = [
  'constructor', 'prototype', 'valueOf', 'toString', 'toLocaleString', 'hasOwnProperty',
  'isPrototypeOf', 'propertyIsEnumerable', 'caller', 'callee', 'arguments', 'apply', 'call',
  'bind', 'length', 'name', 'then', 'size', 'get', 'has', 'set', 'at', 'entries', 'forEach',
  'constructor.constructor', 'constructor.name', 'constructor.prototype', 'toString.call',
  'valueOf.constructor', 'prototype.constructor', 'constructor.constructor.constructor',
  '__proto__', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__proto__.constructor',
  'constructor.__proto__',
];

/** Positions a looked-up value can be used in; `V` is the variable. */
const lookupPositions = {
  var: '[{{ V }}]',
  varFilter: '[{{ V|default:"d" }}]',
  filterArg: '[{{ "v"|default:V }}]',
  filterArgCut: '[{{ "v"|cut:V }}]',
  with: '{% with v=V %}[{{ v }}]{% endwith %}',
  withLegacy: '{% with V as v %}[{{ v }}]{% endwith %}',
  for: '{% for x in V %}[{{ x }}]{% empty %}E{% endfor %}',
  forUnpack: '{% for a, b in V %}[{{ a }}{{ b }}]{% empty %}E{% endfor %}',
  if: '{% if V %}T{% else %}F{% endif %}',
  ifCompare: '{% if V == None %}N{% elif V %}T{% else %}F{% endif %}',
  firstof: '[{% firstof V "d" %}]',
  cycle: '{% for i in "ab" %}[{% cycle V "c" %}]{% endfor %}',
  customTag: '{% load spec %}[{% echo V %}]',
  customTagAs: '{% load spec %}{% echo V as r %}[{{ r }}]',
  customTagKwarg: '{% load spec %}[{% show_kwargs k=V %}]',
  customFilterArg: '{% load spec %}[{{ "v"|surround:V }}]',
  include: '{% include "inc.html" with v=V %}',
};

/** The shapes each position is tried on (all of them for plain `{{ }}`). */
const positionShapes = {
  var: Object.keys(shapes),
  varFilter: ['dict', 'object', 'map', 'str', 'list'],
  filterArg: ['dict', 'object', 'map', 'str'],
  filterArgCut: ['dict', 'object', 'str'],
  with: ['dict', 'object', 'map', 'str', 'callable'],
  withLegacy: ['dict', 'object'],
  for: ['dict', 'object', 'map', 'str', 'list'],
  forUnpack: ['dict', 'object', 'map'],
  if: ['dict', 'object', 'map', 'str', 'list', 'int'],
  ifCompare: ['dict', 'object', 'map'],
  firstof: ['dict', 'object', 'map'],
  cycle: ['dict', 'object'],
  customTag: ['dict', 'object', 'map', 'str', 'list', 'uncalled'],
  customTagAs: ['dict', 'object'],
  customTagKwarg: ['dict', 'object', 'map'],
  customFilterArg: ['dict', 'object'],
  include: ['dict', 'object', 'map'],
};

/**
 * Names a template binds or defines: each must work as any other name does
 * (`O` is bound to the value "bound"; `{% lookup %}` reads the context by
 * name, so names Django forbids in `{{ }}` can still be read back).
 */
const bindingNames = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'then', 'forloop', 'block', 'True', 'None'];
const bindingPositions = {
  with: '{% load spec %}{% with N=o %}[{% lookup "N" %}]{% endwith %}[{% lookup "N" %}]',
  withLegacy: '{% load spec %}{% with o as N %}[{% lookup "N" %}]{% endwith %}',
  for: '{% load spec %}{% for N in l %}[{% lookup "N" %}]{% endfor %}[{% lookup "N" %}]',
  forUnpack: '{% load spec %}{% for N, M in pairs %}[{% lookup "N" %}|{% lookup "M" %}]{% endfor %}',
  forUnpackSecond: '{% load spec %}{% for k, N in pairs %}[{{ k }}|{% lookup "N" %}]{% endfor %}',
  cycleAs: '{% load spec %}{% cycle "a" "b" as N silent %}[{% lookup "N" %}]',
  firstofAs: '{% load spec %}{% firstof o as N %}[{% lookup "N" %}]',
  regroupAs: '{% load spec %}{% regroup rows by g as N %}[{% lookup "N" %}]',
  customTagAs: '{% load spec %}{% echo o as N %}[{% lookup "N" %}]',
  customTagKwargName: '{% load spec %}[{% show_kwargs N=o %}]',
  includeWith: '{% include "lookup.html" with N=o %}',
  includeWithOnly: '{% include "lookup.html" with N=o only %}',
  contextKey: '{% load spec %}[{% lookup "N" %}]',
  contextKeyMissing: '{% load spec %}[{% lookup "N" "missing" %}]',
  blockChild: '{% extends "base-N.html" %}{% block N %}child{% endblock %}',
  blockSuper: '{% extends "base-N.html" %}{% block N %}child+{{ block.super }}{% endblock %}',
  blockOnly: '{% block N %}own{% endblock %}',
  blockTwice: '{% block N %}a{% endblock %}{% block N %}b{% endblock %}',
  partial: '{% partialdef N %}P{% endpartialdef %}[{% partial N %}]',
  partialInline: '{% partialdef N inline %}P{% endpartialdef %}',
  partialMissing: '[{% partial N %}]',
  partialEndName: '{% partialdef N %}P{% endpartialdef N %}[{% partial N %}]',
};

/** Registry and loader names: none of them may find anything inherited. */
const registryNames = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'isPrototypeOf'];
const registryPositions = {
  filter: '{{ 1|N }}',
  filterArg: '{{ 1|N:2 }}',
  tag: '{% N %}',
  tagWithArg: '{% N x %}',
  load: '{% load N %}',
  loadFrom: '{% load N from spec %}',
  loadFromName: '{% load echo from N %}',
  templatetag: '{% templatetag N %}',
  include: '{% include "N" %}',
  includeVar: '{% include name %}',
  includeList: '{% include names %}',
  extends: '{% extends "N" %}',
  extendsVar: '{% extends name %}',
  entryPartial: '',
  customFilterName: '{% load spec %}{{ 1|N }}',
  customTagName: '{% load spec %}{% N %}',
};

const cases = [];
const add = (c) => cases.push(c);

for (const [pos, tpl] of Object.entries(lookupPositions)) {
  for (const name of lookupNames) {
    for (const shape of positionShapes[pos]) {
      add({
        name: `lookup-${pos}-${name}-${shape}`,
        templates: { 'index.html': tpl.replaceAll('V', `o.${name}`), 'inc.html': '[{{ v }}]' },
        context: { o: shapes[shape] },
      });
    }
  }
  // The name as a context variable of its own (`{{ constructor }}`).
  for (const name of lookupNames) {
    add({
      name: `lookup-${pos}-${name}-toplevel`,
      templates: { 'index.html': tpl.replaceAll('V', name), 'inc.html': '[{{ v }}]' },
      context: {},
    });
  }
}

// Context keys named like machinery are ordinary data (a Python dict's keys).
for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'then', 'caller']) {
  add({ name: `datakey-toplevel-${name}`, template: `[{{ ${name} }}]`, context: { [name]: 'own' } });
  add({ name: `datakey-dict-${name}`, template: `[{{ d.${name} }}]`, context: { d: { [name]: 'own' } } });
  add({ name: `datakey-dict-nested-${name}`, template: `[{{ d.${name}.${name} }}]`, context: { d: { [name]: { [name]: 'own' } } } });
  add({ name: `datakey-map-${name}`, template: `[{{ d.${name} }}]`, context: { d: { $map: [[name, 'own']] } } });
  add({ name: `datakey-object-${name}`, template: `[{{ d.${name} }}]`, context: { d: { $object: { [name]: 'own' } } } });
  add({ name: `datakey-items-${name}`, template: `{% for k, v in d.items %}[{{ k }}={{ v }}]{% endfor %}`, context: { d: { [name]: 'own' } } });
  add({ name: `datakey-dictsort-${name}`, template: `{% for x in l|dictsort:"${name}" %}[{{ x.${name} }}]{% endfor %}`, context: { l: [{ [name]: 2 }, { [name]: 1 }] } });
  add({ name: `datakey-dictsort-missing-${name}`, template: `[{{ l|dictsort:"${name}" }}]`, context: { l: [{ a: 2 }, { a: 1 }] } });
  add({ name: `datakey-dictsort-object-missing-${name}`, template: `[{{ l|dictsort:"${name}" }}]`, context: { l: [{ $object: { a: 2 } }, { $object: { a: 1 } }] } });
}
for (const name of ['__proto__', '__class__', '_private', 'constructor.__proto__', 'a._b']) {
  add({ name: `dictsort-underscore-${name}`, template: `[{{ l|dictsort:"${name}" }}]`, context: { l: [{ a: 2 }, { a: 1 }] } });
}

for (const [pos, tpl] of Object.entries(bindingPositions)) {
  for (const name of bindingNames) {
    const templates = {
      'index.html': tpl.replaceAll('N', name),
      'lookup.html': `{% load spec %}[{% lookup "${name}" %}]`,
      [`base-${name}.html`]: `<{% block ${name} %}base{% endblock %}>`,
    };
    add({
      name: `binding-${pos}-${name}`,
      templates,
      context: {
        o: 'bound', l: ['x', 'y'], pairs: [['k1', 'v1'], ['k2', 'v2']],
        rows: [{ g: 1 }, { g: 2 }],
      },
    });
  }
}
// A context whose own keys are those names.
for (const name of bindingNames) {
  add({ name: `binding-context-own-${name}`, template: `{% load spec %}[{% lookup "${name}" %}]`, context: { [name]: 'own' } });
}

for (const [pos, tpl] of Object.entries(registryPositions)) {
  for (const name of registryNames) {
    const c = {
      name: `registry-${pos}-${name}`,
      templates: { 'index.html': tpl.replaceAll('N', name), 'page.html': '{% partialdef card %}C{% endpartialdef %}' },
      context: { name, names: [name, 'missing.html'] },
    };
    if (pos === 'entryPartial') c.entry = `page.html#${name}`;
    add(c);
  }
}
// The same names as templates that do exist: found as themselves.
for (const name of registryNames) {
  add({ name: `registry-own-template-${name}`, templates: { 'index.html': `{% include "${name}" %}|{% include n %}`, [name]: `own ${name}` }, context: { n: name } });
  add({ name: `registry-own-extends-${name}`, templates: { 'index.html': `{% extends "${name}" %}`, [name]: `parent ${name}` } });
  add({ name: `registry-own-entry-${name}`, templates: { [name]: `entry ${name}` }, entry: name });
  add({ name: `registry-own-entry-partial-${name}`, templates: { 'page.html': `{% partialdef ${name} %}P ${name}{% endpartialdef %}` }, entry: `page.html#${name}` });
}

// Template names that try to leave the loader (locmem here: a name is a key).
const hostileTemplateNames = [
  '../index.html', '../../etc/passwd', '/etc/passwd', './../x.html', 'a/../../x.html', 'file:///etc/passwd',
  'http://example.com/x.html', 'index.html\u0000.txt', '\u0000', 'C:\\Windows\\win.ini', '..\\..\\x',
  'index.html#', '#card', 'page.html#', 'page.html##card', 'index.html\u2028', '\ud800',
];
for (const [i, name] of hostileTemplateNames.entries()) {
  add({ name: `template-name-include-const-${i}`, templates: { 'index.html': `{% include "${name.replaceAll('\\', '\\\\')}" %}`, 'x.html': 'X', 'page.html': '{% partialdef card %}C{% endpartialdef %}' } });
  add({ name: `template-name-include-var-${i}`, templates: { 'index.html': '{% include n %}', 'x.html': 'X', 'page.html': '{% partialdef card %}C{% endpartialdef %}' }, context: { n: name } });
  add({ name: `template-name-extends-var-${i}`, templates: { 'index.html': '{% extends n %}', 'x.html': 'X' }, context: { n: name } });
  add({ name: `template-name-nested-include-${i}`, templates: { 'index.html': '{% include "sub/inc.html" %}', 'sub/inc.html': `{% include "${name.replaceAll('\\', '\\\\')}" %}`, 'x.html': 'X' } });
}

// Numbers at the edges of JavaScript's and Python's types (template literals
// and JSON values; NaN and Infinity are in values.test.ts, JSON lacks them).
const numberTemplates = [
  '{{ -0.0 }}', '{{ 0.0 }}', '{{ -0 }}', '{{ 1e1000 }}', '{{ -1e1000 }}', '{{ -1e-400 }}', '{{ 1e-400 }}',
  '{{ 99999999999999999999999 }}', '{{ -99999999999999999999999 }}', '{{ 9007199254740993 }}', '{{ 1e16 }}', '{{ 1e21 }}', '{{ 1e300 }}',
  '{{ 1.7976931348623157e308 }}', '{{ 5e-324 }}', '{{ 0.1 }}', '{{ 1_000 }}',
  '{{ -0.0|floatformat:2 }}', '{{ -0.0|stringformat:"s" }}', '{{ -0.0|add:0 }}', '{{ 1e1000|floatformat }}', '{{ 1e1000|add:1 }}',
  '{{ "nan"|floatformat }}', '{{ "-inf"|floatformat:2 }}', '{{ "inf"|floatformat:"3g" }}', '{{ "1e1000"|floatformat }}',
  '{{ "-0"|floatformat:2 }}', '{{ "-0.0001"|floatformat:2 }}', '{{ 99999999999999999999999|add:1 }}', '{{ 9007199254740993|add:1 }}',
  '{{ 99999999999999999999999|floatformat:2 }}', '{{ 99999999999999999999999|filesizeformat }}', '{{ 1e1000|filesizeformat }}',
  '{{ 99999999999999999999999|divisibleby:3 }}', '{{ 1e1000|divisibleby:3 }}', '{{ 123|get_digit:99999999999999999999 }}',
  '{{ "abc"|slice:"99999999999999999999:" }}', '{{ "abc"|truncatechars:99999999999999999999 }}', '{{ 5|widthratio:0:100 }}',
  '{% widthratio 1e1000 1 100 %}', '{% widthratio 1 1e1000 100 %}', '{% widthratio 99999999999999999999999 1 99999999999999999999999 %}',
  '{{ 2|pluralize }}|{{ -0.0|pluralize }}|{{ 1e1000|pluralize }}', '{% if -0.0 %}T{% else %}F{% endif %}', '{% if -0.0 == 0 %}T{% else %}F{% endif %}',
  '{% if 1e1000 > 99999999999999999999999 %}T{% else %}F{% endif %}', '{{ l|slice:"-99999999999999999999:" }}',
];
for (const [i, t] of numberTemplates.entries()) add({ name: `number-literal-${i}`, template: t, context: { l: [1, 2, 3] } });
const numberValues = { big: 1e300, tiny: 5e-324, negzero: -0, maxsafe: 9007199254740991, unsafe: 9007199254740993, bigint: { $int: '-123456789012345678901234567890' } };
for (const [k, v] of Object.entries(numberValues)) {
  add({ name: `number-value-${k}`, template: '[{{ x }}|{{ x|floatformat:2 }}|{{ x|add:1 }}|{{ x|stringformat:"s" }}|{{ x|filesizeformat }}|{% if x %}T{% endif %}]', context: { x: v } });
}

// Strings JavaScript and HTML treat specially: lone surrogates, line and
// paragraph separators, NUL.
const strangeStrings = {
  loneHigh: '\ud800', loneLow: '\udc00', swapped: '\udc00\ud800', astral: '\ud83d\ude00', seps: '\u2028\u2029',
  nul: 'a\u0000b', mixed: '<\u2028>\u0000"\'&\ud800`${x}`*/',
};
for (const [k, v] of Object.entries(strangeStrings)) {
  add({
    name: `string-value-${k}`,
    template: '[{{ s }}|{{ s|length }}|{{ s|make_list }}|{{ s|escapejs }}|{{ s|upper }}|{{ s|first }}|{{ s|last }}|{{ s|slice:":1" }}|{{ s|truncatechars:2 }}|{{ s|wordcount }}|{{ s|addslashes }}|{{ s|center:5 }}|{{ s|cut:"a" }}|{{ s|linebreaksbr }}|{{ s|force_escape }}|{{ s|json_script }}]',
    context: { s: v },
  });
  add({ name: `string-value-slugify-${k}`, template: '[{{ s|slugify }}|{{ s|title }}|{{ s|capfirst }}|{{ s|wordwrap:1 }}|{{ s|striptags }}|{{ s|urlize }}|{{ s|phone2numeric }}|{{ s|stringformat:"r" }}]', context: { s: v } });
  add({ name: `string-value-urlencode-${k}`, template: '[{{ s|urlencode }}]', context: { s: v } });
  add({ name: `string-value-iriencode-${k}`, template: '[{{ s|iriencode }}]', context: { s: v } });
  add({ name: `string-text-${k}`, template: `[${v}]|{{ "${v.replaceAll('"', '')}" }}|{# ${v} #}|{% comment %}${v}{% endcomment %}|{% verbatim %}${v}{% endverbatim %}|` });
  add({ name: `string-variable-name-${k}`, template: `[{{ ${v} }}]` });
  add({ name: `string-tag-name-${k}`, template: `[{% ${v} %}]` });
  add({ name: `string-filter-arg-${k}`, template: `[{{ "x"|default:"${v.replaceAll('"', '')}" }}|{{ s|cut:"${v.replaceAll('"', '')}" }}]`, context: { s: v } });
  add({ name: `string-with-name-${k}`, template: `{% with ${v}=1 %}x{% endwith %}` });
  add({ name: `string-block-name-${k}`, templates: { 'index.html': `{% extends "base.html" %}{% block ${v} %}C{% endblock %}`, 'base.html': `<{% block ${v} %}B{% endblock %}>` } });
  add({ name: `string-template-name-${k}`, templates: { 'index.html': `{% include "${v.replaceAll('"', '')}" %}`, [v.replaceAll('"', '')]: 'found' } });
  add({ name: `string-map-key-${k}`, template: '{% for k, v in m.items %}[{{ k }}={{ v }}]{% endfor %}{{ m }}', context: { m: { $map: [[v, 1]] } } });
}

// Holes cannot be written in JSON; None is what a missing element is.
add({ name: 'list-with-none', template: '{% for x in l %}[{{ x }}]{% endfor %}|{{ l|join:"," }}|{{ l|length }}|{{ l.1 }}|{{ l|first }}|{{ l|last }}|{{ l|slice:":2" }}|{{ l|unordered_list }}', context: { l: [1, null, 3] } });
add({ name: 'list-index-out-of-range', template: '[{{ l.1 }}|{{ l.99999999999999999999 }}|{{ l.-1 }}]', context: { l: [1] } });
add({ name: 'list-index-negative-var', template: '[{{ l|slice:i }}]', context: { l: [1, 2], i: '-1:' } });

// Callables in data: Django calls them with no arguments, or not at all.
add({ name: 'callable-raises', template: '[{{ f }}]', context: { f: { $raises: 'SomeError' } } });
add({ name: 'callable-raises-silent', template: '[{{ f }}|{{ d.f }}]', context: { f: { $raises: 'SomeError', silent: true }, d: { f: { $raises: 'SomeError', silent: true } } } });
add({ name: 'callable-raises-silent-sii', template: '[{{ f }}|{{ f.x }}]', context: { f: { $raises: 'SomeError', silent: true } }, options: { stringIfInvalid: 'INVALID(%s)' } });
add({ name: 'callable-raises-silent-filter-arg', template: '[{{ "v"|default:f }}]', context: { f: { $raises: 'SomeError', silent: true } } });
add({ name: 'callable-raises-silent-for', template: '{% for x in f %}[{{ x }}]{% empty %}E{% endfor %}', context: { f: { $raises: 'SomeError', silent: true } } });
add({ name: 'callable-raises-silent-if', template: '{% if f %}T{% else %}F{% endif %}', context: { f: { $raises: 'SomeError', silent: true } } });
add({ name: 'callable-args', template: '[{{ f }}|{{ f.x }}]', context: { f: { $callableArgs: 1 } } });
add({ name: 'callable-alters-data', template: '[{{ f }}]', context: { f: { $callable: 1, altersData: true } } });
add({ name: 'callable-do-not-call', template: '[{{ f.constructor }}|{{ f.call }}|{{ f.apply }}|{{ f.bind }}|{{ f.name }}|{{ f.length }}]', context: { f: { $callable: 1, doNotCallInTemplates: true } } });

// stringIfInvalid with a hostile lookup shows the variable's own name.
for (const name of ['constructor', 'constructor.constructor', 'toString', 'prototype']) {
  add({ name: `sii-${name}`, template: `[{{ o.${name} }}|{{ ${name} }}]`, context: { o: { a: 1 } }, options: { stringIfInvalid: 'INVALID(%s)' } });
}

// The inputs of Django's template-layer CVEs, at a size Django renders
// quickly; cve-inputs.test.ts runs them 100 to 200 times larger against a
// time bound. Shared with that file through cve-inputs.mjs.
for (const c of cveInputs(500)) add({ name: `cve-${c.name}`, template: c.template, context: { x: c.value } });

// Keep what Django already recorded, so regenerating does not lose it.
const previous = new Map();
if (existsSync(out)) for (const c of JSON.parse(readFileSync(out, 'utf8'))) previous.set(c.name, c);
const names = new Set();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name ${c.name}`);
  names.add(c.name);
  const old = previous.get(c.name);
  if (old && JSON.stringify({ ...old, output: undefined, error: undefined, errorMessage: undefined }) === JSON.stringify({ ...c, output: undefined, error: undefined, errorMessage: undefined })) {
    for (const k of ['output', 'error', 'errorMessage']) if (k in old) c[k] = old[k];
  }
}
// One case a line, as record_django.py writes it.
writeFileSync(out, `[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`${cases.length} cases written to ${out}`);
