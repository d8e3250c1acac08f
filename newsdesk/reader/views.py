from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from newsdesk.articles.models import ArticlePage
from newsdesk.live.banner import banner_html

from .text_size import COOKIE_MAX_AGE, COOKIE_NAME, SIZES

SEARCH_PAGE_SIZE = 20
SEARCH_MAX_QUERY = 200


def safe_next(request, fallback="/") -> str:
    """The ?next= address when it stays on this site, else `fallback`."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


_safe_next = safe_next


@require_GET
def text_size_set(request, size: str):
    """The no-JavaScript path of the text-size control: remember the choice and
    go back to where the reader was. With JavaScript the same link acts at once."""
    response = HttpResponseRedirect(_safe_next(request))
    if size in SIZES:
        response.set_cookie(COOKIE_NAME, size, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure())
    return response


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY]
    results = None
    if query:
        matches = ArticlePage.objects.live().public().search(query)
        results = Paginator(matches, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reader/search.html", {"query": query, "results": results})


@never_cache
@require_GET
def breaking_banner(request):
    """The banner on its own, so a cached page or a live client can refresh it."""
    return HttpResponse(banner_html(request))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without the context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render({}))


def media_serve(request, path: str):
    """Local media files, for the embedded default (with S3 the bucket serves them).
    MEDIA_ROOT is read per request, so a changed setting is honoured."""
    from django.conf import settings
    from django.views.static import serve

    return serve(request, path, document_root=settings.MEDIA_ROOT)


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links; send them to the real icon."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("reader/favicon.svg"))
