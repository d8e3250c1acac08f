"""Live stories: updates posted, pinned, corrected and deleted through the services,
and the story page readers get without JavaScript."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from newsdesk.live import pubsub
from newsdesk.live.models import LiveEvent, LiveUpdate
from newsdesk.live.services import (
    live_update_correct,
    live_update_delete,
    live_update_pin,
    live_update_post,
)
from newsdesk.live.stories import PAGE_SIZE


@pytest.fixture
def published(monkeypatch):
    sent = []
    monkeypatch.setattr(pubsub.backend_get(), "publish", sent.append)
    return sent


@pytest.fixture
def story(article):
    article.is_live_story = True
    article.save_revision().publish()
    article.refresh_from_db()
    return article


def _text(text):
    return [("paragraph", f"<p>{text}</p>")]


def _post(story, editor, text, **kwargs):
    return live_update_post(page=story, body=_text(text), user=editor, **kwargs)


@pytest.mark.django_db
def test_an_editor_posts_an_update_that_is_logged_on_the_story_channel_and_published_on_commit(
    story, editor, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        update = _post(story, editor, "Water is still rising.")
    event = LiveEvent.objects.get()
    assert (event.channel, event.type) == (f"story-{story.pk}", "update")
    assert event.payload["update"]["id"] == update.pk
    assert "Water is still rising." in event.payload["html"]
    assert f'id="update-{update.pk}"' in event.payload["html"]
    assert published == [{"id": event.pk}]
    assert update.author == editor


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reporter", "anonymous", "nobody"])
def test_a_reporter_or_an_anonymous_caller_cannot_post_and_nothing_is_stored(who, story, reporter):
    from django.contrib.auth.models import AnonymousUser

    user = {"reporter": reporter, "anonymous": AnonymousUser(), "nobody": None}[who]
    with pytest.raises(PermissionDenied):
        live_update_post(page=story, body=_text("Not allowed"), user=user)
    assert not LiveUpdate.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["correct", "pin", "delete"])
def test_a_reporter_cannot_correct_pin_or_delete(change, story, editor, reporter):
    update = _post(story, editor, "Stays as it is.")
    call = {
        "correct": lambda: live_update_correct(update=update, body=_text("Changed"), note="x", user=reporter),
        "pin": lambda: live_update_pin(update=update, user=reporter),
        "delete": lambda: live_update_delete(update=update, user=reporter),
    }[change]
    with pytest.raises(PermissionDenied):
        call()
    update.refresh_from_db()
    assert (update.pinned, update.deleted, update.corrected_at) == (False, False, None)
    assert LiveEvent.objects.count() == 1


@pytest.mark.django_db
def test_an_article_that_is_not_live_takes_no_updates(article, editor):
    with pytest.raises(ValidationError):
        live_update_post(page=article, body=_text("Nope"), user=editor)
    assert not LiveUpdate.objects.exists()


@pytest.mark.django_db
def test_an_empty_update_is_refused(story, editor):
    with pytest.raises(ValidationError):
        live_update_post(page=story, body=[], user=editor)
    assert not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_a_correction_needs_a_note_and_is_shown_with_its_time(story, editor):
    update = _post(story, editor, "Three ferries cancelled.")
    with pytest.raises(ValidationError):
        live_update_correct(update=update, body=_text("Four ferries cancelled."), note="  ", user=editor)
    live_update_correct(update=update, body=_text("Four ferries cancelled."), note="Four, not three.", user=editor)
    event = LiveEvent.objects.last()
    assert event.type == "update-changed"
    assert "Four ferries cancelled." in event.payload["html"]
    assert "Corrected at" in event.payload["html"] and "Four, not three." in event.payload["html"]


@pytest.mark.django_db
def test_a_deleted_update_stays_as_a_tombstone_and_leaves_the_story(story, editor):
    update = _post(story, editor, "Posted by mistake.")
    live_update_delete(update=update, user=editor)
    update.refresh_from_db()
    assert update.deleted and update.deleted_at
    assert not LiveUpdate.objects.for_story(story).exists()
    event = LiveEvent.objects.last()
    assert (event.type, event.payload["update"]["deleted"], event.payload["html"]) == ("update-deleted", True, "")


@pytest.mark.django_db
def test_pinning_makes_a_key_point_and_announces_it(story, editor):
    update = _post(story, editor, "Ports closed until Friday.")
    live_update_pin(update=update, user=editor)
    event = LiveEvent.objects.last()
    assert (event.type, event.payload["update"]["pinned"]) == ("update-changed", True)
    assert "Key point" in event.payload["html"]


def _ids(html: str, list_name: str) -> list[int]:
    part = html.split(f'data-list="{list_name}"', 1)[1].split("</div>\n    </section>", 1)[0]
    if list_name == "updates":
        part = html.split('data-list="updates"', 1)[1].split('<nav class="pagination"', 1)[0]
    return [int(pk) for pk in re.findall(r'<article class="live-update[^"]*" id="update-(\d+)"', part)]


@pytest.mark.django_db
def test_the_story_page_shows_key_points_first_then_updates_newest_first_without_javascript(client, story, editor):
    start = timezone.now() - timedelta(hours=1)
    updates = [_post(story, editor, f"Update {n}", published_at=start + timedelta(minutes=n)) for n in range(3)]
    live_update_pin(update=updates[0], user=editor)
    live_update_correct(update=updates[1], body=_text("Update 1, corrected"), note="Fixed the count.", user=editor)
    html = client.get(story.url).content.decode()
    assert _ids(html, "key-points") == [updates[0].pk]
    assert _ids(html, "updates") == [updates[2].pk, updates[1].pk]
    assert f'<time datetime="{updates[2].published_at.isoformat()}' in html
    assert "Corrected at" in html and "Fixed the count." in html
    assert f'href="/live/updates/{updates[2].pk}/"' in html


@pytest.mark.django_db
def test_an_article_that_is_not_live_has_no_updates_section(client, article):
    assert 'id="live-story"' not in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_updates_are_paginated_and_each_permalink_leads_to_its_page(client, story, editor):
    start = timezone.now() - timedelta(hours=2)
    updates = [_post(story, editor, f"Update {n}", published_at=start + timedelta(minutes=n)) for n in range(25)]
    first = client.get(story.url).content.decode()
    assert len(_ids(first, "updates")) == PAGE_SIZE
    assert _ids(first, "updates")[0] == updates[-1].pk
    assert 'href="?page=2"' in first
    second = client.get(story.url + "?page=2").content.decode()
    assert _ids(second, "updates") == [u.pk for u in reversed(updates[:5])]

    response = client.get(f"/live/updates/{updates[0].pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{story.url}?page=2&update={updates[0].pk}#update-{updates[0].pk}"
    response = client.get(f"/live/updates/{updates[-1].pk}/")
    assert response["Location"] == f"{story.url}?update={updates[-1].pk}#update-{updates[-1].pk}"
    assert client.get("/live/updates/999999/").status_code == 404


@pytest.mark.django_db
def test_a_live_story_has_live_blog_posting_structured_data(client, story, editor):
    update = _post(story, editor, "The storm has passed Hamburg.")
    live_update_pin(update=_post(story, editor, "Key: ports shut."), user=editor)
    html = client.get(story.url).content.decode()
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    posting = next(b for b in blocks if b.get("@type") == "LiveBlogPosting")
    assert posting["coverageStartTime"]
    entries = posting["liveBlogUpdate"]
    assert {e["@type"] for e in entries} == {"BlogPosting"}
    assert any("The storm has passed Hamburg." in e["articleBody"] for e in entries)
    assert any(e["url"].endswith(f"#update-{update.pk}") for e in entries)


@pytest.mark.django_db
def test_the_story_page_runs_the_same_queries_with_more_updates(client, story, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.url + "?page=1").status_code == 200
        return len(captured)

    for n in range(3):
        _post(story, editor, f"Early {n}")
    few = queries()
    for n in range(15):
        _post(story, editor, f"Later {n}", pinned=n % 5 == 0)
    more = queries()
    assert few > 5 and more <= few, (few, more)


@pytest.mark.django_db
def test_hostile_markup_in_an_update_is_sanitised_on_the_page_and_in_the_pushed_event(client, story, editor):
    hostile = '<p onclick="steal()">Safe text<script>steal()</script><a href="javascript:steal()">x</a></p>'
    live_update_post(page=story, body=[("paragraph", hostile)], user=editor)
    pushed = LiveEvent.objects.last().payload["html"]
    page = client.get(story.url).content.decode()
    for html in (pushed, page.split('id="live-story"', 1)[1]):
        assert "Safe text" in html
        assert "steal()" not in html and "onclick" not in html and "javascript:" not in html
