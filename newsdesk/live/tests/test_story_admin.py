"""Live story updates in the Wagtail admin go through the live services."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from newsdesk.live.models import LiveEvent, LiveUpdate
from newsdesk.live.services import live_update_post


def _url(name, *args):
    return reverse(f"wagtailsnippets_live_liveupdate:{name}", args=args)


def _form(page, text, **fields):
    return nested_form_data(
        {
            "page": page.pk,
            "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
            "correction_note": "",
            **fields,
        }
    )


@pytest.fixture
def story(article):
    article.is_live_story = True
    article.save_revision().publish()
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_an_editor_posts_an_update_from_the_admin_and_open_pages_are_told(client, editor, story):
    client.force_login(editor)
    response = client.post(_url("add"), _form(story, "Posted in the admin", pinned="on"))
    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert (update.page_id, update.pinned, update.author) == (story.pk, True, editor)
    event = LiveEvent.objects.get()
    assert (event.channel, event.type) == (f"story-{story.pk}", "update")
    assert "Posted in the admin" in event.payload["html"]


@pytest.mark.django_db
def test_an_update_cannot_be_posted_to_an_article_that_is_not_live(client, editor, article):
    client.force_login(editor)
    response = client.post(_url("add"), _form(article, "Wrong story"))
    assert response.status_code == 200 and "not a live story" in response.content.decode()
    assert not LiveUpdate.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_changing_an_update_in_the_admin_needs_a_correction_note(client, editor, story):
    update = live_update_post(page=story, body=[("paragraph", "<p>Three ferries cancelled.</p>")], user=editor)
    client.force_login(editor)
    response = client.post(_url("edit", update.pk), _form(story, "Four ferries cancelled."))
    assert response.status_code == 200 and "Say what was corrected" in response.content.decode()
    response = client.post(_url("edit", update.pk), _form(story, "Four ferries cancelled.", correction_note="Four."))
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.corrected_at and update.correction_note == "Four."
    event = LiveEvent.objects.last()
    assert event.type == "update-changed" and "Four ferries cancelled." in event.payload["html"]


@pytest.mark.django_db
def test_deleting_in_the_admin_keeps_a_tombstone_and_tells_open_pages(client, editor, story):
    update = live_update_post(page=story, body=[("paragraph", "<p>Oops.</p>")], user=editor)
    client.force_login(editor)
    assert client.post(_url("delete", update.pk)).status_code == 302
    update.refresh_from_db()
    assert update.deleted
    assert LiveEvent.objects.last().type == "update-deleted"
    assert update.pk not in [u.pk for u in client.get(_url("list")).context["object_list"]]


@pytest.mark.django_db
def test_a_reporter_cannot_post_updates_in_the_admin(client, reporter, story):
    client.force_login(reporter)
    client.post(_url("add"), _form(story, "Not allowed"))
    assert not LiveUpdate.objects.exists()


@pytest.mark.django_db
def test_the_admin_lists_updates_by_story(client, editor, story, other_section):
    from newsdesk.articles.services import article_create

    other = article_create(section=other_section, title="Another live story", standfirst="x", body=[])
    other.is_live_story = True
    other.save_revision().publish()
    mine = live_update_post(page=story, body=[("paragraph", "<p>Mine.</p>")], user=editor)
    live_update_post(page=other, body=[("paragraph", "<p>Theirs.</p>")], user=editor)
    client.force_login(editor)
    response = client.get(_url("list"), {"page": story.pk})
    assert [u.pk for u in response.context["object_list"]] == [mine.pk]
