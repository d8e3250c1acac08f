"""/live/stream/ as a plain ASGI application, in front of Django (see newsdesk/asgi.py).

Every open page holds one of these responses for as long as it is open, and
each event goes to all of them at once, so the stream skips Django's request
and response machinery: the fan-out calls each response's `send` itself
(fanout.Subscriber). What Django would have added is done here once: the
method and host checks, the HTTPS redirect, and the security headers the
middleware puts on every response. Reading the log and checking a story run in
the shared thread pool and close their database connection at once, so an
open stream holds no connection and no thread.
"""

import functools
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from .fanout import db_call, reader_stream
from .models import LiveEvent, story_channel


def _story_is_public(page_id: int) -> bool:
    # Updates of a draft or a private story are not for anyone who guesses its id.
    from newsdesk.articles.models import ArticlePage

    return ArticlePage.objects.live().public().filter(pk=page_id, is_live_story=True).exists()


@functools.cache
def _security_headers() -> list[tuple[bytes, bytes]]:
    """The headers Django's middleware sets on every response (SecurityMiddleware,
    XFrameOptionsMiddleware, the Content-Security-Policy), from the same settings."""
    from csp.utils import build_policy

    headers = [(b"content-security-policy", build_policy().encode())]
    if settings.X_FRAME_OPTIONS:
        headers.append((b"x-frame-options", settings.X_FRAME_OPTIONS.encode()))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append((b"x-content-type-options", b"nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        headers.append((b"referrer-policy", settings.SECURE_REFERRER_POLICY.encode()))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append((b"cross-origin-opener-policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY.encode()))
    return headers


def _hsts() -> bytes | None:
    if not settings.SECURE_HSTS_SECONDS:
        return None
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value.encode()


STREAM_HEADERS = [
    (b"content-type", b"text/event-stream"),
    (b"cache-control", b"no-cache, no-store, no-transform"),
    (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once
]


def _header(scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return ""


def _is_secure(scope) -> bool:
    # As HttpRequest.is_secure, with SECURE_PROXY_SSL_HEADER behind nginx.
    if settings.SECURE_PROXY_SSL_HEADER:
        meta_name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        name = meta_name.removeprefix("HTTP_").lower().replace("_", "-").encode()
        forwarded = _header(scope, name)
        if forwarded:
            return forwarded.split(",")[0].strip() == secure_value
    return scope.get("scheme") == "https"


def _last_event_id(scope, query: dict[str, list[str]]) -> int | None:
    # The browser sends the header when it reconnects by itself; the page passes
    # the query parameter on the first connection (the id it was rendered at).
    raw = _header(scope, b"last-event-id") or query.get("last_event_id", [""])[-1]
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


async def _answer(send, status: int, headers: list[tuple[bytes, bytes]], body: bytes = b"") -> None:
    headers = [*headers, (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def stream(scope, receive, send) -> None:
    """Server-Sent Events for an open page: breaking alerts and, with ?story=<page id>,
    that live story's updates; resumable by event id."""
    if scope["method"] != "GET":
        await _answer(send, 405, [(b"allow", b"GET")])
        return
    host = _header(scope, b"host")
    domain, _ = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        await _answer(send, 400, [], b"Bad Request")
        return
    secure = _is_secure(scope)
    if settings.SECURE_SSL_REDIRECT and not secure:
        location = f"https://{settings.SECURE_SSL_HOST or host}{scope['path']}"
        if scope["query_string"]:
            location += "?" + scope["query_string"].decode("latin-1")
        await _answer(send, 301, [(b"location", location.encode())])
        return

    query = parse_qs(scope["query_string"].decode("latin-1"))
    channels = {LiveEvent.ALERTS}
    story = query.get("story", [""])[-1].strip()
    if story.isdigit() and await db_call(_story_is_public, int(story)):
        channels.add(story_channel(int(story)))
    headers = STREAM_HEADERS + _security_headers()
    if secure and (hsts := _hsts()):
        headers.append((b"strict-transport-security", hsts))
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await reader_stream(
        channels=frozenset(channels), last_event_id=_last_event_id(scope, query), send=send, receive=receive
    )
