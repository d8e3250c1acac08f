import io
import json
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from newsdesk.distribution.services import article_correction_publish

# What Google's article rich results read (developers.google.com/search/docs/appearance/structured-data/article)
REQUIRED = {"@context", "@type", "headline", "image", "datePublished", "dateModified", "author", "publisher"}


def _soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def _json_ld(soup):
    return [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]


def _news_article(client, article):
    article.refresh_from_db()
    (data,) = [d for d in _json_ld(_soup(client.get(article.url))) if d["@type"] == "NewsArticle"]
    return data


@pytest.mark.django_db
def test_article_page_has_news_article_json_ld_with_required_properties(client, article):
    data = _news_article(client, article)
    assert data.keys() >= REQUIRED
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Storm surge closes northern harbours"
    assert data["mainEntityOfPage"]["@id"] == data["url"] == article.get_full_url()
    assert datetime.fromisoformat(data["datePublished"]) == article.first_published_at
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(data["datePublished"])
    assert data["articleSection"] == "World"
    assert data["dateline"] == "Hamburg"
    assert data["inLanguage"] == "en-GB"


@pytest.mark.django_db
def test_json_ld_images_are_16x9_4x3_and_1x1_crops(client, article, settings):
    images = _news_article(client, article)["image"]
    ratios = [round(image["width"] / image["height"], 2) for image in images]
    assert ratios == [round(16 / 9, 2), round(4 / 3, 2), 1.0]
    for image in images:
        assert image["url"].startswith("http://localhost/media/images/")
        assert image["creditText"] == "Newsdesk illustration"
        assert (settings.MEDIA_ROOT / image["url"].removeprefix("http://localhost/media/")).is_file()


