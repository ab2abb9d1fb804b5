// The example page's script. In your project, import from 'reinhardt/browser'
// through your bundler; here the bundle made by serve.mjs is served at /reinhardt/.
import { Engine, FetchLoader } from '/reinhardt/reinhardt.js';
import { data } from '/data.mjs';

const engine = new Engine({ loaders: [new FetchLoader({ baseUrl: '/templates/' })] });
const context = data();

// Fetches articles.html, then base.html and the includes it names, then renders.
const html = await engine.renderToStringAsync('articles.html', context);
document.getElementById('page').innerHTML = html;
// For the example's test: the string rendered, to compare with Node's.
window.rendered = html;

// Templates known only at run time: compiled in the page.
const source = document.getElementById('source');
const preview = document.getElementById('preview');
function update() {
  try {
    preview.textContent = engine.fromString(source.value, 'playground').render(context);
  } catch (e) {
    preview.textContent = e.line ? `${e.name} (line ${e.line}, column ${e.column}): ${e.message}` : `${e.name}: ${e.message}`;
  }
}
source.addEventListener('input', update);
update();
