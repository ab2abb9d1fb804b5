"""The custom template library of the conformance suite, loaded as `{% load spec %}`.

Django's Library API (filters with their flags, simple tags, simple block
tags, inclusion tags, tags written by hand) exercised through the same names
on both engines: spec/specLibrary.ts is the same library for reinhardt and
must behave the same way, name for name. Both runners register it as the
library `spec` for every case.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()


# ----- filters -----


@register.filter
def shout(value):
    """A plain filter: its output is never safe."""
    return str(value).upper() + "!"


@register.filter(is_safe=True)
def stars(value):
    """is_safe: a safe input gives a safe output, anything else is escaped."""
    return "*%s*" % value


@register.filter(needs_autoescape=True)
def initial_letter(text, autoescape=True):
    """The needs_autoescape example of Django's documentation."""
    first, other = text[0], text[1:]
    if autoescape:
        esc = conditional_escape
    else:

        def esc(x):
            return x

    result = "<strong>%s</strong>%s" % (esc(first), esc(other))
    return mark_safe(result)


@register.filter
def surround(value, arg):
    """A required argument."""
    return "%s%s%s" % (arg, value, arg)


@register.filter
def suffix(value, arg="x"):
    """An optional argument."""
    return "%s%s" % (value, arg)


@register.filter
def parse_int(value):
    """Python's int() of text: a ValueError for anything but a whole number."""
    return int(value)


# ----- simple tags -----


@register.simple_tag
def hello():
    return "Hello!"


@register.simple_tag
def pair(a, b):
    return "%s-%s" % (a, b)


@register.simple_tag
def greet(name, greeting="Hello", punct="!"):
    return "%s, %s%s" % (greeting, name, punct)


@register.simple_tag
def label(text, *, prefix, suffix=""):
    """Keyword-only parameters, one required."""
    return "%s%s%s" % (prefix, text, suffix)


@register.simple_tag
def join_all(*args):
    return "|".join(str(a) for a in args)


@register.simple_tag
def first_rest(first, *rest):
    return "%s+%d" % (first, len(rest))


@register.simple_tag
def show_kwargs(**kwargs):
    """The keyword arguments in the order the template gave them."""
    return ", ".join("%s=%s" % (k, v) for k, v in kwargs.items())


@register.simple_tag
def everything(a, *args, **kwargs):
    return "%s %s %s" % (a, list(args), ", ".join("%s=%s" % (k, v) for k, v in kwargs.items()))


@register.simple_tag(takes_context=True)
def whoami(context):
    return "user=%s" % context.get("user", "nobody")


@register.simple_tag(takes_context=True)
def lookup(context, key, fallback="?"):
    """A context variable named by an argument."""
    return context.get(key, fallback)


@register.simple_tag
def bold():
    return mark_safe("<b>bold</b>")


@register.simple_tag
def link(url, text):
    """format_html: the arguments are escaped unless safe, the whole is safe."""
    return format_html('<a href="{}">{}</a>', url, text)


@register.simple_tag
def raw_html():
    """Not marked safe: escaped when autoescaping is on."""
    return "<i>raw</i> & co"


@register.simple_tag
def echo(value):
    """The value itself, whatever its type or safety."""
    return value


@register.simple_tag
def fail(message="tag failed"):
    raise ValueError(message)


# ----- simple block tags (Django 5.2) -----


@register.simple_block_tag
def block_echo(content):
    """The rendered content, returned as it came (a SafeString)."""
    return content


@register.simple_block_tag
def block_upper(content):
    """str.upper() of the content: no longer safe."""
    return content.upper()


@register.simple_block_tag
def wrap(content, tag="div", cls=None):
    attrs = format_html(' class="{}"', cls) if cls else ""
    return format_html("<{}{}>{}</{}>", tag, attrs, content, tag)


@register.simple_block_tag(takes_context=True)
def block_user(context, content):
    return format_html("{}: {}", context.get("user", "nobody"), content)


@register.simple_block_tag(end_name="stop")
def repeat(content, times=2):
    return mark_safe(content * times)


# ----- inclusion tags -----


@register.inclusion_tag("spec/card.html")
def card(title, body="(empty)"):
    return {"title": title, "body": body}


@register.inclusion_tag("spec/user.html", takes_context=True)
def user_card(context, greeting="Hi"):
    return {"greeting": greeting, "user": context.get("user", "nobody")}


@register.inclusion_tag("spec/items.html")
def item_list(*items, sep=", "):
    return {"items": items, "sep": sep, "count": len(items)}


@register.inclusion_tag(["spec/missing.html", "spec/card.html"])
def fallback_card(title):
    return {"title": title, "body": "fallback"}


@register.inclusion_tag("spec/missing.html")
def missing_card():
    return {}


# ----- tags written by hand -----


class UpperNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context).upper()


@register.tag("upper")
def do_upper(parser, token):
    """{% upper %}...{% endupper %}"""
    nodelist = parser.parse(("endupper",))
    parser.delete_first_token()
    return UpperNode(nodelist)


class SetVarNode(template.Node):
    def __init__(self, name, value):
        self.name = name
        self.value = value

    def render(self, context):
        context[self.name] = self.value.resolve(context)
        return ""


@register.tag("set_var")
def do_set_var(parser, token):
    """{% set_var name value %}: sets `name` in the current context frame."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("'%s' takes two arguments: a name and a value" % bits[0])
    return SetVarNode(bits[1], parser.compile_filter(bits[2]))
