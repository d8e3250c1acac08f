from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from newsdesk.live import pubsub
from newsdesk.live.models import BreakingAlert, LiveEvent
from newsdesk.live.services import alert_delete, alert_expire_due, alert_publish, alert_update, alert_withdraw

STORY = "https://example.org/story"


@pytest.fixture
def published(monkeypatch):
    """Messages handed to the pub/sub backend."""
    sent = []
    monkeypatch.setattr(pubsub.backend_get(), "publish", sent.append)
    return sent


def _events():
    return list(LiveEvent.objects.values_list("type", "payload__cause", "payload__alert__id"))


@pytest.mark.django_db
def test_an_editor_publishes_an_alert_that_becomes_the_banner(editor):
    alert = alert_publish(text="  Storm surge floods harbour  ", url=STORY, user=editor)
    assert alert.text == "Storm surge floods harbour"
    assert BreakingAlert.objects.current().first() == alert
    event = LiveEvent.objects.get()
    assert (event.channel, event.type) == ("alerts", "alert")
    assert event.payload["alert"] == {"id": alert.pk, "text": alert.text, "link": STORY, "expires_at": None}
    assert "Storm surge floods harbour" in event.payload["html"]


@pytest.mark.django_db
def test_an_administrator_may_publish(administrator):
    assert alert_publish(text="Markets halted", url=STORY, user=administrator).pk


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["reporter", "anonymous", "nobody"])
def test_a_reporter_or_an_anonymous_caller_cannot_publish_and_nothing_is_stored(who, reporter):
    from django.contrib.auth.models import AnonymousUser

    user = {"reporter": reporter, "anonymous": AnonymousUser(), "nobody": None}[who]
    with pytest.raises(PermissionDenied):
        alert_publish(text="Not allowed", url=STORY, user=user)
    assert not BreakingAlert.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_a_reporter_cannot_withdraw(editor, reporter):
    alert = alert_publish(text="Stays up", url=STORY, user=editor)
    with pytest.raises(PermissionDenied):
        alert_withdraw(alert=alert, user=reporter)
    assert BreakingAlert.objects.current().first() == alert


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"text": "", "url": STORY},
        {"text": "No link"},
        {"text": "Bad link", "url": "javascript:alert(1)"},
        {"text": "x" * 201, "url": STORY},
        {"text": "Expired already", "url": STORY, "expires_at": timezone.now() - timedelta(minutes=1)},
    ],
)
def test_invalid_alerts_are_refused_and_nothing_is_stored(editor, fields):
    with pytest.raises(ValidationError):
        alert_publish(**fields, user=editor)
    assert not BreakingAlert.objects.exists() and not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_an_unpublished_page_cannot_be_the_link(editor, article):
    article.refresh_from_db()
    article.unpublish()
    with pytest.raises(ValidationError) as error:
        alert_publish(text="Draft story", page=article, user=editor)
    assert "page" in error.value.message_dict


@pytest.mark.django_db
def test_an_alert_links_to_its_page(editor, article):
    alert_publish(text="Read the story", page=article, user=editor)
    assert LiveEvent.objects.get().payload["alert"]["link"] == article.url


@pytest.mark.django_db
def test_a_newer_alert_replaces_the_older_for_good(editor):
    older = alert_publish(text="Older", url=STORY, user=editor)
    newer = alert_publish(text="Newer", url=STORY, user=editor)
    older.refresh_from_db()
    assert older.replaced_by == newer and older.status == "replaced"
    alert_withdraw(alert=newer, user=editor)
    # The banner empties rather than bringing back older news.
    assert BreakingAlert.objects.current().first() is None
    assert _events() == [
        ("alert", "published", older.pk),
        ("alert", "published", newer.pk),
        ("cleared", "withdrawn", None),
    ]


