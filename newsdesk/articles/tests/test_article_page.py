import re

import pytest
from bs4 import BeautifulSoup


def _soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
def test_article_page_shows_parts_in_reading_order(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        "Skip to main content",
        'id="breaking"',
        'id="article-title"',
        "<figcaption>The harbour before the storm.",
        "Water rose over the harbour wall",
        "<blockquote>",
        "<video",
        "Based on reporting by DPA, AFP",
        'aria-labelledby="text-size-label"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_article_page_has_byline_dateline_and_times(client, article):
    soup = _soup(client.get(article.url))
    assert "Lena Fischer" in soup.select_one(".byline").get_text()
    assert soup.select_one(".byline__agency").get_text() == "DPA"
    assert soup.select_one(".article__dateline").get_text() == "Hamburg"
    published = soup.select_one(".article__times time")
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", published["datetime"])


@pytest.mark.django_db
def test_lead_photo_has_responsive_renditions_alt_and_size(client, article):
    soup = _soup(client.get(article.url))
    picture = soup.select_one(".article__lead picture")
    sources = picture.find_all("source")
    assert any(source["type"] == "image/webp" for source in sources)
    assert all("srcset" in source.attrs and "," in source["srcset"] for source in sources)
    img = picture.find("img")
    assert img["alt"] == "Fishing boats moored in a calm harbour at sunrise"
    assert img["width"] and img["height"]
    assert "Newsdesk illustration" in soup.select_one(".article__lead figcaption").get_text()


@pytest.mark.django_db
def test_video_has_captions_track_poster_and_no_autoplay(client, article):
    soup = _soup(client.get(article.url))
    video = soup.find("video")
    assert video.has_attr("controls") and not video.has_attr("autoplay")
    assert video["poster"]
    track = video.find("track")
    assert track["kind"] == "captions" and track["src"].endswith(".vtt")


@pytest.mark.django_db
def test_attribution_is_absent_without_agencies(client, section):
    from newsdesk.articles.services import article_create

    page = article_create(section=section, title="Council approves budget", standfirst="A short story.", body=[])
    response = client.get(page.url)
    assert "Based on reporting by" not in response.content.decode()


@pytest.mark.django_db
def test_attribution_follows_source_order_and_editor_can_override(section, agencies):
    from newsdesk.articles.services import article_create

    dpa, afp = agencies
    page = article_create(section=section, title="A", standfirst="s", body=[], agencies=[afp, dpa])
    assert page.attribution == "Based on reporting by AFP, DPA"
    page.attribution_override = "Based on reporting by AFP and our correspondent in Lyon"
    assert page.attribution == "Based on reporting by AFP and our correspondent in Lyon"


@pytest.mark.django_db
def test_hostile_rich_text_never_reaches_the_page(client, section):
    from newsdesk.articles.services import article_create

    hostile = (
        '<p>Hi<script>alert(1)</script><img src=x onerror="alert(2)">'
        '<a href="javascript:alert(3)" onclick="alert(4)">link</a></p>'
    )
    page = article_create(section=section, title="Hostile", standfirst="s", body=[("paragraph", hostile)])
    html = client.get(page.url).content.decode()
    body = html[html.index('class="article__body"') :]
    assert "<script>alert" not in body
    assert "onerror" not in body and "onclick" not in body
    assert "javascript:" not in body


@pytest.mark.django_db
def test_related_stories_come_from_the_same_section(client, article, section, other_section):
    from newsdesk.articles.services import article_create

    sibling = article_create(section=section, title="Ferries cancelled", standfirst="s", body=[])
    elsewhere = article_create(section=other_section, title="Comet seen", standfirst="s", body=[])
    soup = _soup(client.get(article.url))
    related = soup.select_one(".related").get_text()
    assert sibling.title in related and elsewhere.title not in related


@pytest.mark.django_db
def test_home_lists_top_stories_and_sections(client, article, other_section):
    from newsdesk.articles.services import article_create

    article_create(section=other_section, title="Comet seen over the Alps", standfirst="s", body=[])
    html = client.get("/").content.decode()
    assert "Top stories" in html and "Comet seen over the Alps" in html and article.title in html


@pytest.mark.django_db
def test_section_page_lists_its_articles(client, article, section):
    response = client.get(section.url)
    assert response.status_code == 200 and article.title in response.content.decode()
