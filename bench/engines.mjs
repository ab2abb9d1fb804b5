/**
 * The engines the bench measures, each given the workload's page in its own
 * syntax (reinhardt: the Django templates themselves; the peers: the files in
 * `bench/peers/<engine>/`), behind one small interface:
 *
 * - `load()`: import the engine (nothing is imported before it is called, so a
 *   fresh process pays for the import where the cold start measures it);
 * - `fromFiles(mod)`: an engine reading the page's templates from disk and
 *   compiling them on first use, as an application would set it up; gives
 *   `(data) => html`;
 * - `compiler(mod)`: `(source, name) => compiled`, one template from source
 *   with no cache, as far as the engine goes (see `compiles`);
 * - `cacheAll(mod, sources)`: compile every `{ name: source }` into the
 *   engine's own cache (or what a user keeps, where the engine has none), for
 *   the memory figure.
 *
 * The helpers a peer needs for Django's filters (`floatformat:2` above all)
 * are the hand-written baseline's, so that every engine does the same work.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { floatformat2 } from './handwritten.mjs';
import { WORKLOAD_TEMPLATES } from './lib.mjs';

const PEERS = fileURLToPath(new URL('peers/', import.meta.url));

/** `floatformat:2` for the peers; the page asks for nothing else. */
function floatformat(value, digits) {
  if (Number(digits) !== 2) throw new Error(`the peers' floatformat only does 2 digits, not ${digits}`);
  return floatformat2(value);
}

const read = (dir, name) => readFileSync(`${dir}/${name}`, 'utf8');

