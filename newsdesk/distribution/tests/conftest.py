"""Fixtures for the distribution tests: an article of each kind that must never
leave the building, and helpers to read outputs."""

from datetime import timedelta

import pytest
from django.utils import timezone


@pytest.fixture
def hidden_articles(db, section):
    """A draft, an embargoed (scheduled) article, an unpublished one and a private one."""
    from wagtail.models import PageViewRestriction

    from newsdesk.articles.services import article_create

    def make(title, publish):
        return article_create(section=section, title=title, standfirst=f"{title} standfirst.", body=[], publish=publish)

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
