/**
 * The static-site renderer (`reinhardt render`) on 10,000 generated pages,
 * in one thread and on worker threads: `npm run bench:site`.
 *
 * Each page extends a base template (which includes a navigation bar) and
 * includes a card template for each of its items. Both runs write every page
 * to disk; their outputs must be byte-identical. `--pages N` changes the
 * count, `--keep` leaves the generated site in place and prints where.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSite, PARALLEL_THRESHOLD } from '../dist/src/cli/render.js';

const { values } = parseArgs({ options: { pages: { type: 'string' }, keep: { type: 'boolean' } } });
const PAGES = Number(values.pages ?? 10_000);
const threads = availableParallelism();

const root = mkdtempSync(join(tmpdir(), 'reinhardt-bench-site-'));
const templates = join(root, 'templates');

function generate() {
  mkdirSync(join(templates, 'includes'), { recursive: true });
  writeFileSync(
    join(templates, '_base.html'),
    `<!doctype html>
<html lang="en">
<head><title>{% block title %}{{ site.name }}{% endblock %}</title></head>
<body>
{% include "includes/nav.html" %}
<main>{% block content %}{% endblock %}</main>
<footer>&copy; {{ site.year }} {{ site.name }}</footer>
</body>
</html>
`,
  );
  writeFileSync(
    join(templates, 'includes', 'nav.html'),
    `<nav>{% for link in site.nav %}<a href="{{ link.url }}"{% if link.url == url %} aria-current="page"{% endif %}>{{ link.title }}</a>{% endfor %}</nav>`,
  );
  writeFileSync(
    join(templates, 'includes', 'card.html'),
    `<article class="card{% if item.featured %} featured{% endif %}">
  <h2>{{ forloop.counter }}. {{ item.name|title }}</h2>
  <p>{{ item.description|truncatewords:12 }}</p>
  <p class="price">{{ item.price|floatformat:2 }} &middot; {{ item.tags|join:", "|default:"untagged" }}</p>
</article>
`,
  );
  const pages = {};
  for (let i = 0; i < PAGES; i++) {
    const name = `section-${String(i % 100).padStart(2, '0')}/page-${String(i).padStart(5, '0')}.html`;
    mkdirSync(join(templates, name, '..'), { recursive: true });
    writeFileSync(
      join(templates, name),
      `{% extends "_base.html" %}
{% block title %}{{ title }} | {{ block.super }}{% endblock %}
{% block content %}
<h1>{{ title }}</h1>
{% for item in items %}{% include "includes/card.html" %}{% empty %}<p>Nothing yet.</p>{% endfor %}
{% endblock %}
`,
    );
    pages[name] = { title: `Page ${i} <of ${PAGES}>`, url: `/${name}` };
  }
  const items = Array.from({ length: 12 }, (_, n) => ({
    name: `item number ${n}`,
    description: `A description of item ${n} that runs on for a while, with <markup> & "quotes" to escape, and more words than fit.`,
    price: n * 3.14159,
    tags: n % 3 ? ['red', 'small'] : [],
    featured: n % 5 === 0,
  }));
  const site = {
    name: 'Bench & Co',
    year: 2025,
    nav: Array.from({ length: 8 }, (_, n) => ({ title: `Section ${n}`, url: `/section-${String(n).padStart(2, '0')}/` })),
  };
  writeFileSync(join(root, 'data.json'), JSON.stringify({ site, items, pages }));
}

function readAll(dir, prefix = '') {
  const out = new Map();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) for (const [k, v] of readAll(join(dir, entry.name), `${rel}/`)) out.set(k, v);
    else out.set(rel, readFileSync(join(dir, entry.name), 'utf8'));
  }
  return out;
}

async function measure(label, jobs, outDir) {
  let best;
  for (let round = 0; round < 2; round++) {
    rmSync(outDir, { recursive: true, force: true });
    const run = await renderSite({ templatesDir: templates, outDir, dataFile: join(root, 'data.json'), jobs });
    if (run.errors.length) {
      console.error(run.errors[0].error);
      throw new Error(`${label}: ${run.errors.length} pages failed`);
    }
    if (run.rendered !== PAGES) throw new Error(`${label}: ${run.rendered} pages rendered, ${PAGES} expected`);
    if (!best || run.ms < best.ms) best = run;
  }
  const rate = (PAGES * 1000) / best.ms;
  console.log(`${label.padEnd(28)} ${(best.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toString().padStart(7)} pages/s`);
  return best.ms;
}

console.log(`reinhardt render: ${PAGES} pages, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${threads} CPUs available`);
console.log('Each page: extends a base (which includes a nav), includes a card 12 times; written to disk. Best of 2 runs.');
generate();
try {
  const single = await measure('one thread (--jobs 1)', 1, join(root, 'out-single'));
  const parallel = await measure(`${threads} threads (--jobs ${threads})`, threads, join(root, 'out-threads'));
  const a = readAll(join(root, 'out-single'));
  const b = readAll(join(root, 'out-threads'));
  if (a.size !== PAGES || b.size !== PAGES || [...a].some(([k, v]) => b.get(k) !== v)) {
    throw new Error('the outputs of the two runs differ');
  }
  console.log(`speed-up: ${(single / parallel).toFixed(2)}x on ${threads} threads (outputs byte-identical)`);
  if (threads === 1) console.log('Only one CPU here: the worker run shows the cost of a thread, not a gain.');
  if (PAGES < PARALLEL_THRESHOLD) console.log(`Fewer than ${PARALLEL_THRESHOLD} pages render in one thread whatever --jobs says.`);
} finally {
  if (values.keep) console.log(`site kept in ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
