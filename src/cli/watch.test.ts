/**
 * `reinhardt render --watch`, run as a user would (in-process, stopped with
 * an AbortSignal): change a file, wait for the outputs to change, check that
 * only the affected pages were written again. Every wait is bounded.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from './main.js';

const WAIT_MS = 8000;

interface Session {
  root: string;
  stdout: { text: string };
  stderr: { text: string };
  /** Save a file as an editor does. */
  write(name: string, text: string): void;
  read(name: string): string;
  mtime(name: string): number;
  /** Wait until the command's output has one more line saying something was re-rendered. */
  nextRebuild(): Promise<string>;
  /** Wait until the output has been still for a while; later rebuilds are counted from there. */
  settle(): Promise<void>;
  stop(): Promise<number>;
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) {
    await s.stop();
    rmSync(s.root, { recursive: true, force: true });
  }
});

async function until<T>(what: string, check: () => T | undefined | false, ms = WAIT_MS): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Start `reinhardt render t --out out [--data data.json] --watch` in a site of these files. */
async function watchSite(files: Record<string, string>, args: string[] = []): Promise<Session> {
  const root = mkdtempSync(join(tmpdir(), 'reinhardt-watch-'));
  const path = (name: string) => join(root, ...name.split('/'));
  const write = (name: string, text: string) => {
    mkdirSync(dirname(path(name)), { recursive: true });
    writeFileSync(path(name), text);
  };
  for (const [name, text] of Object.entries(files)) write(name, text);
  // Once watching, files change as many editors save them: a new file renamed
  // over the old, one event (a write in place is a truncation, then a write).
  const save = (name: string, text: string) => {
    const temp = join(dirname(path(name)), `.${name.split('/').pop()}.tmp`);
    mkdirSync(dirname(temp), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, path(name));
  };
  const stdout = { text: '', write: (t: string) => (stdout.text += t) };
  const stderr = { text: '', write: (t: string) => (stderr.text += t) };
  const controller = new AbortController();
  const data = files['data.json'] === undefined ? [] : ['--data', 'data.json'];
  const exit = main(['render', 't', '--out', 'out', ...data, '--watch', ...args], {
    cwd: root,
    stdout,
    stderr,
    signal: controller.signal,
  });
  let seen = 0;
  const session: Session = {
    root,
    stdout,
    stderr,
    write: save,
    read: (name) => readFileSync(path(name), 'utf8'),
    mtime: (name) => statSync(path(name)).mtimeMs,
    nextRebuild: async () => {
      const line = await until(`a re-render; the output so far:\n${stdout.text}${stderr.text}`, () =>
        stdout.text.split('\n').filter((l) => l.includes('re-rendered'))[seen],
      );
      seen++;
      return line;
    },
    settle: async () => {
      let last = '';
      let still = 0;
      await until('the output to settle', () => {
        still = stdout.text === last ? still + 1 : 0;
        last = stdout.text;
        return still >= 15; // 300 ms without a new line
      });
      seen = stdout.text.split('\n').filter((l) => l.includes('re-rendered')).length;
    },
    stop: async () => {
      controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('watch did not stop')), WAIT_MS)));
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  sessions.push(session);
  await until('watching', () => stdout.text.includes('watching') || stderr.text.includes('reinhardt:'));
  return session;
}

const SITE = {
  't/layouts/base.html': '<nav>{% include "includes/nav.html" %}</nav>{% block content %}{% endblock %}',
  't/includes/nav.html': 'nav v1',
  't/includes/footer.html': 'footer v1',
  't/a.html': '{% extends "layouts/base.html" %}{% block content %}A {{ title }}{% endblock %}',
  't/blog/b.html': '{% extends "layouts/base.html" %}{% block content %}B {{ title }}{% endblock %}',
  't/c.html': 'C {% include "includes/footer.html" %} {{ title }}',
  'data.json': JSON.stringify({ title: 'shared', pages: { 'c.html': { title: 'own' } } }),
};

