"""Listing pages run a fixed number of queries, however many articles there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def _add_articles(section, photo, count, start=0):
    from newsdesk.articles.services import article_create

    for i in range(start, start + count):
        article_create(section=section, title=f"Story number {i}", standfirst="s", body=[], lead_image=photo)


def _queries(client, url):
    client.get(url)  # warm renditions and caches once
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["home", "section"])
def test_listing_queries_do_not_grow_with_articles(client, section, photo, which):
    url = "/" if which == "home" else section.url
    _add_articles(section, photo, 3)
    few = _queries(client, url)
    _add_articles(section, photo, 25, start=3)
    many = _queries(client, url)
    assert many == few, f"{which}: {few} queries with 3 articles, {many} with 28"


@pytest.mark.django_db
def test_article_page_queries_do_not_grow_with_the_section(client, article, section, photo):
    few = _queries(client, article.url)
    _add_articles(section, photo, 20)
    many = _queries(client, article.url)
    assert many == few, f"{few} queries before, {many} after"
