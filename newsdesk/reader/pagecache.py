"""The full-page cache: public pages served from memory, in front of Django.

It is an ASGI layer around Django's application, so a cache hit is answered on
the event loop without entering Django, its middleware or its thread pool.
A page is cached only when Django marked the response public (see
``PublicCacheHeadersMiddleware``) and it sets no cookie; readers with a session
(editors in the admin) always go through to Django. Each page is kept plain and
gzipped, and a reader who takes gzip gets it compressed, on a miss too: nginx in
front keeps that copy as it is (docs/decisions/0013).

Invalidation is by generation. Every change a reader could see (an article
published, edited or unpublished, the breaking banner set or cleared) bumps a
shared generation number; an entry rendered under an older generation is never
served again. Each server process looks at the shared number at most every
``NEWSDESK_PAGE_CACHE_CHECK_SECONDS`` (50 ms), so every process serves the new
page well within a second. The number lives in a file under ``var/`` by default
(shared by the processes of one machine) and in Redis when NEWSDESK_REDIS_URL is
set (shared by every machine).

A bump drops every entry, not only the pages that show the change. Only pages
that are read again are rendered again, and readers who miss on a page while it
is being rendered wait for that render, so under a breaking-news rush that is
one render per hot page per change and process; with page files, the pages
readers asked for first are rendered again as soon as the change lands
(pagewarm.py). Caches in front (nginx, a CDN) get exact purges of the changed
URLs through Wagtail's frontend cache (signal_handlers.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import hashlib
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

BYPASS_PREFIXES = ("/admin", "/api/", "/live/", "/text-size/", "/documents/", "/media/", "/static/")
# Cookies that change what a public page shows; part of the cache key. Any other
# cookie named here as a session marker sends the request to Django.
VARY_COOKIES = ("newsdesk_text_size", "newsdesk_dismissed_alert")
SESSION_COOKIES = ("sessionid",)
MAX_KEY_LENGTH = 2048
NO_COOKIES = ("",) * len(VARY_COOKIES)
# What a cacheable page varies on, as its Vary header says (the cookies above, and compression).
VARY = b"Accept-Encoding, Cookie"
MIN_GZIP_BYTES = 1024
# The page files' folder nginx follows (its $realpath_root, ending in gen-<token>), sent by
# the shipped config with the requests it may keep in its micro-cache.
NGINX_GENERATION = b"x-newsdesk-generation"
# The largest page kept; anything longer (a download, a stream) is passed on and not stored.
MAX_PAGE_BYTES = 4 * 1024 * 1024
# How long a reader who misses waits for the same page's render under way before rendering it too.
COALESCE_SECONDS = 5.0


@dataclass(slots=True)
class Entry:
    generation: int
    expires: float
    stale_until: float
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    gzip_body: bytes | None
    etag: bytes
    # The compressed copy's: a strong ETag differs between content codings (RFC 9110, 8.8.3).
    gzip_etag: bytes
    # The complete header lists of a hit, built once when the page is stored.
    hit_headers: list[tuple[bytes, bytes]] | None = None
    hit_gzip_headers: list[tuple[bytes, bytes]] | None = None


class LRUStore:
    """A bounded in-memory store: least recently used entries go first."""

    def __init__(self, max_entries: int, max_bytes: int):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[tuple, Entry] = OrderedDict()

    def get(self, key) -> Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def set(self, key, entry: Entry) -> None:
        self.delete(key)
        self._entries[key] = entry
        self.bytes += len(entry.body) + len(entry.gzip_body or b"")
        while self._entries and (len(self._entries) > self.max_entries or self.bytes > self.max_bytes):
            _, old = self._entries.popitem(last=False)
            self.bytes -= len(old.body) + len(old.gzip_body or b"")

    def delete(self, key) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body) + len(old.gzip_body or b"")

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0

    def __len__(self):
        return len(self._entries)


class SharedGeneration:
    """What the two kinds of shared generation have in common: token() for the render threads.

    A render thread reads the token once per check interval, not on every render: a
    stat or a Redis round trip gives up the GIL, and taking it back from the event
    loop and granian's threads cost more than the read itself (decision 0015). The
    token is never older than what current() last saw on the event loop, so a page
    is not rendered from older fragments than the generation it is kept under; a
    change this process makes (bump) is seen at once, another process's within the
    interval, as current() sees it."""

    def __init__(self, check_seconds: float):
        self.check_seconds = check_seconds
        self.value = 0
        self.next_check = 0.0
        # token() as last read and until when it holds: (monotonic deadline, token);
        # and a count of the changes this process saw or made, so that a read that
        # raced one of them is not kept.
        self._token = (0.0, "0")
        self._changes = 0
        self._looked_for = ""

    def token(self) -> str:
        """The shared generation as a string, the same in every process: a key part for fragment caches."""
        now = time.monotonic()
        until, known = self._token
        if now < until:
            return known
        changes = self._changes
        read, keep = self._read_token()
        if keep and changes == self._changes:
            self._token = (now + self.check_seconds, read)
        return read

    def _read_token(self) -> tuple[str, bool]:
        """The token as stored now, and whether it may be kept for the interval."""
        raise NotImplementedError

    def look_now_for(self, token: str) -> None:
        """Someone (nginx, by the page files it follows) already knows generation `token`:
        unless this process has seen it, its next current() reads the shared number, not
        the check interval later, so a page nginx keeps under that generation is not this
        process's old one. Asked once per token, so a token that never comes (a stale
        folder, a made-up header) costs one read, not one per request."""
        if token != self._looked_for:
            self._looked_for = token
            if token != self.seen:
                self.next_check = 0.0

    def _changed(self, token: str | None = None, now: float = 0.0) -> None:
        """This process made a change (token unknown), or current() saw one (token read at `now`)."""
        self._changes += 1
        self._token = (0.0, "0") if token is None else (now + self.check_seconds, token)


class FileGeneration(SharedGeneration):
    """The generation number as a small file, shared by the processes of one machine."""

    def __init__(self, path: Path, check_seconds: float):
        super().__init__(check_seconds)
        self.path = Path(path)
        self._signature = None

    def bump(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(str(time.time_ns()))
        os.replace(tmp, self.path)  # atomic: readers see the old or the new file, never half
        self.next_check = 0.0
        self._changed()

    @staticmethod
    def _as_token(signature) -> str:
        return "0" if signature is None else f"{signature[0]}-{signature[1]}"

    def _read(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_mtime_ns, stat.st_size)

    def _read_token(self) -> tuple[str, bool]:
        return self._as_token(self._read()), True

    @property
    def seen(self) -> str:
        """The shared generation as this process last read it, in the form of token()."""
        return self._as_token(self._signature)

    async def current(self) -> int:
        now = time.monotonic()
        if now >= self.next_check:
            self.next_check = now + self.check_seconds
            signature = self._read()
            if signature != self._signature:
                self._signature = signature
                self.value += 1
                self._changed(self._as_token(signature), now)
        return self.value


class RedisGeneration(SharedGeneration):
    """The generation number in Redis, shared by every process on every machine."""

    def __init__(self, url: str, key: str, check_seconds: float):
        super().__init__(check_seconds)
        self.url = url
        self.key = key
        self._seen = None
        self._async_client = None
        self._sync_client = None

    def _sync(self):
        import redis

        if self._sync_client is None:
            self._sync_client = redis.Redis.from_url(self.url, socket_timeout=1, socket_connect_timeout=1)
        return self._sync_client

    def bump(self) -> None:
        self._sync().incr(self.key)
        self.next_check = 0.0
        self._changed()

    def _read_token(self) -> tuple[str, bool]:
        try:
            value = self._sync().get(self.key)
        except Exception as error:  # noqa: BLE001 - Redis down: fragments are simply not reused
            logger.warning("Page cache: cannot read the generation from Redis (%s)", error)
            return f"unavailable-{time.monotonic_ns()}", False
        return (value or b"0").decode(), True

    @property
    def seen(self) -> str:
        """The shared generation as this process last read it, in the form of token()."""
        return (self._seen or b"0").decode()

    async def current(self) -> int:
        now = time.monotonic()
        if now >= self.next_check:
            self.next_check = now + self.check_seconds
            try:
                if self._async_client is None:
                    import redis.asyncio as aioredis

                    self._async_client = aioredis.Redis.from_url(
                        self.url, socket_timeout=0.5, socket_connect_timeout=0.5
                    )
                seen = await self._async_client.get(self.key)
            except Exception as error:  # noqa: BLE001 - Redis down: keep serving what we have
                logger.warning("Page cache: cannot read the generation from Redis (%s)", error)
                self._async_client = None  # reconnect on the next check
                return self.value
            if seen != self._seen:
                self._seen = seen
                self.value += 1
                self._changed(self.seen, now)
        return self.value


def generation_from_settings():
    from django.conf import settings

    check = settings.NEWSDESK_PAGE_CACHE_CHECK_SECONDS
    if settings.NEWSDESK_REDIS_URL:
        return RedisGeneration(settings.NEWSDESK_REDIS_URL, "newsdesk:page-cache-generation", check)
    return FileGeneration(settings.VAR_DIR / "page-cache.generation", check)


_generation = None


def generation_get():
    """This process's view of the shared generation (one instance per process)."""
    global _generation
    if _generation is None:
        _generation = generation_from_settings()
    return _generation


