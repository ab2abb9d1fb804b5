// The Koa example's application (server.mjs starts it; app.test.ts fetches its pages).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import * as reinhardt from 'reinhardt';

const here = dirname(fileURLToPath(import.meta.url));

const articles = [
  {
    slug: 'django-templates-in-node',
    title: 'django templates in node',
    summary: 'The same template language and the same output, rendered by JavaScript on the server.',
    body: 'Templates compile once to render functions.\nThe engine keeps them cached.',
    published: new Date(Date.UTC(2025, 2, 14)),
  },
  {
    slug: 'escaping-by-default',
    title: 'escaping <b>by</b> default',
    summary: "Autoescaping means a reader's <script> stays text.",
    body: 'Mark only what you trust as safe.',
    published: new Date(Date.UTC(2025, 0, 9)),
  },
];

function sorted(sort) {
  return sort === 'title'
    ? [...articles].sort((a, b) => a.title.localeCompare(b.title))
    : [...articles].sort((a, b) => b.published - a.published);
}

// Django's reverse() for {% url %}: view names to paths.
const routes = {
  home: () => '/',
  article: (slug) => `/articles/${encodeURIComponent(slug)}`,
  subscribe: () => '/subscribe',
};
const urlResolver = (name, args, kwargs) => routes[name]?.(...args, ...Object.values(kwargs));

// A stand-in for a CSRF middleware (such as @koa/csrf, which gives
// `ctx.csrf`): one random token for the life of the process.
const csrfToken = randomBytes(16).toString('hex');
const csrfValid = (token) =>
  typeof token === 'string' && token.length === csrfToken.length && timingSafeEqual(Buffer.from(token), Buffer.from(csrfToken));

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

export const app = new Koa();
app.use(reinhardt.koa({ dirs: [join(here, 'templates')], extension: 'html', urlResolver, debug: app.env !== 'production' }));

app.use(async (ctx, next) => {
  ctx.state.site_name = 'The Reinhardt Times';
  ctx.state.csrf_token = csrfToken; // for {% csrf_token %}
  await next();
});

app.use(async (ctx) => {
  if (ctx.method === 'GET' && ctx.path === '/') {
    ctx.render('index', { articles: sorted(ctx.query.sort) });
    return;
  }
  const slug = /^\/articles\/([\w-]+)$/.exec(ctx.path)?.[1];
  const article = articles.find((a) => a.slug === slug);
  if (ctx.method === 'GET' && article) {
    ctx.render('article', { article });
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/subscribe') {
    const form = await readForm(ctx.req);
    if (!csrfValid(form.get('csrfmiddlewaretoken'))) ctx.throw(403, 'CSRF verification failed.');
    ctx.render('subscribed', { email: form.get('email') });
  }
  // Anything else: Koa's 404.
});
