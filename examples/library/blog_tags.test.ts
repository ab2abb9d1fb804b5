import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { Engine } from 'reinhardt';
import { blogTags } from './blog_tags.js';

test('the example library renders a page', () => {
  const engine = new Engine({
    dirs: [join(dirname(fileURLToPath(import.meta.url)), 'templates')],
    libraries: { blog_tags: blogTags },
  });
  const out = engine.renderToString('page.html', {
    title: 'News & Notes',
    author: 'Ada <admin>',
    body: '<b>Hello</b> world',
    posts: [{ title: 'First', summary: 'One & only' }, { title: 'Second', summary: 'Two' }],
  });
  expect(out).toBe(
    '<title>News &amp; Notes | Blog</title>\n' +
    '<span class="byline">Posted by Ada &lt;admin&gt;</span>\n' +
    '<article><h2>First</h2><p>One &amp; only</p></article><article><h2>Second</h2><p>Two</p></article>\n' +
    '<article><h2>First</h2></article>\n' +
    '<p><strong>&lt;</strong>b&gt;Hello&lt;/b&gt; world (1 min read)</p>\n' +
    '<aside class="callout warning">Mind the <gap></aside>\n' +
    'HELLO ADA &LT;ADMIN&GT;!\n',
  );
});
