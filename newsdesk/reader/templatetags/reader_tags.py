import functools

import nh3
from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

register = template.Library()

# What an article's rich text may contain on a reader page. Everything else,
# scripts and event handlers included, is dropped whatever reached the database.
ALLOWED_TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@register.filter
def clean_richtext(value) -> str:
    """Expand Wagtail's rich text (links to pages and so on), then sanitise it."""
    source = getattr(value, "source", value) or ""
    return mark_safe(clean_html(expand_db_html(str(source))))


@register.simple_tag
def head_assets() -> str:
    """What every reader page's <head> loads: the icon, the reader stylesheet
    inlined (reader/stylesheet.py), the print stylesheet and the deferred
    scripts. The same for every page while the process runs (collectstatic
    comes with a restart), so it is built once per script prefix; in DEBUG,
    every time, as the stylesheet may have been edited."""
    from django.conf import settings
    from django.urls import get_script_prefix

    build = _head_assets.__wrapped__ if settings.DEBUG else _head_assets
    return build(get_script_prefix())


@functools.cache
def _head_assets(prefix: str) -> str:
    from django.templatetags.static import static

    from newsdesk.reader.stylesheet import stylesheet

    css, _ = stylesheet()
    return mark_safe(  # noqa: S308 - our own static files; the CSS is checked for '</'
        f'<link rel="icon" href="{static("reader/favicon.svg")}" type="image/svg+xml">\n'
        f"    <style>{css}</style>\n"
        f'    <link rel="stylesheet" href="{static("reader/print.css")}" media="print">\n'
        f'    <script src="{static("reader/reader.js")}" defer></script>\n'
        f'    <script src="{static("live/live.js")}" defer></script>'
    )


@register.simple_tag(takes_context=True)
def text_size_control(context) -> str:
    """The text-size control: XS, SM, MD, LG as links that work without JavaScript
    (reader.js makes them act at once). On every page and different for each
    reader, so it is built here rather than by the template engine, at a fifth
    of the cost."""
    from django.template.defaultfilters import urlencode
    from django.utils.html import escape

    from newsdesk.reader.context_processors import reader_urls
    from newsdesk.reader.text_size import SIZES

    request = context.get("request")
    current = context.get("text_size")
    next_query = urlencode(request.get_full_path()) if request is not None else ""
    urls = reader_urls()["text_size"]
    options = "".join(
        f'<li><a class="text-size__option" href="{urls[key]}?next={escape(next_query)}" data-size="{key}"'
        f' aria-label="{label}, {name.lower()}"{CURRENT if key == current else ""}>{label}</a></li>'
        for key, (label, name) in SIZES.items()
    )
    return mark_safe(  # noqa: S308 - our own markup; the one request value in it is escaped
        '<div class="text-size" role="group" aria-labelledby="text-size-label">'
        '<span id="text-size-label" class="text-size__label">Text size</span>'
        f'<ul class="text-size__options">{options}</ul></div>'
    )


CURRENT = ' aria-current="true"'


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist, self.name, self.vary_on = nodelist, name, vary_on

    def render(self, context):
        from newsdesk.reader.fragments import fragment

        vary_on = tuple(str(var.resolve(context)) for var in self.vary_on)
        return fragment(context, self.name, vary_on, lambda: self.nodelist.render(context))


@register.tag("fragment")
def do_fragment(parser, token):
    """{% fragment name var1 var2 %}...{% endfragment %}: rendered once per cache
    generation and set of values (reader/fragments.py)."""
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    return FragmentNode(nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]])


@register.simple_tag(takes_context=True)
def breaking_banner(context) -> str:
    """The breaking-news banner for this reader and page (live/banner.py remembers it)."""
    from newsdesk.live.banner import banner_html

    return mark_safe(banner_html(context["request"]))  # noqa: S308 - rendered by our template, escaped there
