/**
 * `reinhardt render` as a user runs it, in-process: a site in a temporary
 * folder, the command's arguments, its output and exit status, the files it
 * writes. (bin.test.ts runs the real binary.)
 */
import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { main } from './main.js';
import { Reporter } from './report.js';

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A temporary folder holding these files (paths with /). */
function site(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reinhardt-cli-'));
  folders.push(root);
  for (const [name, text] of Object.entries(files)) {
    const path = join(root, ...name.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return root;
}

function stream(isTTY = false) {
  const s = { text: '', isTTY, write: (t: string) => (s.text += t) };
  return s;
}

async function run(cwd: string, ...args: string[]) {
  const stdout = stream();
  const stderr = stream();
  const code = await main(args, { cwd, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The files under a folder, as sorted names with /. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .sort();
}

const read = (root: string, name: string) => readFileSync(join(root, ...name.split('/')), 'utf8');

const BLOG = {
  'templates/layouts/base.html':
    '<title>{% block title %}{{ site.name }}{% endblock %}</title>\n{% include "includes/nav.html" %}\n<main>{% block content %}{% endblock %}</main>\n',
  'templates/includes/nav.html': '<nav>{% for link in nav %}<a href="{{ link.url }}">{{ link.title }}</a>{% endfor %}</nav>',
  'templates/index.html': '{% extends "layouts/base.html" %}{% block content %}<h1>{{ heading }}</h1>{% endblock %}',
  'templates/blog/first-post.html':
    '{% extends "layouts/base.html" %}{% block title %}{{ heading }} | {{ block.super }}{% endblock %}{% block content %}{% include "./_byline.html" %}<p>{{ body }}</p>{% endblock %}',
  'templates/blog/_byline.html': '<p class="by">by {{ author|default:"anonymous" }}</p>',
  'data.json': JSON.stringify({
    site: { name: 'Notes & Co' },
    nav: [{ url: '/', title: 'Home' }, { url: '/blog/', title: 'Blog' }],
    heading: 'Welcome',
    pages: {
      'blog/first-post.html': { heading: 'First <post>', body: 'Hello.', author: 'Ada' },
    },
  }),
};

describe('reinhardt render', () => {
  test('renders every page with inheritance and includes, mirroring the folders', async () => {
    const root = site(BLOG);
    const { code, stdout, stderr } = await run(root, 'render', 'templates', '--data', 'data.json', '--out', 'public');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^rendered 2 pages into public in \d+ ms \(\d+ pages\/s, 1 thread\)\n$/);
    expect(read(root, 'public/index.html')).toBe(
      '<title>Notes &amp; Co</title>\n<nav><a href="/">Home</a><a href="/blog/">Blog</a></nav>\n<main><h1>Welcome</h1></main>\n',
    );
    expect(read(root, 'public/blog/first-post.html')).toBe(
      '<title>First &lt;post&gt; | Notes &amp; Co</title>\n<nav><a href="/">Home</a><a href="/blog/">Blog</a></nav>\n' +
        '<main><p class="by">by Ada</p><p>Hello.</p></main>\n',
    );
    // Layouts, includes and _names are not pages.
    expect(existsSync(join(root, 'public/layouts'))).toBe(false);
    expect(existsSync(join(root, 'public/includes'))).toBe(false);
    expect(existsSync(join(root, 'public/blog/_byline.html'))).toBe(false);
  });

  test('skips _names, dot names and includes/, partials/, layouts/ folders at any depth; --exclude and --pattern', async () => {
    const root = site({
      't/index.html': 'index',
      't/_base.html': 'base',
      't/.#index.html': 'editor lock',
      't/_drafts/next.html': 'draft',
      't/includes/a.html': 'a',
      't/partials/b.html': 'b',
      't/layouts/c.html': 'c',
      't/docs/includes/d.html': 'd',
      't/docs/guide.html': 'guide',
      't/docs/notes.txt': 'notes',
      't/feed.xml': '<feed/>',
      't/old/page.html': 'old',
    });
    const list = async (out: string, ...args: string[]) => {
      const r = await run(root, 'render', 't', '--out', out, ...args);
      expect(r.code).toBe(0);
      return files(join(root, out));
    };
    expect(await list('o1')).toEqual(['docs/guide.html', 'index.html', 'old/page.html']);
    expect(await list('o2', '--exclude', 'old/**', '-x', '**/guide.html')).toEqual(['index.html']);
    expect(await list('o3', '--pattern', '**/*.xml', '--pattern', 'docs/*.txt')).toEqual(['docs/notes.txt', 'feed.xml']);
    expect(await list('o4', '--no-default-excludes', '--pattern', '{includes,partials}/*.html')).toEqual([
      'includes/a.html',
      'partials/b.html',
    ]);
  });

  test('an output folder inside the templates folder is not read as templates', async () => {
    const root = site({ 'index.html': 'hello', 'about.html': 'about' });
    expect((await run(root, 'render', '.', '--out', '_site')).code).toBe(0);
    expect((await run(root, 'render', '.', '--out', 'public')).stdout).toMatch(/^rendered 2 pages/);
    // public/ is inside the folder but excluded; a second run finds 2 pages, not 4.
    expect((await run(root, 'render', '.', '--out', 'public')).stdout).toMatch(/^rendered 2 pages/);
  });

  test('per-page data is merged over the shared data; "pages" itself is not in the context', async () => {
    const root = site({
      't/a.html': '{{ title }}|{{ color }}|{{ pages|default:"no pages" }}',
      't/b.html': '{{ title }}|{{ color }}',
      'data.json': JSON.stringify({ title: 'Shared', color: 'red', pages: { 'a.html': { title: 'A' }, 'typo.html': {} } }),
    });
    const { code, stderr } = await run(root, 'render', 't', '-d', 'data.json', '-o', 'out');
    expect(code).toBe(0);
    expect(read(root, 'out/a.html')).toBe('A|red|no pages');
    expect(read(root, 'out/b.html')).toBe('Shared|red');
    expect(stderr).toBe('warning: the data\'s pages["typo.html"] is no page template\n');
  });

  test('data from a JS module: an object, a function (async, given the page names), CommonJS', async () => {
    const root = site({
      't/index.html': '{{ title }} {{ count }} {{ shout }} {{ when|date:"Y" }}',
      't/other.html': '{{ title }}',
      'object.mjs': 'export default { title: "From an object", count: 1, shout: () => "hey", when: new Date(Date.UTC(2020, 0, 1)) };',
      'function.mjs':
        'export default async ({ pages }) => ({ title: "From a function", count: pages.length, shout: () => "HEY", when: new Date(Date.UTC(2021, 5, 1)), pages: { "other.html": { title: pages.join("+") } } });',
      'common.cjs': 'module.exports = { title: "From CommonJS", count: 3 };',
      'none.mjs': 'export const title = "x";',
    });
    expect((await run(root, 'render', 't', '--data', 'object.mjs', '--out', 'o1')).code).toBe(0);
    expect(read(root, 'o1/index.html')).toBe('From an object 1 hey 2020');
    expect((await run(root, 'render', 't', '--data', 'function.mjs', '--out', 'o2')).code).toBe(0);
    expect(read(root, 'o2/index.html')).toBe('From a function 2 HEY 2021');
    expect(read(root, 'o2/other.html')).toBe('index.html+other.html');
    expect((await run(root, 'render', 't', '--data', 'common.cjs', '--out', 'o3')).code).toBe(0);
    expect(read(root, 'o3/index.html')).toBe('From CommonJS 3  ');
    const none = await run(root, 'render', 't', '--data', 'none.mjs', '--out', 'o4');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('none.mjs: the module has no default export');
  });

  test('a template error: file, line, column, excerpt with a caret; the other pages are written; exit status 1', async () => {
    const root = site({
      ...BLOG,
      'templates/includes/nav.html': '<nav>\n{% for link in nav %}\n  <a>{{ link.title }}</a>\n{% endfo %}\n</nav>',
      'templates/plain.html': 'still rendered',
      'templates/broken.html': '{% extends "layouts/base.html" %}\n{% block content %}\n{{ heading|nosuchfilter }}\n{% endblock %}',
      'templates/missing.html': 'a\n  {% include "includes/not-there.html" %}',
    });
    const { code, stdout, stderr } = await run(root, 'render', 'templates', '--data', 'data.json', '--out', 'out');
    expect(code).toBe(1);
    expect(read(root, 'out/plain.html')).toBe('still rendered');
    expect(stdout).toMatch(/^rendered 1 of 5 pages into out in .*; 4 pages failed\n$/);
    // The include's error is reported once, with the pages it broke.
    expect(stderr).toContain(
      "templates/includes/nav.html:4:1: TemplateSyntaxError: Invalid block tag on line 4: 'endfo', expected 'empty' or 'endfor'. Did you forget to register or load this tag?\n" +
        '  2 | {% for link in nav %}\n' +
        '  3 |   <a>{{ link.title }}</a>\n' +
        '  4 | {% endfo %}\n' +
        '    | ^\n' +
        '  5 | </nav>\n' +
        '  (2 pages: blog/first-post.html, index.html)\n',
    );
    expect(stderr).toContain("templates/broken.html:3:1: TemplateSyntaxError: Invalid filter: 'nosuchfilter'\n");
    expect(stderr).toMatch(/templates\/missing\.html:2:3: TemplateDoesNotExist: includes\/not-there\.html\n {2}1 \| a\n {2}2 \| {3}\{% include/);
  });

  test('usage errors exit with status 2', async () => {
    const root = site({ 't/index.html': 'x', 'bad.json': '{ nope', 'list.json': '[1, 2]', 'data.txt': 'x' });
    const cases: [string[], string][] = [
      [[], 'no command given'],
      [['build'], 'unknown command "build"'],
      [['render'], 'the templates folder is missing'],
      [['render', 't'], '--out <dir> is missing'],
      [['render', 't', 'u', '--out', 'o'], 'one templates folder expected, got t u'],
      [['render', 't', '--out', 'o', '--colour'], "Unknown option '--colour'"],
      [['render', 'nowhere', '--out', 'o'], 'nowhere: no such folder'],
      [['render', 't/index.html', '--out', 'o'], 't/index.html: not a folder'],
      [['render', 't', '--out', 't'], '--out must not be the templates folder'],
      [['render', 't', '--out', 'o', '--jobs', '0'], '--jobs takes a whole number from 1, not "0"'],
      [['render', 't', '--out', 'o', '--data', 'missing.json'], 'missing.json: no such file'],
      [['render', 't', '--out', 'o', '--data', 'bad.json'], 'bad.json: '],
      [['render', 't', '--out', 'o', '--data', 'list.json'], 'list.json: the data must be an object, not an array'],
      [['render', 't', '--out', 'o', '--data', 'data.txt'], 'data.txt: the data file must be .json, .js, .mjs or .cjs'],
    ];
    for (const [args, message] of cases) {
      const r = await run(root, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toContain(message);
      expect(r.stderr).toContain("Run 'reinhardt --help' for usage.");
    }
    expect(existsSync(join(root, 'o'))).toBe(false);
  });

  test('--help documents the options, the data, watch mode, exit statuses, with examples', async () => {
    for (const args of [['--help'], ['-h'], ['render', '--help']]) {
      const { code, stdout } = await run(tmpdir(), ...args);
      expect(code).toBe(0);
      for (const word of ['--out', '--data', '--pattern', '--exclude', '--no-default-excludes', '--watch', '--jobs', '--quiet']) {
        expect(stdout).toContain(word);
      }
      expect(stdout).toContain('Exit status:');
      expect(stdout).toContain('Watch mode:');
      expect(stdout).toContain('"pages"');
      expect(stdout).toContain('Examples:\n  reinhardt render templates --data data.json --out public');
    }
    expect((await run(tmpdir(), '--version')).stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  test('no pages found is a warning, not an error', async () => {
    const root = site({ 't/_only.html': 'x' });
    const r = await run(root, 'render', 't', '--out', 'o');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: no page templates in t (see --pattern and --exclude)\n');
  });

  test('--quiet prints errors only', async () => {
    const root = site({ 't/a.html': 'a', 't/b.html': '{% if %}' });
    const r = await run(root, 'render', 't', '--out', 'o', '-q');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^t\/b\.html:1:1: TemplateSyntaxError/);
  });
});

describe('progress', () => {
  test('not on a terminal: a line every tenth of a long run (at least 100 pages)', () => {
    const err = stream(false);
    const progress = new Reporter(stream(), err, '/', false, 0).progress(2000);
    for (let done = 1; done <= 2000; done++) progress(done);
    expect(err.text.split('\n').filter(Boolean)).toEqual([200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800].map((n) => `rendered ${n}/2000 pages`));
    const small = stream(false);
    const p2 = new Reporter(stream(), small, '/', false, 0).progress(150);
    for (let done = 1; done <= 150; done++) p2(done);
    expect(small.text).toBe('rendered 100/150 pages\n');
    // A run quicker than a second logs no progress.
    const quick = stream(false);
    const p3 = new Reporter(stream(), quick, '/').progress(2000);
    for (let done = 1; done <= 2000; done++) p3(done);
    expect(quick.text).toBe('');
  });

  test('on a terminal: one line, redrawn at most every 100 ms, cleared at the end', async () => {
    const err = stream(true);
    const reporter = new Reporter(stream(), err, '/');
    const progress = reporter.progress(10);
    progress(1);
    expect(err.text).toBe('');
    await new Promise((r) => setTimeout(r, 120));
    progress(2);
    progress(3);
    expect(err.text).toBe('\r\x1b[Krendering 2/10 pages');
    reporter.endProgress();
    expect(err.text).toBe('\r\x1b[Krendering 2/10 pages\r\x1b[K');
  });
});


describe('the language and time zone of each page', () => {
  const PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr "Hallo"\n';
  const PAGE = '{% load i18n tz %}{% get_current_language as L %}{% get_current_timezone as Z %}{{ L }} {{ Z }} {% translate "Hello" %} {{ d|date:"j F H:i" }}';
  const localeSite = (data: string) => site({
    'templates/index.html': PAGE,
    'templates/de/index.html': PAGE,
    'locale/de/LC_MESSAGES/django.po': PO,
    'data.mjs': data,
  });

  test('a page\'s language and timeZone entries are its render\'s, over --language and --time-zone', async () => {
    const root = localeSite(`export default {
      d: new Date('2024-07-15T12:30:00Z'),
      pages: { 'de/index.html': { language: 'de', timeZone: 'Europe/Berlin' } },
    };`);
    const { code, stderr } = await run(root, 'render', 'templates', '--data', 'data.mjs', '--out', 'public',
      '--language', 'fr', '--time-zone', 'America/New_York', '--use-tz', '--locale', 'locale');
    expect([code, stderr]).toEqual([0, '']);
    expect(read(root, 'public/index.html')).toBe('fr America/New_York Hello 15 juillet 08:30');
    expect(read(root, 'public/de/index.html')).toBe('de Europe/Berlin Hallo 15 Juli 14:30');
  });

  test('without the flags a site is in en-us and UTC, and naive dates are not moved', async () => {
    const root = localeSite(`export default { d: new Date('2024-07-15T12:30:00Z'), language: 'de' };`);
    const { code } = await run(root, 'render', 'templates', '--data', 'data.mjs', '--out', 'public');
    expect(code).toBe(0);
    // No --locale: Django's own strings are German, the site's "Hello" is not translated.
    expect(read(root, 'public/index.html')).toBe('de UTC Hello 15 Juli 12:30');
  });

  test('a page whose language is no language code is an error of that page', async () => {
    const root = localeSite(`export default { pages: { 'de/index.html': { language: 'German language' } } };`);
    const { code, stderr } = await run(root, 'render', 'templates', '--data', 'data.mjs', '--out', 'public');
    expect(code).toBe(1);
    expect(stderr).toContain('PageDataError: "language" must be a language code such as "de" or "pt-br", not "German language"');
    expect(existsSync(join(root, 'public/index.html'))).toBe(true);
  });

  test('bad flags are usage errors', async () => {
    const root = localeSite('export default {};');
    const zone = await run(root, 'render', 'templates', '--out', 'public', '--time-zone', 'Mars/Olympus');
    expect([zone.code, zone.stderr.split('\n')[0]]).toEqual([2, 'reinhardt: --time-zone takes an IANA time zone such as Europe/Paris, not "Mars/Olympus"']);
    const lang = await run(root, 'render', 'templates', '--out', 'public', '--language', 'de_DE!');
    expect(lang.code).toBe(2);
    const locale = await run(root, 'render', 'templates', '--out', 'public', '--locale', 'nowhere');
    expect([locale.code, locale.stderr.split('\n')[0]]).toEqual([2, 'reinhardt: --locale nowhere: no such folder']);
    expect((await run(root, '--help')).stdout).toContain('--language <code>');
  });
});
