from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from newsdesk.reader.views import _safe_next

from .banner import DISMISSED_COOKIE, DISMISSED_MAX_AGE, dismissed_alert_ids, dismissed_cookie_value
from .fanout import _db, reader_stream
from .models import LiveEvent, LiveUpdate, story_channel
from .stories import live_update_page_number


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


def _story_is_public(page_id: int) -> bool:
    # Updates of a draft or a private story are not for anyone who guesses its id.
    from newsdesk.articles.models import ArticlePage

    return ArticlePage.objects.live().public().filter(pk=page_id, is_live_story=True).exists()


async def stream(request):
    """Server-Sent Events for an open page: breaking alerts and, with ?story=<page id>,
    that live story's updates; resumable by event id."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    channels = {LiveEvent.ALERTS}
    story = request.GET.get("story", "").strip()
    if story.isdigit() and await _db(_story_is_public, int(story)):
        channels.add(story_channel(int(story)))
    response = EventStreamResponse(
        reader_stream(channels=frozenset(channels), last_event_id=_last_event_id(request)),
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


@require_GET
def update_permalink(request, update_id: int):
    """The permanent link of one update: the story page that shows it, scrolled to it."""
    update = get_object_or_404(LiveUpdate.objects.select_related("page"), pk=update_id)
    page = update.page
    if not page.live or page.get_view_restrictions().exists():
        raise Http404
    number = live_update_page_number(update)
    query = f"?page={number}&update={update.pk}" if number > 1 else f"?update={update.pk}"
    return HttpResponseRedirect(f"{page.url}{query}#update-{update.pk}")
