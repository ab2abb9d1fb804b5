// The Fastify example's application (server.mjs starts it; app.test.ts fetches its pages).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
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

// A stand-in for a CSRF plugin (such as @fastify/csrf-protection, which gives
// `reply.generateCsrf()`): one random token for the life of the process.
const csrfToken = randomBytes(16).toString('hex');
const csrfValid = (token) =>
  typeof token === 'string' && token.length === csrfToken.length && timingSafeEqual(Buffer.from(token), Buffer.from(csrfToken));

export const app = Fastify();
app.register(reinhardt.fastify({
  dirs: [join(here, 'templates')],
  extension: 'html',
  urlResolver,
  debug: process.env.NODE_ENV !== 'production',
}));
// Fastify parses JSON by itself; HTML forms need this.
app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
  done(null, Object.fromEntries(new URLSearchParams(body))),
);

app.addHook('preHandler', async (_request, reply) => {
  reply.locals.site_name = 'The Reinhardt Times';
  reply.locals.csrf_token = csrfToken; // for {% csrf_token %}
});

app.get('/', (request, reply) => reply.view('index', { articles: sorted(request.query.sort) }));

app.get('/articles/:slug', (request, reply) => {
  const article = articles.find((a) => a.slug === request.params.slug);
  if (!article) return reply.callNotFound();
  return reply.view('article', { article });
});

app.post('/subscribe', (request, reply) => {
  if (!csrfValid(request.body?.csrfmiddlewaretoken)) return reply.code(403).send('CSRF verification failed.');
  return reply.view('subscribed', { email: request.body.email });
});
