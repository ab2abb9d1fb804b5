/**
 * The real `reinhardt` binary and the package as installed, spawned as a
 * user runs them. `npm test` does not build, so this builds the package
 * into a temporary folder first (not into dist/, which other work may be
 * using), tsc then the bundle as `npm run build` does, and skips, saying
 * why, if the build fails. The site has enough pages to be rendered on
 * worker threads, which only the built JavaScript can start.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARALLEL_THRESHOLD } from './render.js';
import { Engine } from '../index.js';
import de from '../utils/locale-data/de.js';
import fr from '../utils/locale-data/fr.js';
import it from '../utils/locale-data/it.js';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
let build: string;
let buildError: string | undefined;

beforeAll(() => {
  build = mkdtempSync(join(tmpdir(), 'reinhardt-bin-'));
  const tsc = spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(build, 'dist')], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (tsc.status !== 0) {
    buildError = `the build failed (${tsc.error?.message ?? `exit status ${tsc.status}`}): ${(tsc.stdout + tsc.stderr).slice(0, 2000)}`;
    return;
  }
  // The package as installed: bin/ beside dist/, its package.json and dependencies.
  mkdirSync(join(build, 'bin'));
  copyFileSync(join(repo, 'bin/reinhardt.mjs'), join(build, 'bin/reinhardt.mjs'));
  copyFileSync(join(repo, 'package.json'), join(build, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(build, 'node_modules'), 'dir');
  const bundle = spawnSync(process.execPath, [join(repo, 'scripts/bundle.mjs'), '--dist', join(build, 'dist')], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
  if (bundle.status !== 0) buildError = `the bundle failed (${bundle.error?.message ?? `exit status ${bundle.status}`}): ${(bundle.stdout + bundle.stderr).slice(0, 2000)}`;
}, 150_000);

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
});

function reinhardt(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(build, 'bin/reinhardt.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function files(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) for (const [k, v] of files(join(dir, e.name), `${prefix}${e.name}/`)) out.set(k, v);
    else out.set(prefix + e.name, readFileSync(join(dir, e.name), 'utf8'));
  }
  return out;
}

describe('the reinhardt binary', { timeout: 120_000 }, () => {
  test('renders a site on worker threads as in one thread; errors give status 1, usage errors 2', (ctx) => {
    if (buildError) ctx.skip(`skipped: ${buildError}`);
    const root = mkdtempSync(join(tmpdir(), 'reinhardt-bin-site-'));
    try {
      const write = (name: string, text: string) => {
        mkdirSync(join(root, name, '..'), { recursive: true });
        writeFileSync(join(root, name), text);
      };
      write('t/_base.html', '<h1>{% block title %}{% endblock %}</h1>{% include "includes/list.html" %}');
      write('t/includes/list.html', '{% for i in items %}<li>{{ i|upper }}{{ suffix }}</li>{% endfor %}');
      const count = PARALLEL_THRESHOLD + 50;
      for (let i = 0; i < count; i++) {
        write(`t/s${i % 7}/p${i}.html`, `{% extends "_base.html" %}{% block title %}{{ title }} ${i}{% endblock %}`);
      }
      write('t/s0/broken.html', '{% extends "_base.html" %}\n{% block title %}{{ title|nope }}{% endblock %}');
      write('data.json', JSON.stringify({ title: 'Page', items: ['a', 'b'], suffix: '!', pages: { 's1/p1.html': { title: 'One' } } }));
      // Not plain data: each worker loads the module itself.
      write('data.mjs', "export default () => ({ title: 'Page', items: ['a', 'b'], suffix: () => '!', pages: { 's1/p1.html': { title: 'One' } } });");

      const single = reinhardt(root, 'render', 't', '--data', 'data.json', '--out', 'single', '--jobs', '1');
      const threads = reinhardt(root, 'render', 't', '--data', 'data.json', '--out', 'threads', '--jobs', '2');
      const module = reinhardt(root, 'render', 't', '--data', 'data.mjs', '--out', 'module', '--jobs', '2');
      for (const r of [single, threads, module]) {
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain("t/s0/broken.html:2:18: TemplateSyntaxError: Invalid filter: 'nope'\n  1 | {% extends");
        expect(r.stderr).toContain('  (page s0/broken.html)\n');
      }
      expect(single.stdout).toMatch(new RegExp(`^rendered ${count} of ${count + 1} pages into single in .* 1 thread\\); 1 page failed\\n$`));
      expect(threads.stdout).toMatch(/ 2 threads\); 1 page failed\n$/);
      const expected = files(join(root, 'single'));
      expect(expected.size).toBe(count);
      expect(expected.get('s1/p1.html')).toBe('<h1>One 1</h1><li>A!</li><li>B!</li>');
      expect(files(join(root, 'threads'))).toEqual(expected);
      expect(files(join(root, 'module'))).toEqual(expected);

      const usage = reinhardt(root, 'render', 't');
      expect(usage.code).toBe(2);
      expect(usage.stderr).toBe("reinhardt: --out <dir> is missing\nRun 'reinhardt --help' for usage.\n");
      const help = reinhardt(root, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage:\n  reinhardt render <templates-dir> --out <dir> [--data <file>] [options]');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('precompiles a module that Node imports as reinhardt/runtime\'s user; a render error names its template line', (ctx) => {
    if (buildError) ctx.skip(`skipped: ${buildError}`);
    // Inside the package's folder: the module's `reinhardt/runtime` is the package itself.
    const root = mkdtempSync(join(build, 'site-'));
    mkdirSync(join(root, 't'));
    writeFileSync(join(root, 't/page.html'), 'one\n{% include "inc.html" %}');
    writeFileSync(join(root, 't/inc.html'), 'a\nb {{ when|date:"Y" }} {{ f.g }}');
    const r = reinhardt(root, 'precompile', 't', '-o', 'out/templates.js');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    writeFileSync(join(root, 'use.mjs'), `
      import { render } from './out/templates.js';
      console.log(render('page.html', { when: new Date(0) }));
      try {
        render('page.html', { f: { get g() { throw new Error('boom'); } } });
      } catch (e) {
        console.log([e.message, e.templateName, e.line, e.column].join(' '));
      }
    `);
    const run = spawnSync(process.execPath, [join(root, 'use.mjs')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('one\na\nb 1970 \nboom inc.html 2 23\n');
  });

  test('a precompiled module with translations renders in German in Node, importing reinhardt/locale-data/de from the package', (ctx) => {
    if (buildError) ctx.skip(`skipped: ${buildError}`);
    const root = mkdtempSync(join(build, 'site-'));
    mkdirSync(join(root, 't'));
    mkdirSync(join(root, 'locale/de/LC_MESSAGES'), { recursive: true });
    writeFileSync(join(root, 'locale/de/LC_MESSAGES/django.po'), 'msgid "Hello"\nmsgstr "Hallo"\n');
    writeFileSync(join(root, 't/hi.html'), '{% load i18n humanize %}{% translate "Hello" %} {{ when|date }} {{ n|intcomma }}');
    const r = reinhardt(root, 'precompile', 't', '-o', 'out/templates.js', '--locale-path', 'locale', '--languages', 'de,fr');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = runModule(root, `
      import { render, renderAsync, loadLanguages } from './out/templates.js';
      const ctx = { when: new Date(Date.UTC(2024, 2, 9)), n: 1234567 };
      console.log(await renderAsync('hi.html', ctx, { language: 'de' }));
      await loadLanguages(['fr']);
      console.log(render('hi.html', ctx, { language: 'fr' }));
    `);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Hallo 9. März 2024 1.234.567\nHello 9 mars 2024 1\u00a0234\u00a0567\n');
  });
});

/** Runs an ES module's text with Node in `cwd`, and gives what it printed. */
function runModule(cwd: string, text: string): { stdout: string; stderr: string } {
  writeFileSync(join(cwd, 'run.mjs'), text);
  const r = spawnSync(process.execPath, [join(cwd, 'run.mjs')], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('the package as installed (bundled)', { timeout: 120_000 }, () => {
  test('its entries share one copy of each class: a string marked safe by reinhardt stays safe in a module precompiled for reinhardt/runtime, with a library the command loaded', (ctx) => {
    if (buildError) ctx.skip(`skipped: ${buildError}`);
    // Inside the package's folder: `reinhardt` and its subpaths are the package itself.
    const root = mkdtempSync(join(build, 'shared-'));
    mkdirSync(join(root, 't'));
    writeFileSync(join(root, 't/page.html'), '{% load marks %}{{ html }} {{ "x"|bold }} {{ plain }}');
    writeFileSync(join(root, 'libs.mjs'), `
      import { Library, markSafe } from 'reinhardt';
      const marks = new Library().filter('bold', (v) => markSafe('<b>' + v + '</b>'));
      export default { marks };
    `);
    const r = reinhardt(root, 'precompile', 't', '-o', 'out/templates.js', '--libraries', 'libs.mjs');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const run = runModule(root, `
      import * as main from 'reinhardt';
      import * as runtime from 'reinhardt/runtime';
      import * as browser from 'reinhardt/browser';
      import { render } from './out/templates.js';
      const same = ['SafeString', 'Library', 'Template', 'Context', 'TemplateSyntaxError'].filter((k) => main[k] !== runtime[k] || main[k] !== browser[k]);
      console.log(JSON.stringify(same));
      console.log(render('page.html', { html: main.markSafe('<i>a</i>'), plain: '<p>' }));
    `);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('[]\n<i>a</i> <b>x</b> &lt;p&gt;\n');
    // The code is in one script with V8's code cache, not once per entry.
    const modules = readdirSync(join(build, 'dist/bundle'));
    for (const file of ['core.cjs', 'core.cache', 'core.js']) expect(modules).toContain(file);
    for (const entry of ['reinhardt.js', 'runtime.js', 'browser.js', 'cli.js', 'worker.js']) expect(modules).toContain(entry);
  });

  test('locale data is read on first use, loaded, or imported from reinhardt/locale-data/*, as from the sources', (ctx) => {
    if (buildError) ctx.skip(`skipped: ${buildError}`);
    const root = mkdtempSync(join(build, 'locale-'));
    const template = '{% load humanize %}{{ n|floatformat:2 }} {{ 3|apnumber }} {{ d|date }} {{ s }}';
    const run = runModule(root, `
      import { Engine } from 'reinhardt';
      import it from 'reinhardt/locale-data/it';
      const engine = new Engine({ languageCode: 'de', localeData: [it], templates: { 'a.html': ${JSON.stringify(template)} } });
      const values = { n: 1234.5, d: new Date(0), s: '<b>' };
      const out = [engine.renderToString('a.html', values)];
      await engine.loadLanguages(['fr']);
      out.push(engine.renderToString('a.html', values, { language: 'fr' }), engine.renderToString('a.html', values, { language: 'it' }));
      console.log(JSON.stringify(out));
    `);
    expect(run.stderr).toBe('');
    const engine = new Engine({ languageCode: 'de', localeData: [de, fr, it], templates: { 'a.html': template } });
    const values = { n: 1234.5, d: new Date(0), s: '<b>' };
    const expected = ['de', 'fr', 'it'].map((language) => engine.renderToString('a.html', values, { language }));
    expect(expected[0]).toBe('1234,50 drei 1. Januar 1970 &lt;b&gt;');
    expect(JSON.parse(run.stdout)).toEqual(expected);
  });
});
