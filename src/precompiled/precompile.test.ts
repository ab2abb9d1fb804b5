import { beforeAll, describe, expect, test } from 'vitest';
import { Engine, Library, Node } from '../index.js';
import { precompile } from './precompile.js';
import { loadPrecompiled, strictRealm, type StrictRealm } from '../../test/precompile/strict-vm.js';

const templates: Record<string, string> = {
  'base.html': '<title>{% block title %}Site{% endblock %}</title>\n<main>{% block content %}{% endblock %}</main>\n{% block footer %}<footer>{{ year|default:"2024" }}</footer>{% endblock %}',
  'layout.html': '{% extends "base.html" %}{% block title %}{{ block.super }} | {{ section|title }}{% endblock %}{% block content %}<nav>{% include "nav.html" with active=section items=nav only %}</nav>{% block body %}{% endblock %}{% endblock %}',
  'nav.html': '{% for item in items %}{% cycle "odd" "even" as parity silent %}<a class="{{ parity }}{% if item == active %} on{% endif %}">{{ item|capfirst }}</a>{% endfor %}',
  'page.html': `{% extends "layout.html" %}
{% block body %}{% spaceless %}
<ul>
  {% for post in posts %}
  <li class="{% cycle 'a' 'b' %}">{% ifchanged post.day %}<h2>{{ post.day }}</h2>{% endifchanged %}{{ post.title|upper|truncatechars:12 }} ({{ post.words|floatformat:1 }}) {{ post.tags|join:", "|default_if_none:"-" }}</li>
  {% empty %}<li>none</li>
  {% endfor %}
</ul>
{% endspaceless %}
{% filter lower %}LOUD {{ shout }}{% endfilter %}
{% firstof missing "" fallback %} {% widthratio 175 200 100 %} {% templatetag openblock %} {% verbatim %}{{ raw }}{% endverbatim %}
{% with total=posts|length %}{{ total }} post{{ total|pluralize }}{% endwith %}
{% regroup posts by day as days %}{% for d in days %}{{ d.grouper }}:{{ d.list|length }};{% endfor %}
{% autoescape off %}{{ html }}{% endautoescape %} {{ html }} {{ html|safe }} {{ html|escapejs }}
{% partialdef card inline %}[{{ card|default:"card" }}]{% endpartialdef %}{% partial card %}
{{ data|json_script:"data" }} {{ when|date:"Y-m-d" }} {{ 1234567|filesizeformat }} {{ "a-b c"|slugify }}
{% now "Y" as year %}{% comment %}hidden{% endcomment %}{% csrf_token %}{% lorem 3 w %}{% querystring page=2 %}
{% endblock %}`,
};

const context = {
  section: 'blog',
  nav: ['home', 'about', 'blog'],
  posts: [
    { day: 'Mon', title: 'first post here', words: 12.25, tags: ['a', 'b'] },
    { day: 'Mon', title: 'second', words: 3, tags: [] },
    { day: 'Tue', title: 'third <b>', words: 1e3, tags: ['c'] },
  ],
  shout: 'HEY',
  fallback: 'fb',
  html: '<i>"x" & \'y\'</i>',
  data: { k: '</script>' },
  when: new Date(Date.UTC(2024, 1, 29)),
  csrf_token: 'tok',
};

