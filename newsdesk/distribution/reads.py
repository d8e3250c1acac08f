"""What may leave the building: the published articles every output reads from.

Feeds, sitemaps, structured data and the partner API all start from
`article_list()`, so one rule decides what is distributed: live, public (no view
restriction), first published, and not past its expiry. Drafts, scheduled
(embargoed) articles and unpublished ones are never live, so they never appear.
"""

from django.db.models import Prefetch, Q
from django.utils import timezone
from wagtail.models import Page

from newsdesk.articles.models import ArticleAuthor, ArticlePage, ArticleSource, SectionPage


def article_list(*, section: SectionPage | None = None, topic: str = "", author=None):
    """Published articles, newest first, with what every output needs fetched in bulk."""
    articles = (
        ArticlePage.objects.live()
        .public()
        .filter(first_published_at__isnull=False)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
    )
    if section is not None:
        articles = articles.child_of(section)
    if topic:
        articles = articles.filter(topics__slug=topic)
    if author is not None:
        articles = articles.filter(authors__author=author)
    return (
        articles.order_by("-first_published_at", "-pk")
        .select_related("lead_image")
        .prefetch_related(
            Prefetch("authors", queryset=ArticleAuthor.objects.select_related("author")),
            Prefetch("sources", queryset=ArticleSource.objects.select_related("agency")),
            "topics",
            "corrections",
            "lead_image__renditions",
        )
    )


def article_get(pk: int) -> ArticlePage:
    """One published article; ArticlePage.DoesNotExist for anything else."""
    return article_list().get(pk=pk)


def section_map() -> dict[str, SectionPage]:
    """Every section by its tree path, so a listing finds each article's section
    without a query per article."""
    return {section.path: section for section in SectionPage.objects.all()}


def article_section(article: ArticlePage, sections: dict[str, SectionPage]) -> SectionPage | None:
    return sections.get(article.path[: -Page.steplen])
