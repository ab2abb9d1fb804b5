// The data of the example site. `reinhardt render` calls the default export
// and gives every page the result; each page's own entries, under `pages`
// (keyed by template name), are merged over the rest.
const posts = [
  {
    slug: 'first-steps',
    title: 'First steps',
    date: new Date('2025-03-02T09:00:00Z'),
    tags: ['intro'],
    summary: 'How this site is put together: a folder of Django templates, one data file and one command.',
  },
  {
    slug: 'on-templates',
    title: 'On <templates> & "escaping"',
    date: new Date('2025-04-18T16:30:00Z'),
    tags: ['django', 'templates'],
    summary: 'Why a title with angle brackets and quotes still comes out as text, and never as markup.',
  },
];

export default () => ({
  site: { name: 'Field Notes', tagline: 'Small notes, rendered once.', year: 2025 },
  nav: [
    { url: '/', title: 'Home' },
    { url: '/blog/', title: 'Blog' },
    { url: '/about.html', title: 'About' },
  ],
  posts: [...posts].sort((a, b) => b.date - a.date),
  pages: {
    'index.html': { url: '/' },
    'about.html': { title: 'About', url: '/about.html' },
    'blog/index.html': { title: 'Blog', url: '/blog/' },
    ...Object.fromEntries(posts.map((post) => [`blog/${post.slug}.html`, { title: post.title, url: '/blog/', post }])),
  },
});
