import { describe, expect, test } from 'vitest';
import { globToRegExp } from './glob.js';
import { PageFilter } from './pages.js';

const matches = (glob: string, name: string) => globToRegExp(glob).test(name);

describe('globToRegExp', () => {
  test.each([
    ['**/*.html', 'index.html', true],
    ['**/*.html', 'blog/2024/post.html', true],
    ['**/*.html', 'blog/post.htm', false],
    ['*.html', 'index.html', true],
    ['*.html', 'blog/index.html', false],
    ['blog/*.html', 'blog/a.html', true],
    ['blog/*.html', 'blog/x/a.html', false],
    ['blog/**', 'blog/x/a.html', true],
    ['blog/**', 'blog', true],
    ['blog/**', 'blogs/a.html', false],
    ['**/includes/**', 'includes/nav.html', true],
    ['**/includes/**', 'docs/includes/nav.html', true],
    ['**/includes/**', 'docs/my-includes/nav.html', false],
    ['**/_*', '_base.html', true],
    ['**/_*', 'blog/_byline.html', true],
    ['**/_*', 'blog/by_line.html', false],
    ['a/**/b.html', 'a/b.html', true],
    ['a/**/b.html', 'a/x/y/b.html', true],
    ['page-?.html', 'page-1.html', true],
    ['page-?.html', 'page-10.html', false],
    ['page-[0-9].html', 'page-7.html', true],
    ['page-[!0-9].html', 'page-x.html', true],
    ['page-[!0-9].html', 'page-7.html', false],
    ['{blog,news}/*.html', 'news/a.html', true],
    ['{blog,news}/*.html', 'docs/a.html', false],
    ['*.{html,xml}', 'feed.xml', true],
    ['{a,b{c,d}}.html', 'bd.html', true],
    ['./index.html', 'index.html', true],
    ['a+b (1).html', 'a+b (1).html', true],
    ['a.html', 'aXhtml', false],
    ['{oops.html', '{oops.html', true],
  ])('%s against %s: %s', (glob, name, expected) => {
    expect(matches(glob, name)).toBe(expected);
  });
});

describe('PageFilter', () => {
  test('defaults: .html files, not _names, dot names, includes/partials/layouts folders', () => {
    const f = new PageFilter();
    expect(['index.html', 'blog/a.html', 'deep/er/x.html'].every((n) => f.isPage(n))).toBe(true);
    for (const name of ['_base.html', 'blog/_card.html', '_drafts/a.html', '.#index.html', 'includes/nav.html', 'a/partials/x.html', 'layouts/base.html', 'notes.txt']) {
      expect(f.isPage(name), name).toBe(false);
    }
  });

  test('excludes add to the defaults unless they are turned off; patterns replace the default', () => {
    expect(new PageFilter({ excludes: ['old/**'] }).isPage('old/a.html')).toBe(false);
    expect(new PageFilter({ excludes: ['old/**'] }).isPage('_a.html')).toBe(false);
    expect(new PageFilter({ defaultExcludes: false }).isPage('_a.html')).toBe(true);
    expect(new PageFilter({ patterns: ['**/*.xml'] }).isPage('a.html')).toBe(false);
    expect(new PageFilter({ patterns: ['**/*.xml'] }).isPage('feed.xml')).toBe(true);
  });
});
