"""What the breaking-news banner shows: to one reader, and in a pushed event.

Page renders, the /live/banner/ fragment and the event stream all describe the
banner with the same template (`live/alert.html`), so an alert pushed to an
open page looks exactly like one in a freshly loaded page.
"""

from dataclasses import dataclass

from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from newsdesk.reader.page_parts import in_reader_language
from newsdesk.reader.routing import MISSING, GenerationMemo, request_generation

from .models import BreakingAlert, LiveEvent

# A reader's dismissed alerts, newest last, for the server-rendered banner (and
# so readers without JavaScript). live.js keeps the same list in localStorage.
DISMISSED_COOKIE = "newsdesk_dismissed_alert"
DISMISSED_MAX_AGE = 60 * 60 * 24 * 30
DISMISSED_KEEP = 20


def dismissed_alert_ids(request) -> list[int]:
    raw = request.COOKIES.get(DISMISSED_COOKIE, "")
    return [int(part) for part in raw.split(".") if part.isdigit()][-DISMISSED_KEEP:]


def dismissed_cookie_value(ids: list[int]) -> str:
    # Dots, not commas: a comma would make Django quote the cookie value.
    return ".".join(str(pk) for pk in ids[-DISMISSED_KEEP:])


@dataclass(frozen=True)
class Banner:
    alert: BreakingAlert | None
    # The newest event id when the banner was read: the page's live client
    # resumes the stream after it, so nothing published after the render is missed.
    event_id: int


# The banner as read from the database, remembered until anything readers see
# changes (every alert published, withdrawn or expired appends a LiveEvent, which
# bumps the generation); one entry per process.
_remembered = GenerationMemo(max_entries=1)


def banner_get(request) -> Banner:
    token = request_generation(request)
    remembered = _remembered.get(token, "banner")
    if remembered is MISSING or _expired(remembered.alert):
        # Read the event id first: an alert published between the two reads is then
        # replayed to the page (harmless, events carry the whole banner state) rather than lost.
        event_id = LiveEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        alert = BreakingAlert.objects.current().select_related("page").first()
        remembered = Banner(alert=alert, event_id=event_id)
        _remembered.set(token, "banner", remembered)
    if remembered.alert is not None and remembered.alert.pk in dismissed_alert_ids(request):
        return Banner(alert=None, event_id=remembered.event_id)
    return remembered


# The banner's markup for one page address, remembered like the banner itself:
# it is on every page, so an uncached render would otherwise spend a fifth of its
# time on it. Addresses are many (query strings), so the memo is bounded.
_remembered_html = GenerationMemo(max_entries=2_000)


def banner_html(request, language: str | None = None) -> str:
    """The banner slot's contents (components/breaking_banner.html) for this reader and page."""
    banner = banner_get(request)
    language = language or get_language()
    key = (banner.alert.pk if banner.alert else None, banner.event_id, request.get_full_path(), language)
    token = request_generation(request)
    html = _remembered_html.get(token, key)
    if html is MISSING:
        context = {"breaking_alert": banner.alert, "live_event_id": banner.event_id, "request": request}
        html = get_template("components/breaking_banner.html").render(context)
        _remembered_html.set(token, key, html)
    return html


def _expired(alert: BreakingAlert | None) -> bool:
    # Expiry appends its event when a timer fires; until then, never show an expired alert.
    return alert is not None and alert.expires_at is not None and alert.expires_at <= timezone.now()


def banner_state(alert: BreakingAlert | None) -> dict:
    """The banner as pushed to open pages: the alert's fields and its rendered markup."""
    if alert is None:
        return {"alert": None, "html": ""}
    return {
        "alert": {
            "id": alert.pk,
            "text": alert.text,
            "link": alert.link,
            "expires_at": alert.expires_at.isoformat() if alert.expires_at else None,
        },
        "html": _alert_html(alert),
    }


def _alert_html(alert: BreakingAlert) -> str:
    with in_reader_language():  # pushed from an editor's request, shown to readers
        return render_to_string("live/alert.html", {"alert": alert}).strip()