describe('a precompiled module, where eval and new Function throw', () => {
  let realm: StrictRealm;
  beforeAll(async () => {
    realm = await strictRealm();
  });

  test('the realm refuses code generation', () => {
    expect(() => realm.run('new Function("return 1")')).toThrow(/Code generation from strings disallowed/);
    expect(() => realm.run('eval("1")')).toThrow(/Code generation from strings disallowed/);
  });

  test('renders as the engine does: inheritance, includes, many tags and filters', async () => {
    const mod = loadPrecompiled(realm, templates);
    const engine = new Engine({ templates });
    const request = { GET: new URLSearchParams('page=1&q=x') };
    const values = realm.run('(json) => JSON.parse(json)')(JSON.stringify(context));
    values.when = realm.run(`new Date(${context.when.getTime()})`);
    const expected = engine.renderToString('page.html', context, { request });
    expect(expected).toContain('<h2>Mon</h2>');
    expect(mod.render('page.html', values, { request })).toBe(expected);
    expect(await mod.renderAsync('page.html', values, { request })).toBe(expected);
    let streamed = '';
    const reader = mod.renderStream('page.html', values, { request }).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) streamed += r.value;
    expect(streamed).toBe(expected);
    expect(mod.templateNames).toEqual(Object.keys(templates).sort());
    expect(mod.render('page.html#card', { card: 'x' })).toBe('[x]');
  });

  test('async values are awaited where the template reaches them', async () => {
    const mod = loadPrecompiled(realm, { 'a.html': '{% for x in items %}{{ x.name|upper }}{% endfor %} {{ slow }}' });
    const values = realm.run(`({ items: Promise.resolve([{ name: Promise.resolve('a') }, { name: 'b' }]), slow: async () => 'done' })`);
    expect(await mod.renderAsync('a.html', values)).toBe('AB done');
  });

  test('engine options at render time, and settings fixed when precompiling', () => {
    const mod = loadPrecompiled(realm, { 'x.html': '{{ v }}|{{ missing }}|{% url "home" %}', 'y.html': '{{ v }}|{{ missing.x }}' }, { stringIfInvalid: 'INVALID(%s)' });
    const engine = mod.createEngine({ autoescape: false, urlResolver: () => '/home/' });
    expect(engine.renderToString('x.html', { v: '<b>' })).toBe('<b>|INVALID(missing)|/home/');
    expect(mod.render('y.html', { v: '<b>' })).toBe('&lt;b&gt;|INVALID(missing.x)');
    expect(() => mod.render('x.html', {})).toThrow(expect.objectContaining({ name: 'NoReverseMatch' }));
  });

  test('a missing template, and an error with its template position', () => {
    const mod = loadPrecompiled(realm, { 'a.html': '{% include "nope.html" %}', 'b.html': 'line 1\n{{ x|date:"Y" }}{% widthratio a b c %}' });
    expect(() => mod.render('a.html', {})).toThrow(expect.objectContaining({ name: 'TemplateDoesNotExist', message: 'nope.html' }));
    expect(() => mod.render('zzz.html', {})).toThrow(expect.objectContaining({ name: 'TemplateDoesNotExist' }));
  });

  test('names and text that would be code enter the module only as literals', () => {
    const nasty = ['*/ x /*', '`${globalThis.pwned = 1}`', '</script><script>pwned=1</script>', 'a\u2028b\u2029c', 'new\nline\r\n', 'constructor', '__proto__', 'return', 'function', "'quote\"", '<!-- x -->', '\\'];
    const sources: Record<string, string> = {};
    nasty.forEach((n, i) => (sources[`${n}-${i}.html`] = `${n}{{ v|default:"${n.replace(/["\\]/g, '')}" }}{% include "inc.html" %}{# ${n} #}`));
    sources['inc.html'] = `[${nasty.join('|')}]`;
    const { code } = precompile(sources);
    expect(code).not.toMatch(/<\/script|<!--|[\u2028\u2029]/i);
    const mod = realm.load(code);
    const engine = new Engine({ templates: sources });
    for (const name of Object.keys(sources)) expect(mod.render(name, { v: '' })).toBe(engine.renderToString(name, { v: '' }));
    expect(realm.run('globalThis.pwned')).toBeUndefined();
    expect(mod.templateNames).toEqual(Object.keys(sources).sort());
  });

  test('a syntax error stops the precompiler with its template and position', () => {
    expect(() => precompile({ 'ok.html': 'x', 'bad.html': 'a\n{% if %}' })).toThrow(expect.objectContaining({ templateName: 'bad.html', line: 2 }));
  });

  test('a library the runtime does not have is named', () => {
    expect(() => precompile({ 'h.html': '{% load i18n %}{{ "de"|language_name }}' })).toThrow(/h\.html cannot be precompiled: filter 'language_name' of library 'i18n' is not in reinhardt\/runtime/);
    expect(() => precompile({ 'h.html': '{% load i18n %}{% translate "Hi" %}' })).toThrow(/h\.html cannot be precompiled: tag of library 'i18n' \(TranslateNode\) is not in reinhardt\/runtime/);
    expect(() => precompile({ 'h.html': '{% load humanize %}{{ 3|intcomma }}' })).toThrow(/h\.html cannot be precompiled: filter 'intcomma' of library 'humanize' is not in reinhardt\/runtime/);
  });

  test("Django's static, cache, tz and l10n are imported from the runtime, each only when loaded", () => {
    const sources = {
      'libs.html': '{% load static cache tz l10n %}{% static "a b.css" %} {% get_media_prefix %} {% cache 60 box %}{{ n|add:1 }}{% endcache %} '
        + '{% timezone "Asia/Tokyo" %}{{ when|localtime|date:"H:i" }}{% endtimezone %} {{ when|utc|time:"H:i" }} {% localize off %}{{ n }}{% endlocalize %} {{ n|localize }}',
      'plain.html': '{{ n|upper }}',
    };
    const { code } = precompile(sources);
    const imports = /^import \{ (.*) \} from "reinhardt\/runtime";$/m.exec(code)![1].split(', ');
    expect(imports).toEqual(expect.arrayContaining(['cacheLibrary', 'l10nLibrary', 'staticLibrary', 'tzLibrary']));
    expect(code).not.toContain('import libraries');
    expect(precompile({ 'plain.html': sources['plain.html'] }).code).not.toMatch(/Library/);
    const mod = realm.load(code);
    const engine = mod.createEngine({ staticUrl: 'https://cdn.example/s/', mediaUrl: '/media/' });
    const when = realm.run('new Date(Date.UTC(2024, 0, 2, 3, 4))');
    const render = () => engine.renderToString('libs.html', { n: 1234567, when });
    expect(render()).toBe('https://cdn.example/s/a%20b.css /media/ 1234568 12:04 03:04 1234567 1234567');
    // The cache tag's in-memory store keeps the fragment for the engine.
    expect(engine.renderToString('libs.html', { n: 1, when })).toContain(' 1234568 ');
    expect(render()).toBe(new Engine({ staticUrl: 'https://cdn.example/s/', mediaUrl: '/media/' }).fromString(sources['libs.html']).render({ n: 1234567, when: new Date(Date.UTC(2024, 0, 2, 3, 4)) }));
  });

  test('a library of yours is imported by the module, with the Node classes it names', () => {
    const blog = new Library();
    blog.filter('shout', (v: unknown) => `${String(v).toUpperCase()}!`);
    class CustomNode extends Node {
      constructor(readonly text: string) {
        super();
      }
      override render(): string {
        return `<${this.text}>`;
      }
    }
    blog.tag('custom', (_parser, token) => new CustomNode(token.contents));
    expect(() => precompile({ 'a.html': '{% load blog %}{{ x|shout }}' }, { libraries: { blog } })).toThrow(
      /a\.html cannot be precompiled: it uses library 'blog': give the module your libraries are imported from/,
    );
    const { code } = precompile({ 'a.html': '{% load blog %}{{ x|shout }}' }, { libraries: { blog }, librariesImport: './blog.js' });
    expect(code).toContain('import libraries from "./blog.js";');
    expect(code).toContain('$.f("shout","blog")');
    const source = { 'b.html': '{% load blog %}{% custom %}' };
    expect(() => precompile(source, { libraries: { blog }, librariesImport: './blog.js' })).toThrow(
      /b\.html cannot be precompiled: its \{% custom %\} renders through CustomNode, which the runtime does not have \(name your tags' Node classes with library\.node/,
    );
    blog.node('CustomNode', CustomNode);
    // The page's own copy of the library, made in the realm.
    const page = realm.run(`(R) => {
      class CustomNode extends R.Node {
        render() { return '<' + this.text + '>'; }
      }
      return { __esModule: true, default: { blog: new R.Library().node('CustomNode', CustomNode) } };
    }`)(realm.runtime);
    const mod = realm.load(precompile(source, { libraries: { blog }, librariesImport: './blog.js' }).code, { './blog.js': page });
    expect(mod.render('b.html', {})).toBe('<custom>');
  });

  test('a source map maps the module back to the templates', () => {
    const { code, map } = precompile({ 'm.html': 'a\n{{ b|upper }}' }, { file: 'out/templates.js' });
    expect(code.trimEnd().endsWith('//# sourceMappingURL=templates.js.map')).toBe(true);
    const parsed = JSON.parse(map!);
    expect(parsed.sources).toEqual(['m.html']);
    expect(parsed.sourcesContent).toEqual(['a\n{{ b|upper }}']);
    expect(parsed.mappings.length).toBeGreaterThan(0);
  });
});
