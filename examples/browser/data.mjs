// The context of the example page: in the browser (served as /data.mjs) and in its test's Node render.
export function data() {
  return {
    site: 'The Reinhardt Times',
    current: '/',
    nav: [{ url: '/', label: 'Home' }, { url: '/about/', label: 'About' }],
    articles: [
      {
        title: 'django templates in the browser',
        published: new Date(Date.UTC(2025, 2, 14)),
        views: 12345,
        tags: ['django', 'javascript'],
        body: 'The same template language, the same output: templates fetched by the page and rendered where the data already is.',
      },
      {
        title: 'escaping <b>by</b> default',
        published: new Date(Date.UTC(2025, 3, 1)),
        views: 987,
        tags: [],
        body: "Autoescaping means a reader's <script> stays text, in the browser as on the server.",
      },
    ],
  };
}
