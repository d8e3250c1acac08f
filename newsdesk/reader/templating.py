"""The Jinja2 environment of reader pages (settings.TEMPLATES, docs/decisions/0011).

What the templates call besides Jinja2's own: Wagtail's tags (pageurl,
include_block, picture, image), Django's url, static and the few filters the
templates use (dates in the current time zone, as Django's engine shows them),
the parts of the page built in Python (page_parts.py and its siblings in live
and distribution), {% fragment %}, and the words: `{{ _("Search") }}` and
`ngettext(...)` as Jinja2's i18n extension gives them (newstyle), on Django's
catalogs (newsdesk/locale, `make messages`), in the language the reader context
processor read for the request. Placeholders are named,
`_("By %(names)s", names=...)`; in a message with placeholders a literal percent
sign is written `%%`.
"""

from __future__ import annotations

import functools

import jinja2
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_noop
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup

from newsdesk.distribution import page_parts as distribution_parts
from newsdesk.live import page_parts as live_parts

from . import page_parts
from .fragments import fragment


class FragmentExtension(Extension):
    """{% fragment "name", value, ... %}…{% endfragment %}: the enclosed markup,
    rendered once per cache generation and set of values (fragments.py)."""

    tags = {"fragment"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        vary_on = []
        while parser.stream.skip_if("comma"):
            vary_on.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        call = self.call_method("_render", [nodes.ContextReference(), name, nodes.List(vary_on)])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    @staticmethod
    def _render(context, name, vary_on, caller):
        values = tuple(str(value) for value in vary_on)
        return mark_safe(fragment(context, name, values, lambda: str(caller())))  # noqa: S308 - rendered by the template, escaped there


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, arg=None) -> str:
    """Django's date filter, on the value in the current time zone as Django's engine passes it."""
    return defaultfilters.date(template_localtime(value), arg)


@jinja2.pass_context
def translate(context, message: str, **values) -> Markup:
    """{{ _("Results for “%(query)s”", query=query) }}"""
    text = translated(page_parts.context_language(context), message)
    return text % values if values else text


@functools.lru_cache(maxsize=8192)
def translated(language: str, message: str) -> Markup:
    """`message` in `language`. Django's gettext asks its chain of catalogs on every
    call, a dozen times a page; the answer never changes while the process runs.

    As Jinja2's own gettext, the result is markup: the message is a literal of our
    templates and its translation ours (never a page's or a wire's text); values put
    into it are escaped by the %."""
    with translation.override(language):
        return Markup(translation.gettext(message))  # noqa: S704


@jinja2.pass_context
def translate_plural(context, singular: str, plural: str, num: int, **values) -> Markup:
    """{{ ngettext("%(num)s result", "%(num)s results", count) }}"""
    with translation.override(page_parts.context_language(context)):
        return Markup(translation.ngettext(singular, plural, num)) % {"num": num, **values}  # noqa: S704 - as above


@jinja2.pass_context
def time_element(context, value) -> str:
    """<time> for a moment readers see: the date and time in the words of the page's language, in UTC."""
    # Translators: Django's date format (docs: the "date" template filter) for the times on reader pages.
    shown_as = translated(page_parts.context_language(context), gettext_noop("j F Y, H:i \\U\\T\\C"))
    return format_html('<time datetime="{}">{}</time>', date(value, "c"), date(value, shown_as))


def environment(**options) -> jinja2.Environment:
    options.setdefault("extensions", [])
    options["extensions"] += [
        "wagtail.jinja2tags.core",
        "wagtail.images.jinja2tags.images",
        FragmentExtension,
    ]
    # As Django's engine does, a missing value renders as nothing, however deep the lookup.
    options["undefined"] = jinja2.ChainableUndefined
    # and a template's last newline is kept: the same markup, line for line.
    options["keep_trailing_newline"] = True
    # Always escaped, whatever the settings say: editors' and wires' text is not trusted.
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, **options)
    # The words: as Jinja2's i18n extension gives them with newstyle gettext (the
    # translation is trusted, the values put into it escaped), in the render's language.
    env.globals.update({"_": translate, "gettext": translate, "ngettext": translate_plural})
    env.globals.update(
        {
            "url": url,
            "static": static,
            "head_assets": page_parts.head_assets,
            "page_language": jinja2.pass_context(page_parts.page_language),
            "time_element": time_element,
            "text_size_control": jinja2.pass_context(page_parts.text_size_control),
            "breaking_banner": jinja2.pass_context(page_parts.breaking_banner),
            "live_story": jinja2.pass_context(live_parts.live_story),
            "feed_links": distribution_parts.feed_links,
            "page_meta": distribution_parts.page_meta,
        }
    )
    env.filters.update(
        {
            "date": date,
            "urlencode": defaultfilters.urlencode,
            "linebreaksbr": defaultfilters.linebreaksbr,
            "pluralize": defaultfilters.pluralize,
            "clean_richtext": page_parts.clean_richtext,
        }
    )
    return env