def generation_token() -> str:
    """A string that changes whenever anything readers see changes, for fragment cache keys."""
    return generation_get().token()


def page_cache_invalidate() -> None:
    """Make every cached page stale, in every process. Called on commit of any change readers see."""
    from .pagefiles import page_files_get

    generation = generation_get()
    generation.bump()
    files = page_files_get()
    if files is not None:  # nginx stops sending this machine's page files now, not at the next look
        try:
            files.follow(generation.token())
        except OSError as error:
            logger.warning("Page files: cannot switch to the new generation (%s)", error)


def content_etag(body: bytes) -> str:
    """A page's ETag: a hash of its bytes. SHA-256, which processors with SHA
    extensions (these machines, most x86 and ARM servers) hash in hardware:
    22 us for a 37 KB article where MD5, Django's choice, took 51."""
    digest = hashlib.sha256()
    view = memoryview(body)
    for start in range(0, len(body), _HASH_PIECE):
        digest.update(view[start : start + _HASH_PIECE])
    return '"' + digest.hexdigest()[:32] + '"'


# hashlib gives up the GIL for pieces of 2,048 bytes and more; a render thread then
# waits to take it back from the event loop and granian's threads. Smaller pieces
# keep it: the same hash, without the wait.
_HASH_PIECE = 2047


