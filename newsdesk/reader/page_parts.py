"""The parts of reader pages built in Python rather than by the template engine
(templating.py makes them the templates' globals and filters): sanitised rich
text, the <head> assets, the text-size control and the breaking banner."""

import functools

import nh3
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

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


def clean_richtext(value) -> str:
    """Expand Wagtail's rich text (links to pages and so on), then sanitise it."""
    source = getattr(value, "source", value) or ""
    return mark_safe(clean_html(expand_db_html(str(source))))


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


class Language:
    """What <html> says of the language a page is in: its code, and its direction."""

    def __init__(self, code: str):
        self.code = code
        try:  # Django knows a language by its code, or else by its base ("ar" for "ar-eg")
            bidi = translation.get_language_info(code)["bidi"]
        except KeyError:
            bidi = False
        self.direction = "rtl" if bidi else "ltr"


def in_reader_language():
    """For markup rendered outside a reader's request (events pushed to open pages, from an
    editor's request whose language is the editor's own): the readers' language."""
    from django.conf import settings

    return translation.override(settings.LANGUAGE_CODE)


def context_language(context) -> str:
    """The language a template renders in: read once a request by the reader context
    processor; the active one where no request is (events pushed to open pages)."""
    return context.get("language_code") or translation.get_language()


def page_language(context) -> Language:
    """The language this page is rendered in (settings.LANGUAGE_CODE for readers)."""
    return _language(context_language(context))


@functools.lru_cache(maxsize=64)
def _language(code: str) -> Language:
    return Language(code)


def text_size_control(context) -> str:
    """The text-size control: XS, SM, MD, LG as links that work without JavaScript
    (reader.js makes them act at once). On every page and different for each
    reader and address, so it is built here rather than by the template engine,
    and remembered for the most recent sizes and addresses."""
    from django.urls import get_script_prefix

    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    # Addresses past 512 characters (long query strings) are built afresh, so the memory stays bounded.
    build = _text_size_control if len(path) <= 512 else _text_size_control.__wrapped__
    return build(context.get("text_size"), path, get_script_prefix(), context_language(context))


@functools.lru_cache(maxsize=4096)
def _text_size_control(current: str, path: str, prefix: str, language: str) -> str:
    from django.template.defaultfilters import urlencode
    from django.utils.html import escape

    from newsdesk.reader.context_processors import reader_urls
    from newsdesk.reader.text_size import SIZES

    next_query = escape(urlencode(path)) if path else ""
    urls = reader_urls()["text_size"]
    with translation.override(language):  # the sizes' names are lazy translations
        options = "".join(
            f'<li><a class="text-size__option" href="{urls[key]}?next={next_query}" data-size="{key}"'
            f' aria-label="{escape(name)}"{CURRENT if key == current else ""}>{label}</a></li>'
            for key, (label, name) in SIZES.items()
        )
        label = escape(gettext("Text size"))
    return mark_safe(  # noqa: S308 - our own markup; the request value and the translations are escaped
        '<div class="text-size" role="group" aria-labelledby="text-size-label">'
        f'<span id="text-size-label" class="text-size__label">{label}</span>'
        f'<ul class="text-size__options">{options}</ul></div>'
    )


CURRENT = ' aria-current="true"'


def breaking_banner(context) -> str:
    """The breaking-news banner for this reader and page (live/banner.py remembers it)."""
    from newsdesk.live.banner import banner_html

    return mark_safe(banner_html(context["request"], context_language(context)))  # noqa: S308 - rendered by our template, escaped there
