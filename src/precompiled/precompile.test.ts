import { beforeAll, describe, expect, test } from 'vitest';
import { Engine, Library, Node } from '../index.js';
import { precompile } from './precompile.js';
import { loadPrecompiled, strictRealm, type StrictRealm } from '../../test/precompile/strict-vm.js';
import { loadLocaleDataSync } from '../i18n/locale-data.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = '';
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) text += r.value;
  return text;
}

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

  test("i18n and humanize precompile, with Django's translations: German from its locale data and the project's catalogs", async () => {
    const sources = {
      'de.html': '{% load i18n humanize %}{% translate "Hello" %} {% blocktranslate count n=n %}{{ n }} apple{% plural %}{{ n }} apples{% endblocktranslate %} '
        + '{{ when|date }} {{ price }} {{ big|intcomma }} {{ big|intword }} {{ 3|ordinal }} {{ "fr"|language_name_translated }} '
        + '{% get_current_language as L %}{{ L }} {% language "fr" %}{{ when|date:"F" }}{% endlanguage %} {{ when|naturalday }}',
    };
    const localeDir = mkdtempSync(join(tmpdir(), 'reinhardt-locale-'));
    mkdirSync(join(localeDir, 'de', 'LC_MESSAGES'), { recursive: true });
    writeFileSync(join(localeDir, 'de', 'LC_MESSAGES', 'django.po'), [
      'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', '',
      'msgid "Hello"', 'msgstr "Hallo"', '',
      'msgid "%(n)s apple"', 'msgid_plural "%(n)s apples"', 'msgstr[0] "%(n)s Apfel"', 'msgstr[1] "%(n)s Äpfel"', '',
    ].join('\n'));
    try {
      const { code } = precompile(sources, { localePaths: [localeDir], languages: ['de', 'fr'] });
      expect(code).toMatch(/^import \{ .*\bI18n\b.* \} from "reinhardt\/runtime";$/m);
      expect(code).toContain('"de": () => import("reinhardt/locale-data/de")');
      expect(code).not.toContain('reinhardt/locale-data/ja');
      const now = () => new Date(Date.UTC(2024, 2, 9, 12));
      const engine = new Engine({ templates: sources, localePaths: [localeDir], now });
      const context = { n: 3, when: new Date(Date.UTC(2024, 2, 9)), price: 1234.5, big: 1234567 };
      const expected = engine.renderToString('de.html', context, { language: 'de' });
      expect(expected).toContain('Hallo 3 Äpfel 9. März 2024 1234,5 1.234.567 1,2 Millionen 3. Französisch de mars heute');
      // The module's lazy imports, served in the realm as a bundler's chunks would be.
      const imported: string[] = [];
      const chunks = Object.fromEntries(['de', 'fr'].map((code) => [`reinhardt/locale-data/${code}`, { __esModule: true, get default() {
        imported.push(code);
        return loadLocaleDataSync(code);
      } }]));
      const mod = realm.load(code, chunks);
      const inRealm = (d: Date) => realm.run(`new Date(${d.getTime()})`);
      const ctx = { ...context, when: inRealm(context.when) };
      const rtEngine = mod.createEngine({ now: realm.run('() => new Date(Date.UTC(2024, 2, 9, 12))') });
      // A synchronous render cannot import: it says how.
      expect(() => rtEngine.renderToString('de.html', ctx, { language: 'de' })).toThrow(/locale data for 'de' is not loaded: call `await engine.loadLanguages\(\['de'\]\)`/);
      expect(await rtEngine.renderToStringAsync('de.html', ctx, { language: 'de' })).toBe(expected);
      expect(imported).toContain('de');
      expect(await readAll(rtEngine.renderStream('de.html', ctx, { language: 'de' }))).toBe(expected);
      await rtEngine.loadLanguages(['fr']);
      expect(rtEngine.renderToString('de.html', ctx, { language: 'de' })).toBe(expected);
      expect(rtEngine.renderToString('de.html', ctx)).toBe(engine.renderToString('de.html', context));
      // Or the data given, and a catalog of yours (which wins over the module's).
      const given = mod.createEngine({
        languageCode: 'de', localeData: [loadLocaleDataSync('de'), loadLocaleDataSync('fr')], now: realm.run('() => new Date(Date.UTC(2024, 2, 9, 12))'),
        catalogs: [{ de: { messages: { Hello: 'Servus' } } }],
      });
      expect(given.renderToString('de.html', ctx)).toBe(expected.replace('Hallo', 'Servus'));
    } finally {
      rmSync(localeDir, { recursive: true, force: true });
    }
  });

  test('a module without translations says so of options and languages that need them', async () => {
    const { code } = precompile({ 'p.html': '{{ when|date }}' });
    expect(code).not.toMatch(/I18n|locale-data/);
    const mod = realm.load(code);
    expect(() => mod.createEngine({ languageCode: 'de' })).toThrow(/languageCode: this precompiled module has no translations: precompile it with --i18n/);
    expect(() => mod.createEngine({ useTz: true })).toThrow(/useTz: this precompiled module has no translations/);
    expect(() => mod.render('p.html', {}, { language: 'fr' })).toThrow(/language 'fr': this precompiled module has no translations/);
    expect(mod.render('p.html', { when: realm.run('new Date(Date.UTC(2024, 2, 9))') }, { language: 'en' })).toBe('March 9, 2024');
    await expect(mod.loadLanguages(['de'])).rejects.toThrow(/no translations/);
    // --i18n: the machinery without catalogs.
    const withI18n = realm.load(precompile({ 'p.html': '{{ when|date }} {{ n }}' }, { i18n: true, languages: ['de'] }).code, {
      'reinhardt/locale-data/de': { __esModule: true, default: loadLocaleDataSync('de') },
    });
    const engine = withI18n.createEngine({ languageCode: 'de', useThousandSeparator: true });
    await engine.loadLanguages(['de']);
    expect(engine.renderToString('p.html', { when: realm.run('new Date(Date.UTC(2024, 2, 9))'), n: 1234.5 })).toBe('9. März 2024 1.234,5');
    expect(() => precompile({ 'p.html': '' }, { i18n: true, languages: ['xx'] })).toThrow(/no locale data for language 'xx'/);
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
