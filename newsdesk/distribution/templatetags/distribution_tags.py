from django import template
from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from newsdesk.articles.models import ArticlePage, SectionPage

register = template.Library()

FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


def _feed_family(title: str, url_name: str, args=()):
    return [
        {"type": mime, "title": f"{title} ({label})", "href": reverse(url_name.format(fmt=fmt), args=args)}
        for fmt, mime, label in FORMATS
    ]


@register.inclusion_tag("components/feed_links.html", takes_context=True)
def feed_links(context):
    """<link rel="alternate"> for the site's feeds, and for the section's or the
    author's feeds on their pages and on an article's page."""
    site_name = settings.WAGTAIL_SITE_NAME
    links = _feed_family(site_name, "distribution:feed_{fmt}")
    page = context.get("page")
    section = None
    if isinstance(page, SectionPage):
        section = page
    elif isinstance(page, ArticlePage):
        section = SectionPage.objects.filter(path=page.path[: -Page.steplen]).only("title", "slug").first()
    if section is not None:
        links += _feed_family(f"{section.title} – {site_name}", "distribution:section_feed_{fmt}", [section.slug])
    scope = context.get("feed_scope")
    if scope:
        kind, slug, title = scope
        links += _feed_family(f"{title} – {site_name}", f"distribution:{kind}_feed_{{fmt}}", [slug])
    return {"feed_links": links}


@register.inclusion_tag("components/page_meta.html", takes_context=True)
def page_meta(context):
    """Canonical URL, hreflang alternates, Open Graph, Twitter card and JSON-LD."""
    from newsdesk.distribution.structured_data import page_meta as build

    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    return build(page, request, canonical_url=context.get("canonical_url", ""))
