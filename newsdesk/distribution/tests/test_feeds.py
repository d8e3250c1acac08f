import feedparser
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsdesk.distribution.services import article_correction_publish

from .conftest import HIDDEN_TITLES
from .schemas import errors, jsonfeed_validator

XML_FEEDS = ["/feeds/rss.xml", "/feeds/atom.xml"]


def _parse(client, url, **options):
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = feedparser.parse(response.content, **options)
    assert not parsed.bozo, f"{url}: {parsed.get('bozo_exception')}"
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize("url", XML_FEEDS)
def test_site_feed_carries_the_article_with_authors_agencies_categories_and_photo(client, topic_article, url):
    parsed = _parse(client, url)
    (entry,) = parsed.entries
    assert entry.title == "Storm surge closes northern harbours"
    assert entry.link == topic_article.get_full_url()
    assert entry.id.endswith(f"/api/articles/{topic_article.pk}")
    assert entry.published_parsed and entry.updated_parsed
    names = [author.get("name") for author in entry.authors]
    assert names == ["Lena Fischer", "Deutsche Presse-Agentur", "Agence France-Presse"]
    assert {tag.term for tag in entry.tags} == {"World", "Storms", "Shipping"}
    (media,) = entry.media_content
    assert media["url"].startswith("http") and media["url"].endswith(".jpg")
    assert (media["width"], media["height"]) == ("1200", "675")
    (enclosure,) = entry.enclosures
    assert enclosure.href == media["url"] and int(enclosure.length) > 0 and enclosure.type == "image/jpeg"
    assert "Ports along the coast shut" in entry.summary


@pytest.mark.django_db
@pytest.mark.parametrize("url", XML_FEEDS)
def test_feed_has_summary_only_by_default(client, article, url):
    (entry,) = _parse(client, url).entries
    # feedparser also files the photo's media:description under content, as plain text
    assert not [c for c in entry.get("content", []) if c.type == "text/html"]
    assert "Water rose over the harbour wall" not in entry.summary


@pytest.mark.django_db
@pytest.mark.parametrize("url", XML_FEEDS + ["/feeds/feed.json"])
def test_full_text_setting_puts_the_body_with_absolute_links_in_the_feed(client, article, settings, url):
    settings.NEWSDESK_FEED_FULL_TEXT = True
    if url.endswith(".json"):
        html = client.get(url).json()["items"][0]["content_html"]
    else:
        # unsanitised, to see exactly what we sent (feedparser drops <video> for its own readers)
        (entry,) = _parse(client, url, sanitize_html=False).entries
        (html,) = [c.value for c in entry.content if c.type == "text/html"]
    assert "Water rose over the harbour wall" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("blockquote")
    for tag, attribute in (("img", "src"), ("source", "src"), ("track", "src"), ("video", "poster")):
        assert soup.find(tag)[attribute].startswith("http://"), tag
    assert soup.find("img")["alt"] == "Fishing boats moored in a calm harbour at sunrise"
    assert "<script" not in html


@pytest.mark.django_db
def test_json_feed_validates_against_the_json_feed_schema(client, topic_article):
    response = client.get("/feeds/feed.json")
    assert response["Content-Type"].startswith("application/feed+json")
    data = response.json()
    assert not errors(jsonfeed_validator(), data)
    (item,) = data["items"]
    assert item["title"] == "Storm surge closes northern harbours"
    assert [a["name"] for a in item["authors"]] == ["Lena Fischer", "Deutsche Presse-Agentur", "Agence France-Presse"]
    assert item["authors"][0]["url"].endswith("/authors/lena-fischer/")
    assert set(item["tags"]) == {"World", "Storms", "Shipping"}
    assert item["image"].endswith(".jpg")


@pytest.mark.django_db
def test_json_feed_schema_refuses_a_broken_feed():
    broken = {"version": "https://jsonfeed.org/version/1.1", "title": "x", "items": [{"id": "1", "url": "not a url"}]}
    assert errors(jsonfeed_validator(), broken)