describe('reinhardt render --watch', { timeout: 3 * WAIT_MS }, () => {
  test('renders the site, then only the dependents of a changed include', async () => {
    const s = await watchSite(SITE);
    expect(s.stdout.text).toMatch(/^rendered 3 pages into out in .*\nwatching t and data\.json for changes\n$/);
    expect(s.read('out/a.html')).toBe('<nav>nav v1</nav>A shared');
    expect(s.read('out/c.html')).toBe('C footer v1 own');
    const untouched = s.mtime('out/c.html');

    s.write('t/includes/nav.html', 'nav v2');
    await until('a.html to change', () => s.read('out/a.html') === '<nav>nav v2</nav>A shared');
    expect(await s.nextRebuild()).toMatch(/^includes\/nav\.html changed: re-rendered 2 pages in \d+ ms \(a\.html, blog\/b\.html\)$/);
    expect(s.read('out/blog/b.html')).toBe('<nav>nav v2</nav>B shared');
    expect(s.mtime('out/c.html')).toBe(untouched);

    s.write('t/includes/footer.html', 'footer v2');
    expect(await s.nextRebuild()).toMatch(/^includes\/footer\.html changed: re-rendered 1 page in \d+ ms \(c\.html\)$/);
    expect(s.read('out/c.html')).toBe('C footer v2 own');

    // Written in place (a truncation, then a write) rather than renamed over.
    const a = s.mtime('out/a.html');
    writeFileSync(join(s.root, 't/includes/footer.html'), 'footer v3');
    await until('c.html to change', () => s.read('out/c.html') === 'C footer v3 own');
    await s.settle();
    expect(s.mtime('out/a.html')).toBe(a);
    expect(await s.stop()).toBe(0);
  });

  test('a data change re-renders the pages whose context changed', async () => {
    const s = await watchSite(SITE);
    const a = s.mtime('out/a.html');
    s.write('data.json', JSON.stringify({ title: 'shared', pages: { 'c.html': { title: 'changed' } } }));
    expect(await s.nextRebuild()).toMatch(/^data\.json changed: re-rendered 1 page in \d+ ms \(c\.html\)$/);
    expect(s.read('out/c.html')).toBe('C footer v1 changed');
    expect(s.mtime('out/a.html')).toBe(a);

    s.write('data.json', JSON.stringify({ title: 'everyone', pages: { 'c.html': { title: 'changed' } } }));
    expect(await s.nextRebuild()).toMatch(/re-rendered 3 pages/);
    expect(s.read('out/a.html')).toBe('<nav>nav v1</nav>A everyone');

    // Broken data: reported, the previous data kept, watching goes on.
    s.write('data.json', '{ broken');
    await until('the data error', () => s.stderr.text.includes('(the previous data is kept)'));
    s.write('t/a.html', '{% extends "layouts/base.html" %}{% block content %}A2 {{ title }}{% endblock %}');
    expect(await s.nextRebuild()).toMatch(/^a\.html changed: re-rendered 1 page/);
    expect(s.read('out/a.html')).toBe('<nav>nav v1</nav>A2 everyone');
  });

  test('a new page is rendered; an error is reported, and fixing it renders again', async () => {
    const s = await watchSite(SITE);
    s.write('t/blog/new.html', '{% extends "layouts/base.html" %}{% block content %}new{% endblock %}');
    expect(await s.nextRebuild()).toMatch(/^blog\/new\.html changed: re-rendered 1 page .*\(blog\/new\.html\)$/);
    expect(s.read('out/blog/new.html')).toBe('<nav>nav v1</nav>new');

    // A new folder, with a page in it, is watched from then on.
    mkdirSync(join(s.root, 't/news'));
    writeFileSync(join(s.root, 't/news/one.html'), 'one v1');
    await until('news/one.html', () => existsSync(join(s.root, 'out/news/one.html')) && s.read('out/news/one.html') === 'one v1');
    s.write('t/news/one.html', 'one v2');
    await until('news/one.html to change', () => s.read('out/news/one.html') === 'one v2');
    unlinkSync(join(s.root, 't/news/one.html'));
    await s.settle();

    s.write('t/includes/nav.html', '{% if %}');
    expect(await s.nextRebuild()).toMatch(/^includes\/nav\.html changed: re-rendered 3 pages .*; 3 pages failed$/);
    expect(s.stderr.text).toContain('t/includes/nav.html:1:1: TemplateSyntaxError: Unexpected end of expression in if tag.\n');
    expect(s.stderr.text).toContain('(3 pages: a.html, blog/b.html, blog/new.html)');

    s.write('t/includes/nav.html', 'nav fixed');
    expect(await s.nextRebuild()).toMatch(/re-rendered 3 pages in \d+ ms \([^)]*\)$/);
    expect(s.read('out/a.html')).toBe('<nav>nav fixed</nav>A shared');

    // A page that starts including another template is now its dependent.
    s.write('t/c.html', 'C {% include "includes/nav.html" %}');
    expect(await s.nextRebuild()).toMatch(/^c\.html changed: re-rendered 1 page/);
    s.write('t/includes/nav.html', 'nav v3');
    expect(await s.nextRebuild()).toMatch(/re-rendered 4 pages/);
    expect(s.read('out/c.html')).toBe('C nav v3');

    // Deleting an include breaks its pages, and says so.
    unlinkSync(join(s.root, 't/includes/nav.html'));
    expect(await s.nextRebuild()).toMatch(/^includes\/nav\.html changed: re-rendered 4 pages.*; 4 pages failed$/);
    expect(s.stderr.text).toContain('TemplateDoesNotExist: includes/nav.html');
  });

  test('a template naming another by a variable makes its pages depend on everything', async () => {
    const s = await watchSite({
      ...SITE,
      't/d.html': '{% include which %}',
      'data.json': JSON.stringify({ which: 'includes/footer.html' }),
    });
    expect(s.read('out/d.html')).toBe('footer v1');
    const a = s.mtime('out/a.html');
    s.write('t/includes/footer.html', 'footer v2');
    expect(await s.nextRebuild()).toMatch(/re-rendered 2 pages .*\(c\.html, d\.html\)$/);
    expect(s.read('out/d.html')).toBe('footer v2');
    expect(s.mtime('out/a.html')).toBe(a);
  });

  test('a change no page uses renders nothing, and says so; files in the output folder are ignored', async () => {
    const s = await watchSite({ ...SITE, 't/index.html': 'i' }, ['--out', 't/_site']);
    s.write('t/includes/unused.html', 'x');
    await until('the note', () => s.stdout.text.includes('includes/unused.html changed: no page uses it'));
    expect(s.stdout.text).not.toContain('re-rendered');
    expect(existsSync(join(s.root, 't/_site/index.html'))).toBe(true);
  });

  test('stopping ends the command with status 0, and stopping again is harmless', async () => {
    const s = await watchSite(SITE);
    expect(await s.stop()).toBe(0);
    // Stopping again is harmless.
    expect(await s.stop()).toBe(0);
  });
});
