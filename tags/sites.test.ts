/**
 * Includes and blocks run code compiled for the names their call site binds
 * (see SiteBindings in src/compiler.ts). What the spec cannot show: a
 * changed file is picked up with debug, async and streamed renders take the
 * generic path with the same output, and errors keep their template's place.
 */
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Engine } from '../src/index.js';

const pages = {
  'page.html': '{% for p in ps %}{% include "row.html" %}{% endfor %}',
  'row.html': '<{{ p.name }}{{ forloop.counter }}>',
  'base.html': '{% for p in ps %}[{% block cell %}{% endblock %}]{% endfor %}',
  'child.html': '{% extends "base.html" %}{% block cell %}{{ p.name }}{{ forloop.counter }}{% endblock %}',
};
const data = { ps: [{ name: 'a' }, { name: 'b' }] };

function touch(dir: string, name: string, text: string): void {
  writeFileSync(join(dir, name), text);
  const later = new Date(Date.now() + 5000);
  utimesSync(join(dir, name), later, later);
}

async function streamed(stream: ReadableStream<string>): Promise<string> {
  let out = '';
  for await (const chunk of stream as unknown as AsyncIterable<string>) out += chunk;
  return out;
}

describe('includes and blocks in a loop', () => {
  test('with debug, a changed included template or block is rendered anew', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reinhardt-sites-'));
    for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
    const engine = new Engine({ dirs: [dir], debug: true });
    expect(engine.renderToString('page.html', data)).toBe('<a1><b2>');
    expect(engine.renderToString('child.html', data)).toBe('[a1][b2]');
    touch(dir, 'row.html', '({{ p.name }})');
    touch(dir, 'child.html', '{% extends "base.html" %}{% block cell %}{{ forloop.revcounter }}{% endblock %}');
    expect(engine.renderToString('page.html', data)).toBe('(a)(b)');
    expect(engine.renderToString('child.html', data)).toBe('[2][1]');
  });

  test('async and streamed renders give the same output', async () => {
    const engine = new Engine({ templates: pages });
    const later = { ps: Promise.resolve(data.ps) };
    for (const name of ['page.html', 'child.html']) {
      const want = engine.renderToString(name, data);
      expect(await engine.renderToStringAsync(name, later)).toBe(want);
      expect(await streamed(engine.getTemplate(name).renderStream(later))).toBe(want);
    }
  });

  test('an error in the included template or the block has its own template and line', () => {
    const engine = new Engine({
      templates: { ...pages, 'row.html': 'x\n {{ p.name|add:p.missing }}', 'child.html': '{% extends "base.html" %}\n{% block cell %}\n  {{ p.boom }}{% endblock %}' },
    });
    const boom = { ps: [{ name: 'a', boom() { throw new Error('boom'); } }] };
    expect(() => engine.renderToString('page.html', boom)).toThrow(expect.objectContaining({ templateName: 'row.html', line: 2, column: 2 }));
    expect(() => engine.renderToString('child.html', boom)).toThrow(expect.objectContaining({ templateName: 'child.html', line: 3, column: 3 }));
  });

  test('an include run often enough runs code compiled for its site, with the same output', () => {
    // The first runs of an include take the template's own code (PLAIN_RUNS
    // in include.ts), the later ones the code compiled for the site.
    const engine = new Engine({
      templates: {
        'page.html': '{% for p in ps %}{% with n=p.name %}{% include "row.html" %}{% endwith %}{% endfor %}|{% for p in ps %}{% include "row.html" with n="w" only %}{% endfor %}',
        'row.html': '<{{ n }}{{ p.name|default:"?" }}{{ forloop.counter0|add:1 }}{% cycle "x" "y" as c %}{{ c }}{% for t in p.tags %}{{ forloop.parentloop.counter }}{{ t }}{% endfor %}>',
      },
    });
    const ps = Array.from({ length: 1200 }, (_, i) => ({ name: `n${i}`, tags: ['a', 'b'] }));
    const rows = ps.map((p, i) => `<${p.name}${p.name}${i + 1}xx${i + 1}a${i + 1}b>`).join('');
    const isolated = ps.map(() => '<w?xx>').join('');
    expect(engine.renderToString('page.html', { ps })).toBe(`${rows}|${isolated}`);
  });

  test('an error in code compiled for an include\'s site has its template and line', () => {
    const engine = new Engine({ templates: { ...pages, 'row.html': 'x\n {{ p.name|add:p.missing }}' } });
    const ps = Array.from({ length: 1200 }, (_, i) => (i < 1100 ? { name: 'a', missing: 'b' } : { name: 'a' }));
    expect(() => engine.renderToString('page.html', { ps })).toThrow(expect.objectContaining({ templateName: 'row.html', line: 2, column: 2 }));
  });
});