@pytest.mark.django_db
def test_section_and_topic_feeds_hold_only_their_stories(client, topic_article, other_section):
    from newsdesk.articles.services import article_create

    article_create(section=other_section, title="Comet seen over the Alps", standfirst="s", body=[])
    for fmt in ("rss.xml", "atom.xml"):
        world = _parse(client, f"/feeds/sections/world/{fmt}")
        assert [e.title for e in world.entries] == ["Storm surge closes northern harbours"]
        science = _parse(client, f"/feeds/sections/science/{fmt}")
        assert [e.title for e in science.entries] == ["Comet seen over the Alps"]
        storms = _parse(client, f"/feeds/topics/storms/{fmt}")
        assert [e.title for e in storms.entries] == ["Storm surge closes northern harbours"]
        assert storms.feed.title.startswith("Storms")
    assert [i["title"] for i in client.get("/feeds/topics/shipping/feed.json").json()["items"]] == [
        "Storm surge closes northern harbours"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/feeds/sections/nowhere/rss.xml", "/feeds/topics/nothing/atom.xml", "/feeds/authors/nobody/feed.json"]
)
def test_unknown_feed_is_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_tag_on_a_photo_only_is_not_a_topic(client, photo):
    photo.tags.add("Harbours")
    assert client.get("/feeds/topics/harbours/rss.xml").status_code == 404


@pytest.mark.django_db
def test_author_feed_and_page_list_their_stories(client, article, author):
    (entry,) = _parse(client, "/feeds/authors/lena-fischer/atom.xml").entries
    assert entry.title == article.title
    page = client.get("/authors/lena-fischer/")
    assert page.status_code == 200
    assert article.title in page.content.decode()
    assert 'href="/feeds/authors/lena-fischer/atom.xml"' in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss.xml",
        "/feeds/atom.xml",
        "/feeds/feed.json",
        "/feeds/sections/world/rss.xml",
        "/feeds/sections/world/feed.json",
        "/feeds/authors/lena-fischer/atom.xml",
        "/feeds/topics/storms/rss.xml",
        "/feeds/topics/secrets/atom.xml",
        "/authors/lena-fischer/",
    ],
)
def test_hidden_stories_stay_out_of_feeds_and_author_pages(client, topic_article, hidden_articles, url):
    """Drafts, embargoed (scheduled), unpublished and private stories."""
    article = topic_article
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    if "secrets" not in url:
        assert article.title in body
    for title in HIDDEN_TITLES:
        assert title not in body, (url, title)


@pytest.mark.django_db
def test_correction_updates_the_feed_item(client, article):
    before = _parse(client, "/feeds/atom.xml").entries[0]
    article_correction_publish(article=article, text="An earlier version misnamed the harbour master.")
    after = _parse(client, "/feeds/atom.xml").entries[0]
    assert after.id == before.id
    assert after.updated_parsed > before.updated_parsed or after.updated != before.updated
    assert "misnamed the harbour master" in after.summary
    item = client.get("/feeds/feed.json").json()["items"][0]
    assert "misnamed the harbour master" in item["content_html"]
    assert item["date_modified"] > item["date_published"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/world/"])
def test_pages_link_their_feeds_in_the_head(client, article, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    links = soup.head.find_all("link", rel="alternate", type=True)
    hrefs = {link["href"] for link in links}
    assert {"/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"} <= hrefs
    if url != "/":
        assert "/feeds/sections/world/rss.xml" in hrefs
    for link in links:
        assert client.get(link["href"]).status_code == 200, link["href"]


@pytest.mark.django_db
def test_article_page_links_its_section_feeds(client, article):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    hrefs = {link["href"] for link in soup.head.find_all("link", rel="alternate", type=True)}
    assert "/feeds/sections/world/atom.xml" in hrefs


def _count_queries(client, url):
    client.get(url)  # renditions are made once, on the first read
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feeds/rss.xml", "/feeds/atom.xml", "/feeds/feed.json"])
def test_feed_queries_do_not_grow_with_items(client, section, photo, author, agencies, url):
    from newsdesk.articles.services import article_create

    def add(n, start=0):
        for i in range(start, start + n):
            article = article_create(
                section=section,
                title=f"Story {i}",
                standfirst="s",
                body=[],
                lead_image=photo,
                authors=[author],
                agencies=list(agencies),
            )
            article.topics.add(f"topic {i}")
            article.save_revision().publish()

    add(2)
    few = _count_queries(client, url)
    add(8, start=2)
    assert _count_queries(client, url) == few