@pytest.mark.django_db
def test_withdrawing_clears_the_banner_and_cannot_be_done_twice(editor):
    alert = alert_publish(text="Withdraw me", url=STORY, user=editor)
    alert_withdraw(alert=alert, user=editor)
    assert alert.status == "withdrawn" and BreakingAlert.objects.current().first() is None
    with pytest.raises(ValidationError):
        alert_withdraw(alert=alert, user=editor)
    assert [event[0] for event in _events()] == ["alert", "cleared"]


@pytest.mark.django_db
def test_correcting_the_shown_alert_pushes_the_correction_and_an_old_one_pushes_nothing(editor):
    old = alert_publish(text="Old", url=STORY, user=editor)
    shown = alert_publish(text="Shwon", url=STORY, user=editor)
    alert_update(alert=shown, text="Shown", url=STORY, user=editor)
    alert_update(alert=old, text="Old, corrected", url=STORY, user=editor)
    assert _events()[-1] == ("alert", "updated", shown.pk)
    assert len(_events()) == 3
    assert LiveEvent.objects.last().payload["alert"]["text"] == "Shown"


@pytest.mark.django_db
def test_deleting_the_shown_alert_clears_the_banner(editor):
    alert = alert_publish(text="Delete me", url=STORY, user=editor)
    alert_delete(alert=alert, user=editor)
    assert not BreakingAlert.objects.exists()
    assert _events()[-1] == ("cleared", "withdrawn", None)


@pytest.mark.django_db
def test_expiry_is_announced_once_however_often_the_sweep_runs(editor):
    alert = alert_publish(text="Short-lived", url=STORY, expires_at=timezone.now() + timedelta(minutes=5), user=editor)
    assert alert_expire_due() is None  # not yet
    BreakingAlert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    first, second = alert_expire_due(), alert_expire_due()
    assert first.type == "cleared" and first.payload["cause"] == "expired"
    assert second is None


@pytest.mark.django_db
def test_event_ids_increase_in_publishing_order(editor):
    for n in range(3):
        alert_publish(text=f"Alert {n}", url=STORY, user=editor)
    ids = list(LiveEvent.objects.values_list("pk", flat=True))
    assert ids == sorted(ids) and len(set(ids)) == 3


@pytest.mark.django_db
def test_events_are_published_only_once_the_change_is_committed(editor, published, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            alert_publish(text="Committed", url=STORY, user=editor)
        assert published == []
    assert published == [{"id": LiveEvent.objects.get().pk}]

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        alert_publish(text="Rolled back", url=STORY, user=editor)
        raise RuntimeError
    assert callbacks == [] and len(published) == 1 and LiveEvent.objects.count() == 1


@pytest.mark.django_db
def test_a_pub_sub_failure_does_not_undo_a_published_alert(editor, monkeypatch, django_capture_on_commit_callbacks):
    def down(message):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(pubsub.backend_get(), "publish", down)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        alert = alert_publish(text="Still published", url=STORY, user=editor)
    assert any(callback.__name__ == "event_publish" for callback in callbacks)
    assert BreakingAlert.objects.current().first() == alert and LiveEvent.objects.count() == 1


@pytest.mark.django_db
def test_an_expiry_with_any_iso_offset_is_stored_in_utc(editor):
    from datetime import datetime, timedelta, timezone

    from newsdesk.live.services import alert_publish

    far_offset = timezone(-timedelta(hours=20, minutes=19))
    expires = datetime.now(far_offset) + timedelta(hours=1)
    alert = alert_publish(text="Roads closed", url="https://example.org/", expires_at=expires, user=editor)
    alert.refresh_from_db()
    assert alert.expires_at == expires and alert.expires_at.utcoffset() == timedelta(0)


@pytest.mark.django_db
def test_an_alert_with_a_null_character_is_refused_and_nothing_stored(editor):
    from django.core.exceptions import ValidationError

    from newsdesk.live.models import BreakingAlert
    from newsdesk.live.services import alert_publish

    with pytest.raises(ValidationError):
        alert_publish(text="Roads\x00 closed", url="https://example.org/", user=editor)
    assert not BreakingAlert.objects.exists()
