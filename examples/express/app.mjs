// The Express example's application (server.mjs starts it; app.test.ts fetches its pages).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
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

// A stand-in for a CSRF middleware (csrf-sync, csrf-csrf, ...), which would
// give `req.csrfToken()`: one random token for the life of the process.
const csrfToken = randomBytes(16).toString('hex');
const csrfValid = (token) =>
  typeof token === 'string' && token.length === csrfToken.length && timingSafeEqual(Buffer.from(token), Buffer.from(csrfToken));

export const app = express();
app.engine('html', reinhardt.express({ urlResolver, debug: process.env.NODE_ENV !== 'production' }));
app.set('view engine', 'html');
app.set('views', join(here, 'templates'));
app.locals.site_name = 'The Reinhardt Times';

app.use((req, res, next) => {
  res.locals.request = req; // for {% querystring %}
  res.locals.csrf_token = csrfToken; // for {% csrf_token %}
  next();
});

app.get('/', (req, res) => res.render('index', { articles: sorted(req.query.sort) }));

app.get('/articles/:slug', (req, res, next) => {
  const article = articles.find((a) => a.slug === req.params.slug);
  if (!article) return next();
  res.render('article', { article });
});

app.post('/subscribe', express.urlencoded({ extended: false }), (req, res) => {
  if (!csrfValid(req.body.csrfmiddlewaretoken)) return res.status(403).send('CSRF verification failed.');
  res.render('subscribed', { email: req.body.email });
});
