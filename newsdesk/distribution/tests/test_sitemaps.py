import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from .conftest import HIDDEN_TITLES, bulk_articles

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.django_db
def test_robots_txt_points_at_the_sitemaps(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    assert "Sitemap: http://localhost/sitemap-news.xml" in lines


@pytest.mark.django_db
def test_sitemap_index_lists_the_page_and_news_sitemaps_and_each_parses(client, article):
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = index.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert {_path(loc) for loc in locations} == {"/sitemap-pages.xml", "/sitemap-news.xml"}
    for loc in locations:
        assert _xml(client, _path(loc)).tag == f"{{{NS['sm']}}}urlset"


@pytest.mark.django_db
def test_page_sitemap_lists_home_sections_and_articles(client, article):
    urlset = _xml(client, "/sitemap-pages.xml")
    locations = urlset.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert article.get_full_url() in locations
    assert "http://localhost/world/" in locations
    assert "http://localhost/" in locations
    assert all(urlset.xpath("//sm:url/sm:lastmod/text()", namespaces=NS))


@pytest.mark.django_db
def test_news_sitemap_has_publication_date_and_title(client, article):
    article.refresh_from_db()
    urlset = _xml(client, "/sitemap-news.xml")
    (url,) = urlset.xpath("//sm:url", namespaces=NS)
    assert url.findtext("sm:loc", namespaces=NS) == article.get_full_url()
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Newsdesk"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Storm surge closes northern harbours"
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published.startswith(article.first_published_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert published.endswith("+00:00")


@pytest.mark.django_db
def test_news_sitemap_leaves_out_stories_older_than_two_days(client, section):
    bulk_articles(section, 3, published_at=timezone.now() - timedelta(days=3), title="Old story")
    bulk_articles(section, 2, published_at=timezone.now() - timedelta(hours=47), title="Recent story")
    titles = _xml(client, "/sitemap-news.xml").xpath("//news:title/text()", namespaces=NS)
    assert sorted(titles) == ["Recent story 0", "Recent story 1"]
    pages = _xml(client, "/sitemap-pages.xml").xpath("//sm:loc/text()", namespaces=NS)
    assert len(pages) == 2 + 5  # home, section and every article


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/sitemap-news.xml", "/sitemap-pages.xml"])
def test_drafts_embargoed_unpublished_and_private_stories_stay_out_of_sitemaps(client, article, hidden_articles, url):
    body = client.get(url).content.decode()
    assert article.slug in body
    for hidden in hidden_articles:
        assert hidden.slug not in body, hidden.title
    for title in HIDDEN_TITLES:
        assert title not in body


@pytest.mark.django_db
def test_news_sitemap_titles_are_escaped(client, section):
    from newsdesk.articles.services import article_create

    article_create(section=section, title='Q&A: <why> the "tide" rose', standfirst="s", body=[])
    urlset = _xml(client, "/sitemap-news.xml")
    assert urlset.xpath("//news:title/text()", namespaces=NS) == ['Q&A: <why> the "tide" rose']


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.django_db
def test_news_sitemap_stays_correct_and_fast_at_ten_thousand_articles(client, section):
    now = timezone.now()
    bulk_articles(section, 10, published_at=now - timedelta(hours=1), title="Early")
    client.get("/sitemap-news.xml")  # warm Wagtail's site root cache
    _, few = _queries(client, "/sitemap-news.xml")

    bulk_articles(section, 9_990, published_at=now - timedelta(hours=2), title="Busy day")
    bulk_articles(section, 500, published_at=now - timedelta(days=5), title="Last week")

    index = _xml(client, "/sitemap.xml")
    news_files = [_path(loc) for loc in index.xpath("//sm:loc/text()", namespaces=NS) if "news" in loc]
    assert len(news_files) == 10  # Google takes at most 1,000 URLs per news sitemap

    started = time.perf_counter()
    response, many = _queries(client, news_files[0])
    elapsed = time.perf_counter() - started
    assert many == few, f"{few} queries with 10 articles, {many} with 10,000"
    assert elapsed < 5, f"{elapsed:.1f}s for one news sitemap file"

    seen = set()
    for path in news_files:
        urlset = _xml(client, path)
        locations = urlset.xpath("//sm:url/sm:loc/text()", namespaces=NS)
        assert len(locations) == 1000
        seen.update(locations)
        assert not [t for t in urlset.xpath("//news:title/text()", namespaces=NS) if t.startswith("Last week")]
    assert len(seen) == 10_000  # every article once, in no file twice


@pytest.mark.django_db
def test_sitemap_index_gives_each_sitemap_its_last_change(client, article):
    article.refresh_from_db()
    index = _xml(client, "/sitemap.xml")
    lastmods = index.xpath("//sm:sitemap/sm:lastmod/text()", namespaces=NS)
    assert len(lastmods) == 2
    assert all(value.startswith(article.last_published_at.strftime("%Y-%m-%dT%H:%M")) for value in lastmods)
