import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { main } from './main.js';
import { strictRealm } from '../../test/precompile/strict-vm.js';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

function site(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reinhardt-precompile-'));
  folders.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

function output() {
  return { text: '', isTTY: false, write(t: string) { this.text += t; } };
}

test('precompile writes a module and its source map, which render without eval', async () => {
  const root = site({
    'templates/base.html': '<h1>{% block title %}{% endblock %}</h1>{% include "parts/nav.html" %}',
    'templates/page.html': '{% extends "base.html" %}{% block title %}{{ title|upper }}{% endblock %}',
    'templates/parts/nav.html': '{% for i in items %}[{{ i }}]{% endfor %}',
    'templates/.swap': '{% broken',
  });
  const out = output();
  const err = output();
  const code = await main(['precompile', 'templates', '-o', 'public/js/templates.js'], { cwd: root, stdout: out, stderr: err });
  expect(err.text).toBe('');
  expect(code).toBe(0);
  expect(out.text).toMatch(/^3 templates precompiled to public\/js\/templates\.js \([\d.]+ KB, with its source map\)\n$/);
  const module = readFileSync(join(root, 'public/js/templates.js'), 'utf8');
  expect(module).toMatch(/^import { loadTemplates(, \w+)* } from "reinhardt\/runtime";$/m);
  expect(JSON.parse(readFileSync(join(root, 'public/js/templates.js.map'), 'utf8')).sources.sort()).toEqual(['base.html', 'page.html', 'parts/nav.html']);
  const realm = await strictRealm();
  const mod = realm.load(module);
  expect(mod.render('page.html', realm.run('({ title: "hi", items: [1, 2] })'))).toBe('<h1>HI</h1>[1][2]');
});

test('a template error is reported with its file, line and column', async () => {
  const root = site({ 'templates/ok.html': 'x', 'templates/bad.html': 'one\n{% for %}' });
  const err = output();
  const code = await main(['precompile', 'templates', '--out', 'out.js', '--no-source-map'], { cwd: root, stdout: output(), stderr: err });
  expect(code).toBe(1);
  expect(err.text).toMatch(/^templates\/bad\.html:2:1: TemplateSyntaxError: 'for' statements should have at least four words: for\n/);
  expect(existsSync(join(root, 'out.js'))).toBe(false);
});

test('usage errors', async () => {
  const root = site({ 'templates/a.html': 'a' });
  const err = output();
  expect(await main(['precompile', 'templates'], { cwd: root, stdout: output(), stderr: err })).toBe(2);
  expect(err.text).toContain('--out <file.js> is missing');
  expect(await main(['precompile', 'nowhere', '-o', 'x.js'], { cwd: root, stdout: output(), stderr: err })).toBe(2);
  expect(err.text).toContain('nowhere: no such folder');
});

test('--libraries: the module imports your libraries, and their filters and simple tags are precompiled', async () => {
  const root = site({
    'templates/page.html': '{% load blog %}{{ title|shout }} {% greet name %}',
    'libs.mjs': `import { Library } from 'reinhardt/runtime';
      const blog = new Library();
      blog.filter('shout', (v) => String(v).toUpperCase() + '!');
      blog.simpleTag('greet', (name) => 'hi ' + name);
      export default { blog };`,
  });
  const err = output();
  const code = await main(['precompile', 'templates', '-o', 'public/templates.js', '--libraries', 'libs.mjs'], { cwd: root, stdout: output(), stderr: err });
  expect(err.text).toBe('');
  expect(code).toBe(0);
  const module = readFileSync(join(root, 'public/templates.js'), 'utf8');
  expect(module).toContain('import libraries from "../libs.mjs";');
  const realm = await strictRealm();
  // The same library, made in the realm, as the page's bundle would import it.
  const blog = realm.run(`(R) => {
    const blog = new R.Library();
    blog.filter('shout', (v) => String(v).toUpperCase() + '!');
    blog.simpleTag('greet', (name) => 'hi ' + name);
    return { __esModule: true, default: { blog } };
  }`)(realm.runtime);
  const mod = realm.load(module, { '../libs.mjs': blog });
  expect(mod.render('page.html', realm.run('({ title: "news", name: "<you>" })'))).toBe('NEWS! hi &lt;you&gt;');
  const refused = output();
  expect(await main(['precompile', 'templates', '-o', 'x.js'], { cwd: root, stdout: output(), stderr: refused })).toBe(1);
  expect(refused.text).toContain("templates/page.html:1:1: TemplateSyntaxError: 'blog' is not a registered tag library.");
});

test('--locale-path writes your catalogs into the module and --languages limits its locale-data imports; a bad catalog is reported', async () => {
  const root = site({
    'templates/hi.html': '{% load i18n %}{% translate "Hello" %} {{ n }}',
    'locale/de/LC_MESSAGES/django.po': 'msgid "Hello"\nmsgstr "Hallo"\n',
  });
  const err = output();
  const args = ['precompile', 'templates', '-o', 'out/t.js', '--locale-path', 'locale', '--languages', 'de,FR', '--no-source-map'];
  expect(await main(args, { cwd: root, stdout: output(), stderr: err })).toBe(0);
  expect(err.text).toBe('');
  const module = readFileSync(join(root, 'out/t.js'), 'utf8');
  expect(module).toContain('"de": () => import("reinhardt/locale-data/de")');
  expect(module).toContain('"fr": () => import("reinhardt/locale-data/fr")');
  expect(module).not.toContain('reinhardt/locale-data/ja');
  expect(module).toContain('Hallo');
  const realm = await strictRealm();
  const mod = realm.load(module, { 'reinhardt/locale-data/de': { __esModule: true, default: { code: 'de', formats: { DECIMAL_SEPARATOR: ',' }, messages: {} } } });
  expect(await mod.renderAsync('hi.html', realm.run('({ n: 1.5 })'), { language: 'de' })).toBe('Hallo 1,5');
  writeFileSync(join(root, 'locale/de/LC_MESSAGES/django.po'), 'msgid "Hello"\nmsgstr Hallo\n');
  const bad = output();
  expect(await main(args, { cwd: root, stdout: output(), stderr: bad })).toBe(1);
  expect(bad.text).toMatch(/^CatalogError: Invalid translation catalog .*django\.po, line 2/);
});
