"""The feed links and the page metadata in a reader page's <head> (globals of
the reader templates: reader/templating.py, used by components/distribution_meta.html)."""

from django.conf import settings
from django.urls import reverse
from wagtail.models import Page

from newsdesk.articles.models import ArticlePage, SectionPage

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


def feed_links(page, feed_scope=None) -> list[dict]:
    """<link rel="alternate"> for the site's feeds, and for the section's or the
    author's feeds on their pages and on an article's page."""
    site_name = settings.WAGTAIL_SITE_NAME
    links = _feed_family(site_name, "distribution:feed_{fmt}")
    section = None
    if isinstance(page, SectionPage):
        section = page
    elif isinstance(page, ArticlePage):
        section = SectionPage.objects.filter(path=page.path[: -Page.steplen]).only("title", "slug").first()
    if section is not None:
        links += _feed_family(f"{section.title} – {site_name}", "distribution:section_feed_{fmt}", [section.slug])
    if feed_scope:
        kind, slug, title = feed_scope
        links += _feed_family(f"{title} – {site_name}", f"distribution:{kind}_feed_{{fmt}}", [slug])
    return links


def page_meta(page, request, canonical_url="") -> dict:
    """Canonical URL, hreflang alternates, Open Graph, Twitter card and JSON-LD."""
    from newsdesk.distribution.structured_data import page_meta as build

    if not isinstance(page, Page):
        page = None
    return build(page, request, canonical_url=canonical_url or "")
