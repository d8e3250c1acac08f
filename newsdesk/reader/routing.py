"""Wagtail's lookups for a reader page, remembered until anything readers see changes.

Serving a page, Wagtail finds the site for the host (one query with several
expressions to compile), walks the page tree from the site's root to the page
(a query per level, then one for the specific page) and reads the view
restrictions of the page and its ancestors (two queries). Together that was the
largest part of an uncached render. The answers change only when pages,
restrictions or sites change, and each of those bumps the shared cache
generation (signal_handlers.py), so this process remembers them for the current
generation and hands them to Wagtail through the attributes in which Wagtail
keeps them for a request (`request._wagtail_site`,
`request._wagtail_route_for_request`).

The generation is read before anything else, so what is remembered was read
after it: a change committed meanwhile bumps the generation and is read afresh
by the next request.

Before any of that, Django matches the path against the URL patterns, trying
each in turn until Wagtail's catch-all at the end (about 30 us an article).
The patterns never change while a process runs, so the server's handler
(`WSGIHandler` below) remembers the match of each recent path.
"""

from __future__ import annotations

import functools
import threading

from django.conf import settings
from django.core.handlers import wsgi
from django.db import InterfaceError, OperationalError
from django.http import Http404
from django.urls import get_resolver
from wagtail.models import Page, Site

from .pagecache import generation_token

MISSING = object()


class GenerationMemo:
    """A bounded dict that forgets everything when the generation changes.

    Shared by the request threads of one process. Values are read-only once
    stored: page and site instances are used by many requests at once."""

    def __init__(self, max_entries: int = 10_000):
        self.max_entries = max_entries
        # The generation and its entries, replaced together: a reader takes both in one read.
        self._state: tuple[str | None, dict] = (None, {})
        self._lock = threading.Lock()

    def get(self, token: str, key):
        state_token, entries = self._state
        if token != state_token or not remembering():
            return MISSING
        return entries.get(key, MISSING)

    def set(self, token: str, key, value) -> None:
        if not remembering():
            return
        with self._lock:
            state_token, entries = self._state
            if token != state_token:
                entries = {}
                self._state = (token, entries)
            if len(entries) < self.max_entries:
                entries[key] = value

    def clear(self) -> None:
        with self._lock:
            self._state = (None, {})


def remembering() -> bool:
    """Remember only where fragments are cached: the test settings turn both off,
    as tests change data in transactions that never commit, so never bump the generation."""
    return settings.NEWSDESK_FRAGMENT_CACHE_SECONDS > 0


sites = GenerationMemo(max_entries=1_000)
routes = GenerationMemo()


def request_generation(request) -> str:
    """The generation this request renders under, read once, at its start."""
    token = getattr(request, "cache_generation", None)
    if token is None:
        token = request.cache_generation = generation_token()
    return token


def site_for_request(request, token: str):
    key = (request._get_raw_host(), request.get_port())
    site = sites.get(token, key)
    if site is MISSING:
        site = Site.find_for_request(request)
        sites.set(token, key, site)
    request._wagtail_site = site
    return site


def route_for_request(request, path: str, token: str):
    site = site_for_request(request, token)
    if site is None:
        return None
    key = (site.pk, path)
    route = routes.get(token, key)
    if route is MISSING:
        route = Page.route_for_request(request, path)
        if route is not None:
            page = route[0]
            # Evaluated once; Wagtail's view-restriction check iterates it per request.
            restrictions = page.get_view_restrictions()
            list(restrictions)
            page.__dict__["_remembered_view_restrictions"] = restrictions
        routes.set(token, key, route)
    request._wagtail_route_for_request = route
    return route


class RememberedRestrictionsMixin:
    """For page models: the view restrictions remembered with a routed page (see above)."""

    def get_view_restrictions(self):
        remembered = self.__dict__.get("_remembered_view_restrictions")
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


class ReaderRoutingMiddleware:
    """Give Wagtail's page serving the site and route remembered for this generation,
    and every other reader view the site."""

    def __init__(self, get_response):
        from wagtail.views import serve

        self.get_response = get_response
        self.serve = serve

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or request.path_info.startswith("/admin/"):
            return None
        token = request_generation(request)
        try:
            if view_func is self.serve:
                path = view_kwargs.get("path", view_args[0] if view_args else "")
                route_for_request(request, path, token)
            else:  # feeds, sitemaps, robots.txt, search: they need the site too
                site_for_request(request, token)
        except Http404:
            request._wagtail_route_for_request = None
        except (OperationalError, InterfaceError):
            # The database is down: let the view fail, so the friendly 503 answers.
            pass
        return None


class WSGIHandler(wsgi.WSGIHandler):
    """Django's WSGI handler, remembering which view each recent path resolves to.

    A remembered match is shared by the requests for that path, as Django shares
    its URL patterns: read-only. A path that matches nothing is tried afresh."""

    def resolve_request(self, request):
        path = request.path_info
        # Another URLconf chosen by a middleware, or a path longer than a reader's
        # (Wagtail's catch-all matches any length): resolved as Django does.
        if hasattr(request, "urlconf") or len(path) > MAX_REMEMBERED_PATH:
            return super().resolve_request(request)
        match = _resolve(get_resolver(), path)
        request.resolver_match = match
        return match


MAX_REMEMBERED_PATH = 512


@functools.lru_cache(maxsize=4096)
def _resolve(resolver, path: str):
    # Keyed by the resolver too: Django makes a new one when the URLconf setting changes.
    return resolver.resolve(path)
