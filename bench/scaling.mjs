/**
 * How reinhardt's cost grows, run by workload.mjs in a fresh Node process:
 *   node bench/scaling.mjs [--flat]
 *
 * 1. Rows: the page with 10, 100, 1,000 and 10,000 rows (the workload's 100
 *    products repeated), beside the hand-written function.
 * 2. Structure, at 1,000 rows: the flat page (bench/templates/flat.html, one
 *    file) against the same bytes from
 *    - a 10-level `extends` chain: level 0 is the flat page with ten of its
 *      pieces cut out into empty blocks, seven of them inside the row loop,
 *      and each of levels 1 to 10 extends the one below and fills one block,
 *      so a render at 1,000 rows renders 7,003 blocks from across the chain;
 *    - 1,000 includes in a loop: the row cut out of the flat page into a
 *      template of its own, included once per row.
 *    Each must render exactly what the flat page renders. If nodes cost the
 *    same wherever they are, all three take the same time.
 * `--flat`: the rows are of the flat page (when reinhardt cannot render the workload).
 * Prints one line of JSON.
 */
import { Engine } from 'reinhardt';
import { renderFlat, renderProducts } from './handwritten.mjs';
import { FLAT_TEMPLATES, WORKLOAD_TEMPLATES, bestOf, fail, firstDifference, keep, loadWorkload, report } from './lib.mjs';

const flat = process.argv.includes('--flat');
const { data, flatSource } = loadWorkload();

/** The page's data with `rows` products, repeating the workload's 100. */
function withRows(rows) {
  return { ...data, products: Array.from({ length: rows }, (_, i) => data.products[i % data.products.length]) };
}

function checkSame(got, want, what) {
  if (got !== want) fail(`scaling.mjs: ${what} differs from its hand-written twin, ${firstDifference(got, want)}`);
}

// ----- 1. rows -----

const page = flat
  ? { template: new Engine({ dirs: [FLAT_TEMPLATES] }).getTemplate('flat.html'), handwritten: renderFlat }
  : { template: new Engine({ dirs: [WORKLOAD_TEMPLATES] }).getTemplate('products.html'), handwritten: renderProducts };

const rows = [];
for (const n of [10, 100, 1_000, 10_000]) {
  const pageData = withRows(n);
  checkSame(page.template.render(pageData), page.handwritten(pageData), `the page at ${n} rows`);
  const [hand, ours] = bestOf([
    ['hand-written', () => keep(page.handwritten(pageData))],
    ['reinhardt', () => keep(page.template.render(pageData))],
  ], { rounds: 3, maxTime: n >= 10_000 ? 1 : 0.5 });
  rows.push({ rows: n, reinhardt: { mean: ours.mean, rme: ours.rme }, handwritten: { mean: hand.mean, rme: hand.rme } });
}

// ----- 2. structure -----

/** `source` with `piece` replaced; stops if the piece is not there exactly once. */
function cut(source, piece, by) {
  const at = source.indexOf(piece);
  if (at < 0 || source.indexOf(piece, at + 1) >= 0) fail(`scaling.mjs: flat.html does not contain ${JSON.stringify(piece)} exactly once`);
  return source.slice(0, at) + by + source.slice(at + piece.length);
}

// The pieces of flat.html that the chain's levels fill, one block per level.
const BLOCKS = [
  ['title', '{{ title }} | {{ site_name }}'],
  ['heading', '{{ title|upper }}'],
  ['name', '{{ p.name }}'],
  ['category', '{{ p.category|upper }}'],
  ['price', '{{ p.price }}'],
  ['status', '{% if p.on_sale %}<span class="badge sale">Sale</span>{% else %}<span class="badge">Regular</span>{% endif %}'],
  ['sku', '{{ p.sku|default:"n/a" }}'],
  ['tags', '{{ p.tags|join:", " }}'],
  ['tag_list', '{% for tag in p.tags %}<em>{{ tag }}</em>{% if not forloop.last %}, {% endif %}{% endfor %}'],
  ['footer', '<p>&copy; {{ year }} {{ site_name }}</p>'],
];

const structure = {};
let level0 = flatSource;
for (const [block, piece] of BLOCKS) level0 = cut(level0, piece, `{% block ${block} %}{% endblock %}`);
structure['chain/0.html'] = level0;
BLOCKS.forEach(([block, piece], i) => {
  structure[`chain/${i + 1}.html`] = `{% extends "chain/${i}.html" %}{% block ${block} %}${piece}{% endblock %}`;
});

const rowStart = flatSource.indexOf('<tr id=');
const rowEnd = flatSource.indexOf('</tr>\n', rowStart) + '</tr>\n'.length;
structure['include/row.html'] = flatSource.slice(rowStart, rowEnd);
structure['include/page.html'] = cut(flatSource, structure['include/row.html'], '{% include "include/row.html" %}');

// The blocks cut from inside the row, rendered once per row.
const blocksPerRow = BLOCKS.filter(([, piece]) => {
  const at = flatSource.indexOf(piece);
  return at > rowStart && at < rowEnd;
}).length;

const engine = new Engine({ dirs: [FLAT_TEMPLATES], templates: structure });
const STRUCTURE_ROWS = 1_000;
const pageData = withRows(STRUCTURE_ROWS);
const want = renderFlat(pageData);
const pages = [
  ['flat page', 'flat.html', 1],
  [`${STRUCTURE_ROWS.toLocaleString('en-US')} includes in a loop`, 'include/page.html', 2],
  ['10-level extends chain', `chain/${BLOCKS.length}.html`, BLOCKS.length + 1],
];
const cases = [['hand-written', () => keep(renderFlat(pageData))]];
const problems = {};
for (const [label, name] of pages) {
  let template;
  try {
    template = engine.getTemplate(name);
    checkSame(template.render(pageData), want, label);
  } catch (e) {
    problems[label] = `${e.name}: ${e.message}`;
    continue;
  }
  cases.push([label, () => keep(template.render(pageData))]);
}
const results = bestOf(cases, { rounds: 3, maxTime: 0.75 });

report({
  page: flat ? 'flat.html' : 'products.html',
  rows,
  structure: {
    rows: STRUCTURE_ROWS,
    blocksPerRow,
    pages: pages.map(([label, name, templates]) => {
      const r = results.find((x) => x.name === label);
      return { label, name, templates, mean: r?.mean, rme: r?.rme, problem: problems[label] };
    }),
    handwritten: { mean: results[0].mean, rme: results[0].rme },
  },
});
