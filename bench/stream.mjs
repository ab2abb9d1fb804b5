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

/** A cursor of the same rows, one every ms: what a streamed loop goes through as they come. */
async function* cursor() {
  for (const p of products) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield p;
  }
}

async function measure(kind) {
  const start = performance.now();
  let first = 0;
  let firstRow = 0;
  if (kind === 'stream' || kind === 'cursor') {
    const products = kind === 'cursor' ? cursor() : slowly();
    const reader = engine.getTemplate('page.html').renderStream({ site: 'Acme', products }).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!first) first = performance.now() - start;
      if (!firstRow && value.includes('<tr>')) firstRow = performance.now() - start;
    }
  } else {
    await engine.renderToStringAsync('page.html', { site: 'Acme', products: slowly() });
    first = firstRow = performance.now() - start;
  }
  return { first, firstRow, last: performance.now() - start };
}

const kinds = {
  stream: `renderStream, rows after ${DELAY_MS} ms`,
  async: `renderAsync, rows after ${DELAY_MS} ms`,
  cursor: `renderStream, an async iterable of ${products.length} rows, one per ms`,
};
const rows = [];
for (const kind of Object.keys(kinds)) {
  const runs = [];
  for (let i = 0; i < 20; i++) runs.push(await measure(kind));
  runs.sort((a, b) => a.last - b.last);
  const median = runs[runs.length >> 1];
  rows.push([kinds[kind], median.first.toFixed(2), median.firstRow.toFixed(2), median.last.toFixed(2)]);
}
console.log('Median of 20:\n');
console.log('| render | first byte, ms | first row, ms | last byte, ms |\n|---|--:|--:|--:|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

// What async support costs when the data is already there: the same page
// through render, renderAsync (one pass) and renderStream, timed in
// alternating rounds so that the machine's drift falls on all three.
const data = { site: 'Acme', products };
const t = engine.getTemplate('page.html');
async function drain(stream) {
  const reader = stream.getReader();
  while (!(await reader.read()).done);
}
const forms = {
  render: async (n) => { for (let i = 0; i < n; i++) t.render(data); },
  renderAsync: async (n) => { for (let i = 0; i < n; i++) await t.renderAsync(data); },
  renderStream: async (n) => { for (let i = 0; i < n; i++) await drain(t.renderStream(data)); },
};
const times = Object.fromEntries(Object.keys(forms).map((k) => [k, []]));
for (const form of Object.values(forms)) await form(300);
const N = 200;
for (let round = 0; round < 15; round++) {
  for (const [name, form] of Object.entries(forms)) {
    const s = performance.now();
    await form(N);
    times[name].push((performance.now() - s) / N);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const sync = median(times.render);
console.log('\nPlain data (median of 15 rounds):\n');
console.log('| render | µs per page | vs render |\n|---|--:|--:|');
for (const name of Object.keys(forms)) {
  const m = median(times[name]);
  console.log(`| ${name} | ${(m * 1000).toFixed(1)} | ${(m / sync).toFixed(2)}x |`);
}
