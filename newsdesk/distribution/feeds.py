"""RSS 2.0, Atom and JSON Feed 1.1 for the whole site, each section, each topic
and each staff author, on Django's syndication framework.

An item carries the summary, or the full text with NEWSDESK_FEED_FULL_TEXT
(off by default: agency copy is licensed for our pages, not for re-publication
in other people's readers). Corrections are appended to the item and move its
`updated` date, so readers that track changes pick them up.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, rfc3339_date
from taggit.models import Tag

from newsdesk.accounts.models import AuthorProfile
from newsdesk.articles.models import ArticleTopic, SectionPage

from . import reads, syndication

FEED_SIZE = 30
LEAD_IMAGE_CROP = "16x9"


@dataclass
class FeedScope:
    """What one family of feeds (RSS, Atom, JSON) is about."""

    kind: str  # "site", "section", "topic" or "author"
    slug: str
    title: str
    description: str
    link: str
    articles: QuerySet

    def feed_url(self, fmt: str) -> str:
        if self.kind == "site":
            return reverse(f"distribution:feed_{fmt}")
        return reverse(f"distribution:{self.kind}_feed_{fmt}", args=[self.slug])


def scope_get(request, *, kind: str = "site", slug: str = "") -> FeedScope:
    site_name = settings.WAGTAIL_SITE_NAME
    home = syndication.site_root(request) + "/"
    if kind == "site":
        return FeedScope(kind, "", site_name, f"The latest stories from {site_name}.", home, reads.article_list())
    if kind == "section":
        section = get_object_or_404(SectionPage.objects.live().public(), slug=slug)
        return FeedScope(
            kind,
            slug,
            f"{section.title} – {site_name}",
            section.intro or f"The latest {section.title} stories from {site_name}.",
            section.get_full_url(request),
            reads.article_list(section=section),
        )
    if kind == "topic":
        tag = Tag.objects.filter(slug=slug, pk__in=ArticleTopic.objects.values("tag_id")).first()
        if tag is None:
            raise Http404("No such topic.")
        return FeedScope(
            kind,
            slug,
            f"{tag.name} – {site_name}",
            f"Stories about {tag.name} from {site_name}.",
            home,
            reads.article_list(topic=slug),
        )
    if kind == "author":
        author = get_object_or_404(AuthorProfile, slug=slug)
        return FeedScope(
            kind,
            slug,
            f"{author.name} – {site_name}",
            f"Stories by {author.name}, {author.job_title or site_name}.",
            syndication.author_url(author, syndication.site_root(request)),
            reads.article_list(author=author),
        )
    raise Http404("No such feed.")


@dataclass
class FeedItem:
    """One article, read once for whichever format is being written."""

    article: object
    uri: str
    url: str
    title: str
    summary: str
    content_html: str
    bylines: list
    categories: list
    image: object  # a rendition or None
    image_alt: str
    image_credit: str

    @property
    def published(self):
        return self.article.first_published_at

    @property
    def updated(self):
        # Publishing a correction moves last_published_at: readers see the item as updated.
        return self.article.last_published_at or self.article.first_published_at


def feed_items(scope: FeedScope, request) -> list[FeedItem]:
    root = syndication.site_root(request)
    sections = reads.section_map()
    full_text = settings.NEWSDESK_FEED_FULL_TEXT
    items = []
    for article in scope.articles[:FEED_SIZE]:
        section = reads.article_section(article, sections)
        crops = syndication.lead_image_crops(article)
        items.append(
            FeedItem(
                article=article,
                uri=syndication.article_uri(article, root),
                url=syndication.article_url(article, request),
                title=article.title,
                summary=syndication.summary_html(article),
                content_html=syndication.full_html(article, root) if full_text else "",
                bylines=syndication.article_bylines(article, root),
                categories=([section.title] if section else []) + [t.name for t in syndication.article_topics(article)],
                image=crops.get(LEAD_IMAGE_CROP),
                image_alt=article.lead_image.alt_text if article.lead_image else "",
                image_credit=article.lead_image.credit if article.lead_image else "",
            )
        )
    return items


class NewsRssFeedGenerator(Rss201rev2Feed):
    """RSS 2.0 with content:encoded for the full text, dc:creator for every author
    and Media RSS for the lead photo with its alt text and credit."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:dc": "http://purl.org/dc/elements/1.1/",
            "xmlns:media": "http://search.yahoo.com/mrss/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for byline in item["bylines"]:
            handler.addQuickElement("dc:creator", byline.name)
        if item["updateddate"] is not None:
            handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        if item["content_html"]:
            handler.addQuickElement("content:encoded", item["content_html"])
        _media_content(handler, item)


