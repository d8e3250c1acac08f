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


def _bulk_articles(section, count):
    """Insert many live articles under a section directly, as a big archive would have them.

    Creating 10,000 pages through Wagtail takes minutes; rows in the tree's own
    shape take seconds and are what the listing queries read."""
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from newsdesk.articles.models import ArticlePage

    content_type = ContentType.objects.get_for_model(ArticlePage)
    start = section.numchild + 1
    now = timezone.now()
    pages = []
    for i in range(start, start + count):
        slug = f"archive-story-{i}"
        pages.append(
            Page(
                title=f"Archive story {i}",
                draft_title=f"Archive story {i}",
                slug=slug,
                content_type=content_type,
                path=section.path + Page._int2str(i).rjust(Page.steplen, "0"),
                depth=section.depth + 1,
                numchild=0,
                url_path=f"{section.url_path}{slug}/",
                live=True,
                first_published_at=now - timezone.timedelta(minutes=i),
                last_published_at=now - timezone.timedelta(minutes=i),
                locale_id=section.locale_id,
                translation_key=uuid.uuid4(),
            )
        )
    created = Page.objects.bulk_create(pages, batch_size=500)
    table = ArticlePage._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (page_ptr_id, standfirst, dateline_place, lead_image_caption, body,"  # noqa: S608
            " attribution_override) VALUES (%s, %s, %s, %s, %s, %s)",
            [(page.pk, "From the archive.", "", "", "[]", "") for page in created],
        )
    Page.objects.filter(pk=section.pk).update(numchild=section.numchild + count)
    section.refresh_from_db()


@pytest.mark.django_db
def test_pages_run_the_same_queries_with_ten_thousand_articles(client, article, section, photo):
    urls = {"home": "/", "section": section.url, "article": article.url}
    few = {name: _queries(client, url) for name, url in urls.items()}
    _bulk_articles(section, 10_000)
    from newsdesk.articles.models import ArticlePage

    assert ArticlePage.objects.live().count() >= 10_001
    many = {name: _queries(client, url) for name, url in urls.items()}
    assert many == few
    assert "Archive story" in client.get(section.url).content.decode()
