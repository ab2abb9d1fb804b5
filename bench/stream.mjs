// Time to first byte against time to last byte, for a page whose data
// arrives slowly: renderStream sends the head while the rows are awaited;
// renderAsync sends nothing until the end. `npm run bench:stream`.
import { Engine } from 'reinhardt';

const DELAY_MS = 50;
const engine = new Engine({
  templates: {
    'base.html': '<!doctype html><head><title>{% block title %}Shop{% endblock %}</title><link rel="stylesheet" href="/s.css"></head>'
      + '<body><header>{{ site }}</header>{% block content %}{% endblock %}</body>',
    'page.html': '{% extends "base.html" %}{% block content %}<table>{% for p in products %}<tr><td>{{ p.name }}</td><td>{{ p.price|floatformat:2 }}</td></tr>{% endfor %}</table>{% endblock %}',
  },
});
const products = Array.from({ length: 100 }, (_, i) => ({ name: `Widget <${i}>`, price: i * 1.5 }));
const slowly = () => new Promise((resolve) => setTimeout(() => resolve(products), DELAY_MS));

async function measure(kind) {
  const start = performance.now();
  let first = 0;
  if (kind === 'stream') {
    const reader = engine.getTemplate('page.html').renderStream({ site: 'Acme', products: slowly() }).getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      if (!first) first = performance.now() - start;
    }
  } else {
    await engine.renderToStringAsync('page.html', { site: 'Acme', products: slowly() });
    first = performance.now() - start;
  }
  return { first, last: performance.now() - start };
}

const rows = [];
for (const kind of ['stream', 'async']) {
  const runs = [];
  for (let i = 0; i < 20; i++) runs.push(await measure(kind));
  runs.sort((a, b) => a.last - b.last);
  const median = runs[runs.length >> 1];
  rows.push([kind === 'stream' ? 'renderStream' : 'renderAsync', median.first.toFixed(2), median.last.toFixed(2)]);
}
console.log(`A page whose rows arrive after ${DELAY_MS} ms (median of 20):\n`);
console.log('| render | first byte, ms | last byte, ms |\n|---|--:|--:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// The synchronous path is untouched by async support: same data, already there.
const data = { site: 'Acme', products };
const t = engine.getTemplate('page.html');
for (let i = 0; i < 500; i++) t.render(data);
const n = 3000;
let s = performance.now();
for (let i = 0; i < n; i++) t.render(data);
const sync = (performance.now() - s) / n;
s = performance.now();
for (let i = 0; i < 300; i++) await t.renderAsync(data);
const asyncPlain = (performance.now() - s) / 300;
console.log(`\nplain data: render ${(sync * 1000).toFixed(1)} µs, renderAsync ${(asyncPlain * 1000).toFixed(1)} µs (one pass)`);
