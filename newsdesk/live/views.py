from django.http import HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.views.decorators.http import require_GET

from newsdesk.reader.views import _safe_next

from .banner import DISMISSED_COOKIE, DISMISSED_MAX_AGE, dismissed_alert_ids, dismissed_cookie_value
from .fanout import reader_stream
from .models import LiveEvent


class EventStreamResponse(StreamingHttpResponse):
    """A stream of ready-made bytes: handed to the server as it is.

    StreamingHttpResponse wraps an async iterator in two more generators to
    coerce each part to bytes; the frames already are, and one event goes to
    every open stream at once, so the wrapping is skipped."""

    def __aiter__(self):
        return self._iterator


def _last_event_id(request) -> int | None:
    # The browser sends the header when it reconnects by itself; the page passes
    # the query parameter on the first connection (the id it was rendered at).
    raw = request.headers.get("Last-Event-ID") or request.GET.get("last_event_id") or ""
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


async def stream(request):
    """Server-Sent Events for an open page: breaking alerts, resumable by event id."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    response = EventStreamResponse(
        reader_stream(channels=frozenset({LiveEvent.ALERTS}), last_event_id=_last_event_id(request)),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache, no-store, no-transform"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


@require_GET
def alert_dismiss(request, alert_id: int):
    """The no-JavaScript path of the banner's Dismiss button: remember the alert as
    dismissed for this reader and go back. With JavaScript, live.js does the same at once."""
    response = HttpResponseRedirect(_safe_next(request))
    ids = [pk for pk in dismissed_alert_ids(request) if pk != alert_id] + [alert_id]
    response.set_cookie(
        DISMISSED_COOKIE,
        dismissed_cookie_value(ids),
        max_age=DISMISSED_MAX_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response
