/**
 * V8's code cache of the bundled script (see bundle.mjs), made at build
 * time: `node scripts/code-cache.mjs dist/bundle` loads the bundle, makes
 * engines that read templates from a folder and from memory, compiles and
 * renders them as an application's first requests would, then writes
 * `core.cache` with what V8 compiled meanwhile. Run with no V8 flags: V8
 * accepts the cache only where it runs with the same ones (a plain `node`).
 *
 * The templates use what most pages use (inheritance, includes, loops,
 * conditions, the common filters, autoescaping); what they do not reach is
 * compiled on first use, as without a cache.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const outdir = resolve(process.argv[2]);
const url = (file) => pathToFileURL(join(outdir, file)).href;
const { Engine, Context, markSafe } = await import(url('reinhardt.js'));
const { script } = await import(url('core.js'));

const templates = {
  'base.html': '<!DOCTYPE html>\n<html lang="{{ lang|default:"en" }}">\n<head><title>{% block title %}Site{% endblock %}</title></head>\n'
    + '<body>{% block content %}{% endblock %}\n<footer>{% block footer %}&copy; {{ year }} {{ site_name|title }}{% endblock %}</footer></body>\n</html>\n',
  'page.html': '{% extends "base.html" %}\n{% load static %}\n{% block title %}{{ title }} | {{ block.super }}{% endblock %}\n{% block content %}\n'
    + '{# a comment #}<h1>{{ title|upper }}</h1><link href="{% static "site.css" %}">\n'
    + '{% with n=items|length %}{% if n > 0 and not hide or force %}<p>{{ n }} item{{ n|pluralize }}</p>{% elif n == 0 %}none{% else %}hidden{% endif %}{% endwith %}\n'
    + '<table>{% for item in items %}{% include "row.html" %}{% empty %}<tr><td>none</td></tr>{% endfor %}</table>\n'
    + '{% for k, v in pairs.items %}{{ k }}={{ v|default_if_none:"-" }}{% if not forloop.last %}, {% endif %}{% endfor %}\n'
    + '{{ body|safe }} {{ html }} {{ text|linebreaksbr }} {{ text|truncatechars:10 }} {{ text|lower|cut:" " }} {{ title|slugify }}\n'
    + '{{ when|date:"Y-m-d" }} {{ flag|yesno:"yes,no" }} {{ items|first }} {{ count|add:2 }} {{ q|urlencode }} {{ ratio|floatformat }}\n'
    + '{% autoescape off %}{{ html }}{% endautoescape %}{% spaceless %} <p> <b>x</b> </p> {% endspaceless %}{% cycle "a" "b" as c silent %}{% firstof missing title %}\n'
    + '{% endblock %}\n',
  'row.html': '<tr class="{% cycle "odd" "even" %}" id="r-{{ item.id }}"><td>{{ forloop.counter }}</td><td>{{ item.name }}</td>'
    + '<td>{{ item.price|floatformat:2 }}</td><td>{% if item.sale %}<b>sale</b>{% else %}-{% endif %}</td><td>{{ item.sku|default:"n/a" }}</td>'
    + '<td>{{ item.tags|join:", " }}</td><td>{% for t in item.tags %}<i>{{ t|capfirst }}</i>{% if not forloop.last %} {% endif %}{% endfor %}</td></tr>\n',
};
const items = Array.from({ length: 30 }, (_, i) => ({
  id: i, name: `Item <${i}> & "co"`, price: i * 1.25, sale: i % 3 === 0, sku: i % 4 ? `SKU-${i}` : '', tags: ['red', 'blue', `t${i}`].slice(0, 1 + (i % 3)),
}));
const values = {
  title: 'Products & more', site_name: 'the shop', year: 2026, items, pairs: { a: 1, b: null }, body: '<p>ok</p>', html: '<i>x</i>',
  text: 'Line one\nline two is long', when: new Date(0), flag: true, count: 40, q: 'a b&c', ratio: 2.5, hide: false, force: false,
};

const dir = mkdtempSync(join(tmpdir(), 'reinhardt-code-cache-'));
try {
  for (const [name, source] of Object.entries(templates)) writeFileSync(join(dir, name), source);
  mkdirSync(join(dir, 'sub'));
  for (let round = 0; round < 3; round++) {
    const fromDisk = new Engine({ dirs: [dir] });
    fromDisk.getTemplate('page.html').render(values);
    fromDisk.renderToString('page.html', new Context({ ...values, html: markSafe('<i>y</i>') }));
    const inMemory = new Engine({ templates });
    inMemory.getTemplate('page.html').render(values);
    inMemory.fromString('{{ a }}{% if a %}{{ a|escape }}{% endif %}').render({ a: '<a>' });
    try {
      inMemory.fromString('{% if %}');
    } catch {
      // The path of a syntax error, as a first mistake takes it.
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

writeFileSync(join(outdir, 'core.cache'), script.createCachedData());