def _media_content(handler, item):
    image = item["image"]
    if image is None:
        return
    handler.startElement(
        "media:content",
        {
            "url": item["image_url"],
            "medium": "image",
            "type": "image/jpeg",
            "width": str(image.width),
            "height": str(image.height),
        },
    )
    handler.addQuickElement("media:description", item["image_alt"], {"type": "plain"})
    if item["image_credit"]:
        handler.addQuickElement("media:credit", item["image_credit"])
    handler.endElement("media:content")


class NewsAtomFeedGenerator(Atom1Feed):
    """Atom with an <author> per staff author and agency, <content> for the full
    text and Media RSS for the lead photo."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for byline in item["bylines"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", byline.name)
            if byline.url:
                handler.addQuickElement("uri", byline.url)
            handler.endElement("author")
        if item["content_html"]:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        _media_content(handler, item)


class ArticleFeed(Feed):
    """The RSS 2.0 feed of a scope. Made per request (see `feed_view`), so it may
    keep the request and the items it read."""

    feed_type = NewsRssFeedGenerator
    fmt = "rss"

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_object(self, request, slug=""):
        self.request = request
        self.root = syndication.site_root(request)
        return scope_get(request, kind=self.kind, slug=slug)

    def title(self, scope):
        return scope.title

    def description(self, scope):
        return scope.description

    def subtitle(self, scope):
        return scope.description

    def link(self, scope):
        return scope.link

    def feed_url(self, scope):
        return syndication.absolute(scope.feed_url(self.fmt), self.root)

    def feed_guid(self, scope):
        return self.feed_url(scope)

    def author_name(self, scope):
        return settings.WAGTAIL_SITE_NAME

    def author_link(self, scope):
        return self.root + "/"

    def feed_copyright(self, scope):
        return f"© {settings.WAGTAIL_SITE_NAME} and the credited agencies"

    def items(self, scope):
        return feed_items(scope, self.request)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.url

    def item_guid(self, item):
        return item.uri

    item_guid_is_permalink = False

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return item.categories

    def item_enclosures(self, item):
        if item.image is None:
            return []
        return [
            Enclosure(
                url=syndication.absolute(item.image.url, self.root),
                length=str(syndication.rendition_size(item.image)),
                mime_type="image/jpeg",
            )
        ]

    def item_extra_kwargs(self, item):
        return {
            "bylines": item.bylines,
            "content_html": item.content_html,
            "image": item.image,
            "image_url": syndication.absolute(item.image.url, self.root) if item.image else "",
            "image_alt": item.image_alt,
            "image_credit": item.image_credit,
        }


class ArticleAtomFeed(ArticleFeed):
    feed_type = NewsAtomFeedGenerator
    fmt = "atom"


def feed_view(feed_class, kind: str):
    def view(request, slug=""):
        return feed_class(kind)(request, slug=slug)

    return view


def json_feed(request, kind: str = "site", slug: str = ""):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) of the same items."""
    scope = scope_get(request, kind=kind, slug=slug)
    root = syndication.site_root(request)
    items = []
    for item in feed_items(scope, request):
        entry = {
            "id": item.uri,
            "url": item.url,
            "title": item.title,
            "summary": syndication.summary_text(item.article),
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "authors": [{"name": b.name, **({"url": b.url} if b.url else {})} for b in item.bylines],
            "tags": item.categories,
            "language": settings.LANGUAGE_CODE,
        }
        if item.content_html:
            entry["content_html"] = str(item.content_html)
        else:
            entry["content_html"] = str(item.summary)
        if item.image is not None:
            entry["image"] = syndication.absolute(item.image.url, root)
        items.append(entry)
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": scope.title,
        "home_page_url": scope.link,
        "feed_url": syndication.absolute(scope.feed_url("json"), root),
        "description": scope.description,
        "language": settings.LANGUAGE_CODE,
        "authors": [{"name": settings.WAGTAIL_SITE_NAME, "url": root + "/"}],
        "items": items,
    }
    return JsonResponse(data, content_type="application/feed+json; charset=utf-8", json_dumps_params={"indent": 1})