export const ENGINES = {
  reinhardt: {
    dir: WORKLOAD_TEMPLATES,
    templates: ['base.html', 'products.html', 'row.html'],
    compiles: 'lex, parse, generate code, new Function',
    load: () => import('reinhardt'),
    fromFiles({ Engine }, { dir = this.dir, page = 'products.html' } = {}) {
      const engine = new Engine({ dirs: [dir] });
      return (data) => engine.getTemplate(page).render(data);
    },
    compiler({ Engine }) {
      const engine = new Engine({ templates: {} });
      return (source, name) => engine.fromString(source, name);
    },
    cacheAll({ Engine }, sources) {
      const engine = new Engine({ templates: sources, cache: { max: Object.keys(sources).length + 10 } });
      for (const name of Object.keys(sources)) engine.getTemplate(name);
      return engine;
    },
  },

  nunjucks: {
    dir: PEERS + 'nunjucks',
    templates: ['base.njk', 'products.njk', 'row.njk'],
    compiles: 'lex, parse, generate code, new Function (eager compile)',
    load: async () => (await import('nunjucks')).default,
    environment(nunjucks, loader) {
      const env = new nunjucks.Environment(loader, { autoescape: true });
      env.addFilter('floatformat', floatformat);
      return env;
    },
    fromFiles(nunjucks) {
      const env = this.environment(nunjucks, new nunjucks.FileSystemLoader(this.dir));
      return (data) => env.getTemplate('products.njk').render(data);
    },
    compiler(nunjucks) {
      const env = this.environment(nunjucks, []);
      return (source, name) => new nunjucks.Template(source, env, name, true);
    },
    cacheAll(nunjucks, sources) {
      const loader = { getSource: (name) => ({ src: sources[name], path: name, noCache: false }) };
      const env = this.environment(nunjucks, [loader]);
      for (const name of Object.keys(sources)) env.getTemplate(name, true);
      return env;
    },
  },

  liquidjs: {
    dir: PEERS + 'liquid',
    templates: ['base.liquid', 'products.liquid', 'row.liquid'],
    compiles: 'tokenize and parse to a tree (liquidjs interprets it; no code is generated)',
    load: () => import('liquidjs'),
    liquid({ Liquid }, options) {
      const liquid = new Liquid({ extname: '', outputEscape: 'escape', cache: true, ...options });
      liquid.registerFilter('floatformat', floatformat);
      return liquid;
    },
    fromFiles(mod) {
      const liquid = this.liquid(mod, { root: this.dir });
      let template;
      return (data) => liquid.renderSync((template ??= liquid.parseFileSync('products.liquid')), data);
    },
    compiler(mod) {
      const liquid = this.liquid(mod, {});
      return (source, name) => liquid.parse(source, name);
    },
    cacheAll(mod, sources) {
      const liquid = this.liquid(mod, { templates: sources, cache: Object.keys(sources).length + 10 });
      for (const name of Object.keys(sources)) liquid.parseFileSync(name);
      return liquid;
    },
  },

  handlebars: {
    dir: PEERS + 'handlebars',
    templates: ['base.hbs', 'products.hbs', 'row.hbs'],
    compiles: 'parse, precompile to JavaScript, new Function, Handlebars.template',
    load: async () => (await import('handlebars')).default,
    // Whitespace as written, as Django keeps it (no standalone-line stripping).
    options: { ignoreStandalone: true, preventIndent: true },
    instance(Handlebars) {
      const hb = Handlebars.create();
      hb.registerHelper({
        counter: (index) => index + 1,
        upper: (s) => String(s).toUpperCase(),
        floatformat,
        default: (value, fallback) => value || fallback,
        join: (list, separator) => list.join(separator),
      });
      return hb;
    },
    fromFiles(Handlebars) {
      const hb = this.instance(Handlebars);
      const compile = (name) => hb.compile(read(this.dir, name), this.options);
      hb.registerPartial('base', compile('base.hbs'));
      hb.registerPartial('row', compile('row.hbs'));
      const page = compile('products.hbs');
      return (data) => page(data);
    },
    compiler(Handlebars) {
      // Handlebars.compile defers all its work to the first call; precompile
      // and Handlebars.template are the same compiler, done now.
      const hb = this.instance(Handlebars);
      return (source) => hb.template(new Function(`return ${hb.precompile(source, this.options)}`)());
    },
    cacheAll(Handlebars, sources) {
      const compile = this.compiler(Handlebars);
      return Object.fromEntries(Object.entries(sources).map(([name, source]) => [name, compile(source)]));
    },
  },

  eta: {
    dir: PEERS + 'eta',
    templates: ['base.eta', 'products.eta', 'row.eta'],
    compiles: 'parse, generate code, new Function',
    load: () => import('eta'),
    instance({ Eta }, options) {
      // Eta templates are JavaScript; the one helper reaches them through the function header.
      const eta = new Eta({ autoTrim: false, cache: true, functionHeader: 'const { floatformat } = this.helpers;', ...options });
      eta.helpers = { floatformat };
      return eta;
    },
    fromFiles(mod) {
      const eta = this.instance(mod, { views: this.dir });
      return (data) => eta.render('./products', data);
    },
    compiler(mod) {
      const eta = this.instance(mod, {});
      return (source) => eta.compile(source);
    },
    cacheAll(mod, sources) {
      const eta = this.instance(mod, {});
      for (const [name, source] of Object.entries(sources)) eta.loadTemplate(`@${name}`, source);
      return eta;
    },
  },
};

/**
 * The engines' spellings of the entities, brought to Django's (`&#x27;`,
 * `&quot;`), so that outputs can be compared with `expected.html`.
 */
export function normalizeEntities(html) {
  return html
    .replace(/&#39;|&#039;|&apos;/g, '&#x27;')
    .replace(/&#34;|&#x22;/g, '&quot;')
    .replace(/&#x3D;|&#61;/g, '=')
    .replace(/&#x60;|&#96;/g, '`');
}

/** 'exact', 'entities' (equal once the entities are spelled as Django does), or null. */
export function sameAs(html, expected) {
  if (html === expected) return 'exact';
  return normalizeEntities(html) === normalizeEntities(expected) ? 'entities' : null;
}

/** An engine's version: its package.json (reinhardt's own, for reinhardt). */
export function version(engine) {
  const path = engine === 'reinhardt' ? '../package.json' : `../node_modules/${engine}/package.json`;
  return JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')).version;
}
