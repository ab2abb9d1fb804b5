// Renders the example site: `npm run demo`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from 'reinhardt';

const here = dirname(fileURLToPath(import.meta.url));
const engine = new Engine({ dirs: [join(here, 'templates')] });
const data = JSON.parse(readFileSync(join(here, 'data.json'), 'utf8'));

mkdirSync(join(here, 'out'), { recursive: true });
const html = engine.renderToString('index.html', data);
writeFileSync(join(here, 'out', 'index.html'), html);
console.log(html);
console.log(`wrote ${join('examples', 'site', 'out', 'index.html')}`);
