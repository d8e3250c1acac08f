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
def inline_stylesheet() -> str:
    """The reader stylesheet as a <style> element (see reader/stylesheet.py)."""
    from newsdesk.reader.stylesheet import stylesheet

    css, _ = stylesheet()
    return mark_safe(f"<style>{css}</style>")  # noqa: S308 - our own static file, checked for '</'


@register.simple_tag(takes_context=True)
def text_size_control(context) -> str:
    """The text-size control: XS, SM, MD, LG as links that work without JavaScript
    (reader.js makes them act at once). On every page and different for each
    reader, so it is built here rather than by the template engine, at a fifth
    of the cost."""
    from django.template.defaultfilters import urlencode
    from django.urls import get_script_prefix, reverse
    from django.utils.html import escape

    from newsdesk.reader.text_size import SIZES

    request = context.get("request")
    current = context.get("text_size")
    next_query = urlencode(request.get_full_path()) if request is not None else ""
    prefix = get_script_prefix()
    urls = _text_size_urls.get(prefix)
    if urls is None:
        urls = _text_size_urls[prefix] = {key: reverse("text_size_set", args=[key]) for key in SIZES}
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


_text_size_urls: dict[str, dict[str, str]] = {}
CURRENT = ' aria-current="true"'


@register.simple_tag(takes_context=True)
def breaking_banner(context) -> str:
    """The breaking-news banner for this reader and page (live/banner.py remembers it)."""
    from newsdesk.live.banner import banner_html

    return mark_safe(banner_html(context["request"]))  # noqa: S308 - rendered by our template, escaped there
