"""The breaking-news snippet in the Wagtail admin goes through the live services."""

import pytest
from django.urls import reverse

from newsdesk.live.models import BreakingAlert, LiveEvent
from newsdesk.live.services import alert_publish

STORY = "https://example.org/story"


def _url(name, *args):
    return reverse(f"wagtailsnippets_live_breakingalert:{name}", args=args)


def _form(**fields):
    return {"text": "", "page": "", "url": "", "expires_at": "", **fields}


@pytest.mark.django_db
def test_an_editor_publishes_from_the_admin_and_open_pages_are_told(client, editor):
    client.force_login(editor)
    response = client.post(_url("add"), _form(text="Published in the admin", url=STORY))
    assert response.status_code == 302
    alert = BreakingAlert.objects.get()
    assert alert.created_by == editor
    event = LiveEvent.objects.get()
    assert event.type == "alert" and event.payload["alert"]["id"] == alert.pk


@pytest.mark.django_db
def test_an_invalid_admin_form_stores_nothing(client, editor):
    client.force_login(editor)
    response = client.post(_url("add"), _form(text="No link"))
    assert response.status_code == 200 and "Link the alert to a story" in response.content.decode()
    assert not BreakingAlert.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_an_admin_correction_reaches_open_pages(client, editor):
    alert = alert_publish(text="Typo in teh alert", url=STORY, user=editor)
    client.force_login(editor)
    assert client.post(_url("edit", alert.pk), _form(text="No typo in the alert", url=STORY)).status_code == 302
    event = LiveEvent.objects.last()
    assert (event.payload["cause"], event.payload["alert"]["text"]) == ("updated", "No typo in the alert")


@pytest.mark.django_db
def test_withdraw_in_the_admin_asks_then_clears_the_banner_and_keeps_the_record(client, editor):
    alert = alert_publish(text="Withdraw me", url=STORY, user=editor)
    client.force_login(editor)
    listing = client.get(_url("list")).content.decode()
    assert _url("withdraw", alert.pk) in listing
    assert _url("withdraw", alert.pk) in client.get(_url("edit", alert.pk)).content.decode()
    assert "Yes, withdraw" in client.get(_url("withdraw", alert.pk)).content.decode()
    assert client.post(_url("withdraw", alert.pk)).status_code == 302
    alert.refresh_from_db()
    assert alert.status == "withdrawn" and LiveEvent.objects.last().type == "cleared"
    history = client.get(_url("history", alert.pk)).content.decode()
    assert "Withdraw breaking alert" in history or "Withdrawn from the banner" in history


@pytest.mark.django_db
def test_deleting_in_the_admin_clears_the_banner(client, editor):
    alert = alert_publish(text="Delete me", url=STORY, user=editor)
    client.force_login(editor)
    assert client.post(_url("delete", alert.pk)).status_code == 302
    assert not BreakingAlert.objects.exists() and LiveEvent.objects.last().type == "cleared"


@pytest.mark.django_db
def test_a_reporter_cannot_withdraw_in_the_admin(client, editor, reporter):
    alert = alert_publish(text="Stays", url=STORY, user=editor)
    client.force_login(reporter)
    assert client.post(_url("withdraw", alert.pk)).status_code in (302, 403)
    assert BreakingAlert.objects.current().first() == alert


@pytest.mark.django_db
def test_bulk_delete_is_refused_so_open_pages_never_miss_a_change(client, editor):
    alert = alert_publish(text="Stays", url=STORY, user=editor)
    client.force_login(editor)
    url = reverse("wagtail_bulk_action", args=["live", "breakingalert", "delete"]) + f"?id={alert.pk}"
    response = client.post(url)
    # The admin turns PermissionDenied into a redirect with a message.
    assert response.status_code in (302, 403)
    assert BreakingAlert.objects.current().first() == alert
    assert LiveEvent.objects.count() == 1
