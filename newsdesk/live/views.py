from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from newsdesk.reader.views import safe_next

from .banner import DISMISSED_COOKIE, DISMISSED_MAX_AGE, dismissed_alert_ids, dismissed_cookie_value
from .models import LiveUpdate
from .stories import live_update_page_number


@require_GET
def stream(request):
    """Names /live/stream/ and refuses other methods. The stream itself is
    newsdesk.live.stream, which newsdesk/asgi.py serves in front of Django; a
    GET that reaches Django means it is served some other way, without streams."""
    return HttpResponse(
        "The event stream is served by newsdesk.asgi.", status=501, content_type="text/plain; charset=utf-8"
    )


@require_GET
def alert_dismiss(request, alert_id: int):
    """The no-JavaScript path of the banner's Dismiss button: remember the alert as
    dismissed for this reader and go back. With JavaScript, live.js does the same at once."""
    response = HttpResponseRedirect(safe_next(request))
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
