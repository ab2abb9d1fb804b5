/**
 * A Django `templatetags` module ported to reinhardt: what
 * `blog/templatetags/blog_tags.py` would hold, one registration form each.
 * Load it with `new Engine({ libraries: { blog_tags: blogTags } })` and
 * `{% load blog_tags %}`.
 */
import {
  Library, Node, conditionalEscape, formatHtml, markSafe,
  type Context, type FilterExpression, type NodeList, type Parser, type SafeString, type Token,
} from 'reinhardt';

export const blogTags = new Library();

// @register.filter(is_safe=True)
// def reading_time(text): ...
blogTags.filter('reading_time', (text: unknown) => {
  const words = String(text).split(/\s+/).filter(Boolean).length;
  return `${Math.max(1, Math.round(words / 200))} min read`;
}, { isSafe: true });

// @register.filter(needs_autoescape=True)
// def initial_letter(text, autoescape=True): ...
blogTags.filter('initial_letter', (text: unknown, _arg: unknown, autoescape?: boolean): SafeString => {
  const s = String(text);
  const esc = autoescape ? (x: string) => conditionalEscape(x).value : (x: string) => x;
  return markSafe(`<strong>${esc(s.slice(0, 1))}</strong>${esc(s.slice(1))}`);
}, { needsAutoescape: true, arg: 'none' });

// @register.simple_tag
// def byline(author, date_label="Posted"): ...
blogTags.simpleTag('byline', (author: string, dateLabel = 'Posted') =>
  formatHtml('<span class="byline">{} by {}</span>', dateLabel, author));

// @register.simple_tag(takes_context=True)
// def page_title(context, suffix=" | Blog"): ...
blogTags.simpleTag('page_title', (context: Context, suffix = ' | Blog') => `${String(context.get('title', ''))}${suffix}`,
  { takesContext: true });

// @register.inclusion_tag("blog/post_card.html")
// def post_card(post, show_summary=True): ...
// Template keywords are Python names: `params` says which parameter is which.
blogTags.inclusionTag('post_card', 'blog/post_card.html', (post: { title: string; summary: string }, showSummary = true) => ({
  post,
  show_summary: showSummary,
}), { params: ['post', 'show_summary'], defaults: 1 });

// @register.simple_block_tag
// def callout(content, kind="note"): ...
blogTags.simpleBlockTag('callout', (content: SafeString, kind = 'note') =>
  formatHtml('<aside class="callout {}">{}</aside>', kind, content));

// @register.tag
// def shout(parser, token): a hand-written tag with its own node
class ShoutNode extends Node {
  constructor(readonly nodelist: NodeList, readonly suffix: FilterExpression | null) {
    super();
  }
  override render(context: Context): string {
    const text = this.nodelist.render(context).toUpperCase();
    return this.suffix ? text + String(this.suffix.resolve(context)) : text;
  }
}

blogTags.tag('shout', (parser: Parser, token: Token) => {
  const bits = token.splitContents();
  const suffix = bits.length > 1 ? parser.compileFilter(bits[1]) : null;
  const nodelist = parser.parse(['endshout']);
  parser.deleteFirstToken();
  return new ShoutNode(nodelist, suffix);
});
