"""Every change to breaking alerts and live story updates, and the only place that emits live events.

Each service runs in one transaction that first takes the event-log lock, so
alert changes are serialized and events are committed in id order: a reader
that has seen event N has seen every event before N. Events are handed to the
pub/sub backend only once the transaction has committed.
"""

import logging
from datetime import UTC, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from newsdesk.articles.models import ArticlePage

from . import pubsub
from .banner import banner_state
from .models import BreakingAlert, LiveEvent, LiveUpdate

logger = logging.getLogger(__name__)

# Any constant will do; it names the event log's lock among PostgreSQL advisory locks.
EVENT_LOG_LOCK = 0x6E657773  # "news"

WITHDRAW_ACTION = "live.alert.withdraw"

User = AbstractBaseUser | AnonymousUser


def _require(user: User | None, permission: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied("Only editors and administrators may change breaking alerts.")


def _event_log_lock() -> None:
    """Serialize writers of the event log until the transaction commits.

    Ids are taken from a sequence when a row is inserted, but rows become
    visible when their transaction commits; two concurrent writers could make
    id 11 visible before id 10, and a reader resuming after 11 would never see
    10. Holding one lock from before the insert until the commit keeps id order
    and commit order the same. SQLite needs nothing: its transactions here are
    IMMEDIATE (see settings), so there is only ever one writer.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOG_LOCK])


def _event_append(*, channel: str, type: str, payload: dict) -> LiveEvent:
    event = LiveEvent.objects.create(channel=channel, type=type, payload=payload)

    def event_publish():
        pubsub.backend_get().publish({"id": event.pk})

    # robust: readers catch up from the log (see fanout.py) if the backend is down,
    # so a pub/sub failure must not turn a committed change into an error.
    transaction.on_commit(event_publish, robust=True)
    return event


def _banner_announce(*, cause: str) -> LiveEvent | None:
    """Append an event when what the banner shows differs from the last event's state.

    Deriving the event from the current state, rather than from the change
    made, makes the expiry sweep safe to run from every server process at once:
    only the first finds a difference."""
    alert = BreakingAlert.objects.current().select_related("page").first()
    state = banner_state(alert)
    last = LiveEvent.objects.filter(channel=LiveEvent.ALERTS).order_by("-pk").first()
    last_alert = last.payload.get("alert") if last else None
    if state["alert"] == last_alert:
        return None
    return _event_append(
        channel=LiveEvent.ALERTS,
        type="alert" if alert else "cleared",
        payload={**state, "cause": cause},
    )


def _validated(alert: BreakingAlert) -> BreakingAlert:
    alert.text = (alert.text or "").strip()
    alert.url = (alert.url or "").strip()
    for field in ("text", "url"):
        if "\x00" in getattr(alert, field):
            # No database should store it, and PostgreSQL cannot: a clear error, not a 500.
            raise ValidationError({field: "Null characters are not allowed."})
    if alert.expires_at and timezone.is_naive(alert.expires_at):
        alert.expires_at = timezone.make_aware(alert.expires_at)
    if alert.expires_at:
        # Stored in UTC: PostgreSQL refuses offsets beyond +-15:59, which ISO 8601 allows.
        try:
            alert.expires_at = alert.expires_at.astimezone(UTC)
        except OverflowError as error:
            raise ValidationError({"expires_at": "That expiry is out of range."}) from error
    alert.full_clean()
    return alert


def alert_publish(
    *,
    text: str,
    page: Page | None = None,
    url: str = "",
    expires_at: datetime | None = None,
    user: User | None,
) -> BreakingAlert:
    """Put an alert in the banner of every page, now and on every open page.

    The new alert replaces the one shown before, for good: when it expires or
    is withdrawn, the banner empties rather than bringing back older news."""
    _require(user, "live.add_breakingalert")
    alert = _validated(
        BreakingAlert(
            text=text, page=page, url=url, expires_at=expires_at, published_at=timezone.now(), created_by=user
        )
    )
    with transaction.atomic():
        _event_log_lock()
        alert.save()
        BreakingAlert.objects.current().exclude(pk=alert.pk).update(replaced_by=alert)
        log(instance=alert, action="wagtail.create", user=user)
        _banner_announce(cause="published")
    return alert


def alert_update(
    *,
    alert: BreakingAlert,
    text: str,
    page: Page | None = None,
    url: str = "",
    expires_at: datetime | None = None,
    user: User | None,
) -> BreakingAlert:
    """Correct an alert. When it is the one shown, open pages show the correction."""
    _require(user, "live.change_breakingalert")
    alert.text, alert.page, alert.url, alert.expires_at = text, page, url, expires_at
    _validated(alert)
    with transaction.atomic():
        _event_log_lock()
        alert.save()
        log(instance=alert, action="wagtail.edit", user=user)
        _banner_announce(cause="updated")
    return alert


def alert_withdraw(*, alert: BreakingAlert, user: User | None) -> BreakingAlert:
    """Take an alert out of the banner, now and on every open page. Its record stays."""
    _require(user, "live.change_breakingalert")
    if alert.withdrawn_at is not None:
        raise ValidationError("This alert has already been withdrawn.", code="withdrawn")
    with transaction.atomic():
        _event_log_lock()
        alert.withdrawn_at = timezone.now()
        alert.save(update_fields=["withdrawn_at"])
        log(instance=alert, action=WITHDRAW_ACTION, user=user)
        _banner_announce(cause="withdrawn")
    return alert


def alert_delete(*, alert: BreakingAlert, user: User | None) -> None:
    """Delete an alert's record; if it was shown, it leaves every open page."""
    _require(user, "live.delete_breakingalert")
    with transaction.atomic():
        _event_log_lock()
        log(instance=alert, action="wagtail.delete", user=user)
        alert.delete()
        _banner_announce(cause="withdrawn")


def alert_expire_due() -> LiveEvent | None:
    """Announce that the shown alert has expired, if it has and no one said so yet.

    Pages already stop rendering an expired alert by themselves; this makes
    open pages drop it too. Each server process runs it when the shown alert's
    expiry passes (see fanout.py); running it twice is harmless."""
    with transaction.atomic():
        _event_log_lock()
        return _banner_announce(cause="expired")


# Live stories. Each change to an update appends one event on the story's channel
# carrying the update as rendered, so open story pages show it exactly as a reload would.

UPDATE_POSTED = "update"
UPDATE_CHANGED = "update-changed"
UPDATE_DELETED = "update-deleted"


def _require_update(user: User | None, permission: str) -> None:
    if user is None or not user.is_authenticated or not user.has_perm(permission):
        raise PermissionDenied("Only editors and administrators may change live story updates.")


def _update_announce(*, update: LiveUpdate, type: str) -> LiveEvent:
    from .stories import live_update_state

    return _event_append(channel=update.channel, type=type, payload=live_update_state(update))


def _update_body_validated(body) -> None:
    # Assigning to a StreamField gives a StreamValue, whatever was passed in.
    if not body or not len(body):
        raise ValidationError({"body": "An update needs some content."})
    for child in body:
        if child.block_type == "image" and not child.value["image"].description.strip():
            raise ValidationError({"body": f'Add alt text to the photo "{child.value["image"].title}" first.'})


def live_update_post(
    *, page: ArticlePage, body, pinned: bool = False, published_at: datetime | None = None, user: User | None
) -> LiveUpdate:
    """Publish an update on a live story, on the page and on every open copy of it.

    `body` is a LiveUpdateBodyBlock value or its raw list, e.g. [("paragraph", "<p>…</p>")]."""
    _require_update(user, "live.add_liveupdate")
    if not page.is_live_story:
        raise ValidationError({"page": "This article is not a live story: mark it live first."})
    update = LiveUpdate(page=page, body=body, pinned=pinned, published_at=published_at or timezone.now())
    update.author = user if getattr(user, "pk", None) else None
    _update_body_validated(update.body)
    with transaction.atomic():
        _event_log_lock()
        update.save()
        log(instance=update, action="wagtail.create", user=user)
        _update_announce(update=update, type=UPDATE_POSTED)
    return update


def live_update_correct(*, update: LiveUpdate, body, note: str, user: User | None) -> LiveUpdate:
    """Correct a published update. Readers see the new text with the note and its time,
    also on pages already open, where the update is replaced in place."""
    _require_update(user, "live.change_liveupdate")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"correction_note": "Say what was corrected: readers see the note."})
    if update.deleted:
        raise ValidationError("This update has been deleted.", code="deleted")
    update.body = body
    _update_body_validated(update.body)
    with transaction.atomic():
        _event_log_lock()
        update.correction_note = note
        update.corrected_at = timezone.now()
        update.save()
        log(instance=update, action="wagtail.edit", user=user)
        _update_announce(update=update, type=UPDATE_CHANGED)
    return update


def live_update_pin(*, update: LiveUpdate, pinned: bool = True, user: User | None) -> LiveUpdate:
    """Make an update a key point (shown first) or an ordinary update again."""
    _require_update(user, "live.change_liveupdate")
    if update.deleted:
        raise ValidationError("This update has been deleted.", code="deleted")
    with transaction.atomic():
        _event_log_lock()
        update.pinned = pinned
        update.save(update_fields=["pinned"])
        log(instance=update, action="wagtail.edit", user=user)
        _update_announce(update=update, type=UPDATE_CHANGED)
    return update


def live_update_delete(*, update: LiveUpdate, user: User | None) -> LiveUpdate:
    """Take an update off the story, now and on every open page. The row stays as a
    tombstone: the event log and the permalink still know what it was."""
    _require_update(user, "live.delete_liveupdate")
    if update.deleted:
        return update
    with transaction.atomic():
        _event_log_lock()
        update.deleted = True
        update.deleted_at = timezone.now()
        update.pinned = False
        update.save(update_fields=["deleted", "deleted_at", "pinned"])
        log(instance=update, action="wagtail.delete", user=user)
        _update_announce(update=update, type=UPDATE_DELETED)
    return update
