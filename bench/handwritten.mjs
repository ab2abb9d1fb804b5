/**
 * The baseline: the product page written by hand with template literals, the
 * fastest a render of it could reasonably be. `renderProducts` produces the
 * exact bytes Django 6.1 renders from the workload (`expected.html`);
 * `renderFlat` is the twin of `bench/templates/flat.html`, the same page with
 * the price printed as it is (no `floatformat`).
 */

/** Python's `html.escape(s, quote=True)`, as Django's autoescaping does it. */
export function escape(s) {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    let rep;
    switch (s.charCodeAt(i)) {
      case 38: rep = '&amp;'; break;
      case 60: rep = '&lt;'; break;
      case 62: rep = '&gt;'; break;
      case 34: rep = '&quot;'; break;
      case 39: rep = '&#x27;'; break;
      default: continue;
    }
    out += s.slice(last, i) + rep;
    last = i + 1;
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * Django's `floatformat:2`: `Decimal(repr(x)).quantize(Decimal('0.01'),
 * ROUND_HALF_UP)`, so it rounds the decimal digits Python prints, not the
 * binary value (2.675 gives 2.68 where `toFixed(2)` gives 2.67). String()
 * gives Python's digits in plain notation for 1e-6 <= |x| < 1e16.
 */
export function floatformat2(x) {
  const s = String(x);
  if (s.includes('e')) throw new Error(`floatformat2: ${s} is outside what this baseline handles`);
  const neg = s.charCodeAt(0) === 45;
  const [whole, frac = ''] = (neg ? s.slice(1) : s).split('.');
  let cents = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  if (frac.charCodeAt(2) >= 53) cents++; // third decimal >= '5': half up
  const c = cents % 100;
  // Django drops the sign of a value that rounds to zero (-0.001 gives 0.00).
  return `${neg && cents ? '-' : ''}${(cents - c) / 100}.${c < 10 ? '0' : ''}${c}`;
}

function head(d) {
  const siteName = escape(d.site_name);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(d.title)} | ${siteName}</title>
</head>
<body>
<header><h1>${siteName}</h1></header>
<main>

<h2>${escape(d.title.toUpperCase())}</h2>
<table class="products">
<thead><tr><th>#</th><th>Name</th><th>Category</th><th>Price</th><th>Status</th><th>SKU</th><th>Tags</th></tr></thead>
<tbody>
`;
}

function foot(d) {
  return `
</tbody>
</table>

</main>
<footer>
<p>&copy; ${d.year} ${escape(d.site_name)}</p>
</footer>
</body>
</html>
`;
}

function row(p, counter, price) {
  const tags = p.tags.map(escape);
  return `
<tr id="p-${p.id}">
<td>${counter}</td>
<td class="name">${escape(p.name)}</td>
<td>${escape(p.category.toUpperCase())}</td>
<td class="price">${price}</td>
<td>${p.on_sale ? '<span class="badge sale">Sale</span>' : '<span class="badge">Regular</span>'}</td>
<td>${escape(p.sku || 'n/a')}</td>
<td data-tags="${tags.join(', ')}">${tags.length ? `<em>${tags.join('</em>, <em>')}</em>` : ''}</td>
</tr>

`;
}

/** `products.html` (extends `base.html`, includes `row.html`) as Django renders it. */
export function renderProducts(d) {
  let out = head(d);
  const products = d.products;
  for (let i = 0; i < products.length; i++) {
    out += row(products[i], i + 1, floatformat2(products[i].price));
  }
  return out + foot(d);
}

/** `bench/templates/flat.html`: the same page, the price printed as Python prints a number. */
export function renderFlat(d) {
  let out = head(d);
  const products = d.products;
  for (let i = 0; i < products.length; i++) {
    out += row(products[i], i + 1, String(products[i].price));
  }
  return out + foot(d);
}