def _half_red_half_blue(width=1600, height=900) -> bytes:
    picture = PILImage.new("RGB", (width, height), (220, 0, 0))
    picture.paste((0, 0, 220), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_crops_follow_the_photo_focal_point(client, section, settings):
    from newsdesk.articles.services import article_create, image_create

    photo = image_create(
        title="Two halves", data=_half_red_half_blue(), filename="halves.png", alt_text="A red half and a blue half"
    )
    photo.focal_point_x, photo.focal_point_y, photo.focal_point_width, photo.focal_point_height = 1400, 450, 100, 100
    photo.save()
    article = article_create(section=section, title="Focal point", standfirst="s", body=[], lead_image=photo)
    square = _news_article(client, article)["image"][2]
    path = settings.MEDIA_ROOT / square["url"].removeprefix("http://localhost/media/")
    with PILImage.open(path) as cropped:
        red, green, blue = cropped.convert("RGB").resize((1, 1)).getpixel((0, 0))
    assert blue > 150 and red < 50, "the square crop should be cut from the blue half, around the focal point"


@pytest.mark.django_db
def test_staff_authors_are_people_with_a_url_and_agencies_are_organizations(client, article):
    authors = _news_article(client, article)["author"]
    person, *agencies = authors
    assert person == {
        "@type": "Person",
        "name": "Lena Fischer",
        "url": "http://localhost/authors/lena-fischer/",
        "jobTitle": "Europe correspondent",
    }
    assert client.get("/authors/lena-fischer/").status_code == 200
    assert [(a["@type"], a["name"]) for a in agencies] == [
        ("Organization", "Deutsche Presse-Agentur"),
        ("Organization", "Agence France-Presse"),
    ]


@pytest.mark.django_db
def test_publisher_has_a_logo_that_is_served(client, article):
    publisher = _news_article(client, article)["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == "Newsdesk"
    logo = publisher["logo"]
    assert (logo["width"], logo["height"]) == (512, 512)
    response = client.get(logo["url"].removeprefix("http://localhost"))
    assert response.status_code == 200
    with PILImage.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (512, 512)


@pytest.mark.django_db
def test_json_ld_cannot_break_out_of_its_script_element(client, section):
    from newsdesk.articles.services import article_create

    title = 'Q&A </script><script>alert("x")</script> <!-- harbour'
    article = article_create(section=section, title=title, standfirst="Tides & <b>walls</b>", body=[])
    html = client.get(article.url).content.decode()
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003C/script\\u003E" in block
    data = _news_article(client, article)
    assert data["headline"] == title
    assert data["description"] == "Tides & <b>walls</b>"


@pytest.mark.django_db
def test_no_inline_script_runs_on_an_article_page(client, article):
    response = client.get(article.url)
    soup = _soup(response)
    inline = [s for s in soup.find_all("script") if not s.get("src")]
    assert inline and all(s["type"] == "application/ld+json" for s in inline)
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src


@pytest.mark.django_db
def test_article_page_has_canonical_open_graph_and_twitter_card(client, article):
    soup = _soup(client.get(article.url))
    assert soup.find("link", rel="canonical")["href"] == article.get_full_url()
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == article.title
    assert og["og:url"] == article.get_full_url()
    assert og["og:description"].startswith("Ports along the coast")
    assert og["og:image"].startswith("http://localhost/media/images/") and og["og:image:width"] == "1200"
    assert og["og:image:alt"] == "Fishing boats moored in a calm harbour at sunrise"
    assert og["article:section"] == "World"
    twitter = {m["name"]: m["content"] for m in soup.find_all("meta", attrs={"name": True}) if "twitter:" in m["name"]}
    assert twitter["twitter:card"] == "summary_large_image"
    assert twitter["twitter:image"] == og["og:image"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/world/"])
def test_home_and_section_pages_have_canonical_and_social_metadata(client, article, url):
    soup = _soup(client.get(url))
    assert soup.find("link", rel="canonical")["href"] == f"http://localhost{url}"
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "website" and og["og:image"].endswith(".png")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    if url == "/":
        (website,) = _json_ld(soup)
        assert website["@type"] == "WebSite" and website["publisher"]["logo"]["url"]


@pytest.mark.django_db
def test_author_page_has_its_canonical_url(client, article):
    soup = _soup(client.get("/authors/lena-fischer/"))
    assert soup.find("link", rel="canonical")["href"] == "http://localhost/authors/lena-fischer/"


@pytest.mark.django_db
def test_correction_shows_on_the_page_with_its_date_and_in_the_json_ld(client, article):
    correction = article_correction_publish(article=article, text="An earlier version misnamed the harbour master.")
    soup = _soup(client.get(article.url))
    item = soup.select_one(".article__corrections .correction")
    assert "misnamed the harbour master" in item.get_text()
    assert datetime.fromisoformat(item.find("time")["datetime"]) == correction.date
    (json_correction,) = _news_article(client, article)["correction"]
    assert json_correction["@type"] == "CorrectionComment"
    assert json_correction["text"] == "An earlier version misnamed the harbour master."
    assert datetime.fromisoformat(json_correction["datePublished"]) == correction.date


@pytest.mark.django_db
def test_hidden_stories_have_no_structured_data_or_social_previews(client, hidden_articles):
    """Drafts, embargoed (scheduled), unpublished and private stories."""
    for hidden in hidden_articles:
        hidden.refresh_from_db()
        response = client.get(f"/world/{hidden.slug}/")
        html = response.content.decode()
        assert hidden.title not in html or response.status_code != 200, hidden.title
        assert "NewsArticle" not in html
        assert 'property="og:title"' not in html or hidden.title not in html


@pytest.mark.django_db
def test_a_translated_article_links_its_translations_with_hreflang(client, article, settings):
    from wagtail.models import Locale

    settings.WAGTAIL_I18N_ENABLED = True
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES = [("en-gb", "English"), ("de", "German")]
    article.refresh_from_db()
    german = Locale.objects.create(language_code="de")
    translation = article.copy_for_translation(german, copy_parents=True)
    translation.save_revision().publish()
    soup = _soup(client.get(article.url))
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates["en-gb"] == article.get_full_url()
    assert alternates["de"] == translation.get_full_url()