def _header(scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return value
    return b""


def _cookies(raw: bytes) -> dict[str, str]:
    cookies = {}
    for part in raw.decode("latin-1").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            cookies[name] = value
    return cookies


def _cache_control(headers) -> dict[str, str]:
    for key, value in headers:
        if key.lower() == b"cache-control":
            directives = {}
            for part in value.decode("latin-1").split(","):
                name, _, arg = part.strip().partition("=")
                directives[name.lower()] = arg
            return directives
    return {}


class PageCacheMiddleware:
    """ASGI middleware: answer GET and HEAD for public pages from memory."""

    def __init__(
        self,
        app,
        *,
        store: LRUStore | None = None,
        generation=None,
        enabled: bool = True,
        files=None,
        warm_pages: int = 0,
        warm_seconds: float = 600.0,
        readers_busy=None,
    ):
        self.app = app
        self.store = store or LRUStore(max_entries=5000, max_bytes=256 * 1024 * 1024)
        self._generation = generation
        self.enabled = enabled
        # Where kept pages are also written for nginx (reader/pagefiles.py), or None.
        self.files = files
        # The pages rendered again into a new generation's files as soon as it starts (reader/pagewarm.py).
        self.warmer = None
        if files is not None and warm_pages > 0:
            from .pagewarm import PageWarmer

            self.warmer = PageWarmer(self, files, pages=warm_pages, seconds=warm_seconds, readers_busy=readers_busy)
        self._watcher = None
        # The renders under way, by (key, generation): a reader who misses on the same page waits for it.
        self._rendering: dict[tuple, asyncio.Future] = {}
        self.hits = 0
        self.misses = 0
        self.coalesced = 0

    @property
    def generation(self):
        return self._generation or generation_get()

    def _key(self, scope, host: bytes, cookie: bytes):
        """(host, path, query, cookie values), or None for a request the cache must pass.
        The Host header as sent: two Wagtail sites may have a page at the same path."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return None
        path = scope["path"]
        if path.startswith(BYPASS_PREFIXES):
            return None
        query = scope.get("query_string", b"")
        if len(path) + len(query) > MAX_KEY_LENGTH:
            return None
        if not cookie:
            return (host, path, query, NO_COOKIES)
        cookies = _cookies(cookie)
        if any(name in cookies for name in SESSION_COOKIES):
            return None
        return (host, path, query, tuple(cookies.get(name, "") for name in VARY_COOKIES))

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self._lifespan(receive, send)
        if scope["type"] != "http" or not self.enabled:
            return await self.app(scope, receive, send)
        # One pass over the request headers: this is the hot path of every cache hit.
        host = cookie = if_none_match = accept_encoding = nginx_generation = b""
        for name, value in scope["headers"]:
            if name == b"host":
                host = value
            elif name == b"cookie":
                cookie = value
            elif name == b"if-none-match":
                if_none_match = value
            elif name == b"accept-encoding":
                accept_encoding = value
            elif name == NGINX_GENERATION:
                nginx_generation = value
        key = self._key(scope, host, cookie)
        if key is None:
            return await self.app(scope, receive, send)

        source = self.generation
        if nginx_generation:
            # nginx keys its micro-cache by the page files' folder, which the process that
            # made a change switched at once; this process may not have looked yet.
            source.look_now_for(nginx_generation.rpartition(b"/gen-")[2].decode("latin-1"))
        now = time.monotonic()
        # Between looks at the shared number, no coroutine: this is most of a hit's own cost.
        generation = source.value if now < source.next_check else await source.current()
        entry = self.store.get(key)
        if entry is not None and entry.generation == generation and entry.expires > now:
            self.hits += 1
            if scope["method"] == "GET" and not if_none_match:
                gzip_ok = entry.hit_gzip_headers is not None and b"gzip" in accept_encoding
                headers, body = (
                    (entry.hit_gzip_headers, entry.gzip_body) if gzip_ok else (entry.hit_headers, entry.body)
                )
                await send({"type": "http.response.start", "status": entry.status, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return None
            return await self._send_entry(scope, send, entry, b"HIT")

        self.misses += 1
        flight = (key, generation)
        leader = self._rendering.get(flight)
        if leader is not None:
            # The same page is being rendered for another reader (or the warm-up): one render
            # serves both. If it is not kept (an error, a cookie), this reader's own render follows.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(leader), COALESCE_SECONDS)
            kept = self.store.get(key)
            if kept is not None and kept.generation == generation and kept.expires > time.monotonic():
                self.coalesced += 1
                return await self._send_entry(scope, send, kept, b"HIT")
        elif scope["method"] == "GET":
            self._rendering[flight] = leader = asyncio.get_running_loop().create_future()
            try:
                return await self._render(scope, receive, send, key, generation, entry, now, accept_encoding)
            finally:
                del self._rendering[flight]
                leader.set_result(None)
        return await self._render(scope, receive, send, key, generation, entry, now, accept_encoding)

    async def _render(self, scope, receive, send, key, generation, entry, now, accept_encoding):
        """A miss: Django renders the page, which is kept if it may be, and sent."""
        # A page may come in several body messages (a WSGI bridge sends a last empty one);
        # one too large to keep, such as a long stream, is passed on and not stored.
        captured = {"status": None, "headers": None, "chunks": [], "size": 0, "too_large": False, "held": None}
        # A reader (or nginx, asking for its gzip copy) who takes gzip gets the page the
        # way a hit would send it: held back until it is stored, then sent compressed.
        # Sent as Django made it, nginx would keep the plain page under its gzip key and
        # compress it on every hit until its next refresh, right after each publish.
        hold_for_gzip = scope["method"] == "GET" and b"gzip" in accept_encoding

        async def capture(message):
            if message["type"] == "http.response.start":
                captured["status"] = message["status"]
                captured["headers"] = list(message.get("headers", []))
                if entry is not None and message["status"] >= 500 and entry.stale_until > now:
                    return  # held back: we may answer with the stale page instead
                if hold_for_gzip and message["status"] in (200, 404):
                    captured["held"] = message
                    return
            elif message["type"] == "http.response.body":
                if captured["status"] >= 500 and entry is not None and entry.stale_until > now:
                    captured["chunks"].append(message.get("body", b""))
                    return
                if not captured["too_large"]:
                    body = message.get("body", b"")
                    captured["size"] += len(body)
                    if captured["size"] <= MAX_PAGE_BYTES:
                        captured["chunks"].append(body)
                        if captured["held"] is not None:
                            return
                    else:  # too long to keep: what was held goes out, the rest streams
                        if captured["held"] is not None:
                            held, captured["held"] = captured["held"], None
                            await send(held)
                            message = {**message, "body": b"".join(captured["chunks"]) + body}
                        captured["too_large"], captured["chunks"] = True, []
            await send(message)

        await self.app(scope, receive, capture)

        status = captured["status"]
        if status is not None and status >= 500 and entry is not None and entry.stale_until > now:
            # stale-if-error: the database is down, the last good page is better than an error.
            return await self._send_entry(scope, send, entry, b"STALE")
        stored = None
        body = b"".join(captured["chunks"])
        if status in (200, 404) and not captured["too_large"] and scope["method"] == "GET":
            stored = self._maybe_store(key, generation, status, captured["headers"], body)
            if stored is not None and self.files is not None:
                self._write_file(scope, key, stored)
        if captured["held"] is not None:
            if stored is not None:
                return await self._send_entry(scope, send, stored, b"MISS")
            await send(captured["held"])
            await send({"type": "http.response.body", "body": body})

    def _write_file(self, scope, key, entry: Entry) -> None:
        """Write a page just kept for nginx to send (reader/pagefiles.py)."""
        host, path, query, cookies = key
        if query or entry.generation != self.generation.value:
            return  # a query string; or rendered as the generation changed, so perhaps the old page
        token = self.generation.seen
        try:
            # This process may have seen the generation change before its watcher did,
            # or made the change itself while this page was rendered (then it is not written).
            if not self.files.follow(token):
                return
        except OSError as error:
            logger.warning("Page files: cannot switch to the new generation (%s)", error)
            return
        written = self.files.write(token=token, host_header=host, path=path, cookies=cookies, entry=entry)
        if written is not None and self.warmer is not None:
            self.warmer.asked(key, scope, token, written)

    def _maybe_store(self, key, generation, status, headers, body) -> Entry | None:
        """Keep the page if Django marked it public for shared caches; the entry kept, or None."""
        if any(name.lower() == b"set-cookie" for name, _ in headers):
            return None
        directives = _cache_control(headers)
        if "public" not in directives or "s-maxage" not in directives:
            return None
        try:
            ttl = int(directives["s-maxage"])
            stale = int(directives.get("stale-if-error") or 0)
        except ValueError:
            return None
        kept = [
            (name, value)
            for name, value in headers
            if name.lower() not in (b"content-length", b"etag", b"content-encoding", b"vary", b"x-cache")
        ]
        # Keep Django's ETag, so a browser that got the page uncached revalidates against the cache.
        etag = next((value for name, value in headers if name.lower() == b"etag"), None)
        etag = etag or content_etag(body).encode()
        gzip_body = gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_GZIP_BYTES else None
        gzip_etag = etag[:-1] + b'-gzip"'
        now = time.monotonic()
        hit = [*kept, (b"vary", VARY), (b"x-cache", b"HIT")]
        stored = Entry(
            generation=generation,
            expires=now + ttl,
            stale_until=now + ttl + stale,
            status=status,
            headers=kept,
            body=body,
            gzip_body=gzip_body,
            etag=etag,
            gzip_etag=gzip_etag,
            hit_headers=[*hit, (b"etag", etag), (b"content-length", str(len(body)).encode())],
            hit_gzip_headers=None
            if gzip_body is None
            else [
                *hit,
                (b"etag", gzip_etag),
                (b"content-encoding", b"gzip"),
                (b"content-length", str(len(gzip_body)).encode()),
            ],
        )
        self.store.set(key, stored)
        return stored

    async def _send_entry(self, scope, send, entry: Entry, state: bytes):
        compressed = entry.gzip_body is not None and b"gzip" in _header(scope, b"accept-encoding")
        etag = entry.gzip_etag if compressed else entry.etag
        headers = [*entry.headers, (b"etag", etag), (b"vary", VARY), (b"x-cache", state)]
        if entry.status == 200 and etag in _header(scope, b"if-none-match"):
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        body = entry.body
        if compressed:
            body = entry.gzip_body
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    async def _lifespan(self, receive, send):
        # Django does not speak the lifespan protocol; answer it here so servers start cleanly.
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if self.files is not None and self.enabled:
                    from django.conf import settings

                    self._watcher = asyncio.get_running_loop().create_task(
                        self.files.watch(
                            self.generation,
                            settings.NEWSDESK_PAGE_CACHE_CHECK_SECONDS,
                            on_change=None if self.warmer is None else self.warmer.changed,
                        )
                    )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._watcher is not None:
                    self._watcher.cancel()
                await send({"type": "lifespan.shutdown.complete"})
                return
