import { describe, expect, test } from 'vitest';
import { Engine } from '../index.js';
import { DependencyGraph, dependenciesOf } from './graph.js';

const templates = {
  'base.html': '{% include "nav.html" %}{% block content %}{% endblock %}',
  'nav.html': '{% for l in links %}{% include "link.html" %}{% endfor %}',
  'link.html': '<a>{{ l }}</a>',
  'footer.html': 'footer',
  'a.html': '{% extends "base.html" %}{% block content %}{% if x %}{% include "footer.html" %}{% endif %}{% endblock %}',
  'b.html': '{% extends "base.html" %}',
  'c.html': '{% include "footer.html" with y=1 only %}{% include "cards.html#card" %}',
  'cards.html': '{% partialdef card %}card{% endpartialdef %}',
  'd.html': 'no dependencies',
  'e.html': '{% include item.template %}',
  'f.html': '{% extends base|default:"base.html" %}',
  'blog/g.html': '{% extends "../base.html" %}{% block content %}{% include "./h.html" %}{% endblock %}',
  'blog/h.html': 'h',
  'broken.html': '{% include "footer.html" %}{% if %}',
};
const engine = new Engine({ templates });
const deps = (name: string) => {
  const d = dependenciesOf(engine.getTemplate(name));
  return { names: [...d.names].sort(), unknown: d.unknown };
};

describe('dependenciesOf', () => {
  test('constant names of extends and includes, at any depth of the nodes', () => {
    expect(deps('a.html')).toEqual({ names: ['base.html', 'footer.html'], unknown: false });
    expect(deps('nav.html')).toEqual({ names: ['link.html'], unknown: false });
    expect(deps('c.html')).toEqual({ names: ['cards.html', 'footer.html'], unknown: false });
    expect(deps('d.html')).toEqual({ names: [], unknown: false });
  });

  test('relative names are resolved as the tags resolve them', () => {
    expect(deps('blog/g.html')).toEqual({ names: ['base.html', 'blog/h.html'], unknown: false });
  });

  test('a variable or filtered name is unknown', () => {
    expect(deps('e.html')).toEqual({ names: [], unknown: true });
    expect(deps('f.html')).toEqual({ names: [], unknown: true });
  });
});

describe('DependencyGraph', () => {
  const pages = ['a.html', 'b.html', 'c.html', 'd.html', 'blog/g.html'];

  test('the pages a change reaches through extends and include', () => {
    const graph = new DependencyGraph(engine);
    graph.refresh(pages);
    expect(graph.affectedPages(['link.html'], pages)).toEqual(['a.html', 'b.html', 'blog/g.html']);
    expect(graph.affectedPages(['footer.html'], pages)).toEqual(['a.html', 'c.html']);
    expect(graph.affectedPages(['cards.html'], pages)).toEqual(['c.html']);
    expect(graph.affectedPages(['d.html'], pages)).toEqual(['d.html']);
    expect(graph.affectedPages(['blog/h.html'], pages)).toEqual(['blog/g.html']);
    expect(graph.affectedPages(['unrelated.html'], pages)).toEqual([]);
    expect(graph.affectedPages([], pages)).toEqual([]);
  });

  test('a page with a variable name is affected by every change', () => {
    const graph = new DependencyGraph(engine);
    graph.refresh([...pages, 'e.html']);
    expect(graph.affectedPages(['footer.html'], [...pages, 'e.html'])).toEqual(['a.html', 'c.html', 'e.html']);
    expect(graph.affectedPages(['unrelated.html'], [...pages, 'e.html'])).toEqual(['e.html']);
  });

  test('a template that does not compile, or does not exist, has no dependencies', () => {
    const graph = new DependencyGraph(engine);
    graph.refresh(['broken.html', 'gone.html']);
    expect(graph.get('broken.html')).toEqual({ names: [], unknown: false });
    expect(graph.get('gone.html')).toEqual({ names: [], unknown: false });
  });
});
