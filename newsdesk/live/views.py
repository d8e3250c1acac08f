from django.http import HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.views.decorators.http import require_GET

from newsdesk.reader.views import _safe_next

from .banner import DISMISSED_COOKIE, DISMISSED_MAX_AGE, dismissed_alert_ids, dismissed_cookie_value
from .fanout import reader_stream
from .models import LiveEvent


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
    response = StreamingHttpResponse(
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
