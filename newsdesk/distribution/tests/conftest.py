"""Fixtures for the distribution tests: an article of each kind that must never
leave the building, and helpers to read outputs."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches renditions (and we cache their sizes) in the default cache; each
    test has its own media folder, so a rendition cached by an earlier test would
    point at a file that is gone."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hidden_articles(db, section, author):
    """A draft, an embargoed (scheduled) article, an unpublished one and a private one,
    each by the staff author and on the topics "Storms" and "Secrets", so that every
    feed they could leak into exists."""
    from taggit.models import Tag
    from wagtail.models import PageViewRestriction

    from newsdesk.articles.models import ArticleTopic
    from newsdesk.articles.services import article_create

    topics = [Tag.objects.get_or_create(name=name, slug=name.lower())[0] for name in ("Storms", "Secrets")]

    def make(title, publish):
        page = article_create(
            section=section, title=title, standfirst=f"{title} standfirst.", body=[], authors=[author], publish=publish
        )
        for tag in topics:
            ArticleTopic.objects.create(content_object=page, tag=tag)
        return page

    draft = make("Secret draft about the harbour", publish=False)

    embargoed = make("Embargoed budget figures", publish=False)
    embargoed.go_live_at = timezone.now() + timedelta(days=1)
    embargoed.save_revision().publish()
    embargoed.refresh_from_db()
    assert not embargoed.live

    unpublished = make("Withdrawn story about the mayor", publish=True)
    unpublished.refresh_from_db()
    unpublished.unpublish()

    private = make("Private story for subscribers", publish=True)
    private.refresh_from_db()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return [draft, embargoed, unpublished, private]


HIDDEN_TITLES = (
    "Secret draft",
    "Embargoed budget",
    "Withdrawn story",
    "Private story",
)


@pytest.fixture
def topic_article(article):
    """The conftest article with two topics, published."""
    article.topics.add("Storms", "Shipping")
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def bulk_articles(section, count: int, *, published_at, title="Bulk story"):
    """Insert `count` published articles under `section` in a few statements: Wagtail's
    add_child would take minutes for 10,000. Rows are what publishing leaves behind."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from newsdesk.articles.models import ArticlePage

    section.refresh_from_db()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    last = section.get_last_child()
    step = int(last.path[-Page.steplen :], 36) if last else 0
    pages = []
    for i in range(count):
        slug = f"bulk-{uuid.uuid4().hex[:12]}"
        pages.append(
            Page(
                title=f"{title} {i}",
                draft_title=f"{title} {i}",
                slug=slug,
                content_type=content_type,
                path=Page._get_path(section.path, section.depth + 1, step + i + 1),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published_at,
                last_published_at=published_at,
                locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    Page.objects.bulk_create(pages, batch_size=2000)
    articles = [
        ArticlePage(page_ptr_id=page.pk, standfirst=f"Standfirst {i}.", body=[]) for i, page in enumerate(pages)
    ]
    for batch in range(0, count, 2000):
        ArticlePage._base_manager._insert(
            articles[batch : batch + 2000], fields=ArticlePage._meta.local_concrete_fields
        )
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild + count)
    section.refresh_from_db()
