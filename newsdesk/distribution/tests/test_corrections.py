"""A correction note added to a published article travels everywhere the story went."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup

from newsdesk.distribution.services import article_correction_publish, partner_key_create

NOTE = "An earlier version of this story misnamed the harbour master."


@pytest.mark.django_db
def test_a_correction_reaches_the_page_the_json_ld_the_feeds_and_the_ninjs_version(client, article, settings):
    _, key = partner_key_create(name="Partner")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    version_before = client.get(f"/api/articles/{article.pk}", **auth).json()["version"]
    atom_before = feedparser.parse(client.get("/feeds/atom.xml").content).entries[0]

    correction = article_correction_publish(article=article, text=NOTE)

    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    shown = page.select_one(".article__corrections .correction")
    assert NOTE in shown.get_text() and shown.find("time")["datetime"].startswith(f"{correction.date:%Y-%m-%dT%H:%M}")
    (data,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
    assert data["correction"][0]["text"] == NOTE

    atom_after = feedparser.parse(client.get("/feeds/atom.xml").content).entries[0]
    assert atom_after.id == atom_before.id and atom_after.updated != atom_before.updated and NOTE in atom_after.summary
    rss = feedparser.parse(client.get("/feeds/rss.xml").content).entries[0]
    assert NOTE in rss.summary
    assert NOTE in client.get("/feeds/feed.json").json()["items"][0]["content_html"]

    version_after = client.get(f"/api/articles/{article.pk}", **auth).json()["version"]
    assert int(version_after) == int(version_before) + 1


@pytest.mark.django_db
def test_a_correction_does_not_publish_an_editors_pending_draft(article):
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    draft.title = "Unfinished new headline"
    draft.save_revision()
    article.refresh_from_db()
    with pytest.raises(ValueError, match="unpublished changes"):
        article_correction_publish(article=article, text=NOTE)
    article.refresh_from_db()
    assert article.title == "Storm surge closes northern harbours"


@pytest.mark.django_db
def test_a_draft_cannot_take_a_correction(section):
    from newsdesk.articles.services import article_create

    draft = article_create(section=section, title="Draft", standfirst="s", body=[], publish=False)
    with pytest.raises(ValueError, match="published"):
        article_correction_publish(article=draft, text=NOTE)


@pytest.mark.django_db
def test_editors_find_the_corrections_and_topics_panels_in_the_article_editor(client, editor, article):
    client.force_login(editor)
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'id="id_corrections-TOTAL_FORMS"' in html
    assert 'name="topics"' in html
