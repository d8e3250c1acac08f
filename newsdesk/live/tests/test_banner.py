"""The banner as rendered into pages: for new page loads and for readers without JavaScript."""

import pytest
from bs4 import BeautifulSoup

from newsdesk.live.banner import DISMISSED_COOKIE
from newsdesk.live.models import LiveEvent
from newsdesk.live.services import alert_publish, alert_withdraw

STORY = "https://example.org/story"


def _region(response):
    return BeautifulSoup(response.content.decode(), "html.parser").select_one("#breaking .breaking")


@pytest.mark.django_db
def test_pages_render_the_alert_in_the_live_region_with_the_event_id_to_resume_from(client, editor, article):
    alert = alert_publish(text="Storm surge floods harbour", page=article, user=editor)
    region = _region(client.get(article.url))
    assert region["aria-live"] == "polite" and region["data-alert-id"] == str(alert.pk)
    assert region["data-last-event-id"] == str(LiveEvent.objects.last().pk)
    assert region["data-stream-url"] == "/live/stream/"
    assert region.select_one(".breaking__link")["href"] == article.url
    form = region.select_one("form.breaking__dismiss")
    assert form["method"] == "get" and form["action"] == f"/live/alerts/{alert.pk}/dismiss/"
    assert form.select_one("input[name=next]")["value"] == article.url
    assert form.button.get_text(" ", strip=True) == "Dismiss this alert"


@pytest.mark.django_db
def test_the_live_region_is_there_and_empty_without_an_alert(client, editor):
    alert = alert_withdraw(alert=alert_publish(text="Gone", url=STORY, user=editor), user=editor)
    region = _region(client.get("/"))
    assert region is not None and region.get_text(strip=True) == "" and region["data-alert-id"] == ""
    assert alert.text not in client.get("/live/banner/").content.decode()


@pytest.mark.django_db
def test_a_pushed_alert_has_the_markup_of_a_rendered_one(client, editor):
    alert_publish(text="Same markup", url=STORY, user=editor)
    pushed = BeautifulSoup(LiveEvent.objects.last().payload["html"], "html.parser")
    rendered = _region(client.get("/"))
    for form in (pushed, rendered):
        for hidden in form.select("input[name=next]"):
            hidden.decompose()
    assert str(pushed).split() == "".join(str(child) for child in rendered.children).split()


@pytest.mark.django_db
def test_dismissing_without_javascript_remembers_the_alert_and_goes_back(client, editor, article):
    alert = alert_publish(text="Dismiss me", url=STORY, user=editor)
    response = client.get(f"/live/alerts/{alert.pk}/dismiss/", {"next": article.url})
    assert response.status_code == 302 and response["Location"] == article.url
    assert client.cookies[DISMISSED_COOKIE].value == str(alert.pk)
    assert _region(client.get(article.url)).get_text(strip=True) == ""
    # A newer alert is shown again: dismissal is per alert.
    newer = alert_publish(text="Newer news", url=STORY, user=editor)
    assert "Newer news" in _region(client.get(article.url)).get_text()
    client.get(f"/live/alerts/{newer.pk}/dismiss/")
    assert client.cookies[DISMISSED_COOKIE].value == f"{alert.pk}.{newer.pk}"


@pytest.mark.django_db
def test_dismissing_never_redirects_off_the_site(client, editor):
    alert = alert_publish(text="Dismiss me", url=STORY, user=editor)
    response = client.get(f"/live/alerts/{alert.pk}/dismiss/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_stream_refuses_other_methods(client):
    assert client.post("/live/stream/").status_code == 405
