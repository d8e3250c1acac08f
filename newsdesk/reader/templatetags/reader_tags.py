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
