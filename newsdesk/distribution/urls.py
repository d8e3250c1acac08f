"""Included at the site root by newsdesk/urls.py, before Wagtail's pages."""

from django.urls import include, path

from . import feeds, openapi, views
from .api import api

distribution_patterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", views.sitemap, name="sitemap"),
    path("authors/<str:slug>/", views.author, name="author"),
    path("api/openapi.json", openapi.openapi_json, name="openapi_json"),
    # Feeds: the whole site, then one family per section, topic and staff author.
    path("feeds/rss.xml", feeds.feed_view(feeds.ArticleFeed, "site"), name="feed_rss"),
    path("feeds/atom.xml", feeds.feed_view(feeds.ArticleAtomFeed, "site"), name="feed_atom"),
    path("feeds/feed.json", feeds.json_feed, name="feed_json"),
]
for kind, prefix in (("section", "sections"), ("topic", "topics"), ("author", "authors")):
    distribution_patterns += [
        path(
            f"feeds/{prefix}/<str:slug>/rss.xml",
            feeds.feed_view(feeds.ArticleFeed, kind),
            name=f"{kind}_feed_rss",
        ),
        path(
            f"feeds/{prefix}/<str:slug>/atom.xml",
            feeds.feed_view(feeds.ArticleAtomFeed, kind),
            name=f"{kind}_feed_atom",
        ),
        path(f"feeds/{prefix}/<str:slug>/feed.json", feeds.json_feed, {"kind": kind}, name=f"{kind}_feed_json"),
    ]

urlpatterns = [
    path("", include((distribution_patterns, "distribution"))),
    path("api/", api.urls),  # namespace distribution_api
]
