"""Django's WSGI handler, called from the ASGI server on a fixed pool of threads.

Django's own ASGI handler starts a new thread for every request and hops
between it and the event loop several times a request; a2wsgi's WSGIMiddleware
waits on the event loop for every message it sends. Here a request costs one
hop: the body is read on the event loop (spooled to disk past
FILE_UPLOAD_MAX_MEMORY_SIZE, as Django's ASGI handler does), Django runs on a
pool thread, and a whole response comes back at once. Streaming responses
(downloads) come back one chunk per hop. See docs/decisions/0008.

Readers' GET and HEAD requests run on a pool of their own, one thread by
default: renders are short and hold the GIL, and one thread takes them in
arrival order where several took turns at the GIL, which spread the waits
(measured, uncached article at 64 connections: p99 52-56 ms with four threads,
44-47 ms with one). The admin, the APIs and every other method run on the
general pool, so a slow editor's request never holds up a reader's page.
And a slow reader's request (a search on a busy database, say) does not hold
up the others either: while every reader thread has been on one request for
longer than OVERFLOW_AFTER (a hundred renders), new readers' requests go to
the general pool.
"""

from __future__ import annotations

import asyncio
import contextvars
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from a2wsgi.wsgi import build_environ

# Paths whose GET requests are not reader pages: they go to the general pool.
NOT_READER_PATHS = ("/admin/", "/api/", "/documents/")

# A reader's render takes about a millisecond; one that has run this long is stuck on something.
OVERFLOW_AFTER = 0.1

# Set in the scope of a request the app makes itself (reader/pagewarm.py renders pages
# ahead of readers): it goes to the general pool and never holds up a reader's.
BACKGROUND = "newsdesk.background"


class WSGIBridge:
    def __init__(
        self, app, *, threads: int, spool_bytes: int, reader_threads: int = 0, overflow_after: float = OVERFLOW_AFTER
    ):
        self.app = app
        self.spool_bytes = spool_bytes
        self.general = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="django")
        self.readers = (
            ThreadPoolExecutor(max_workers=reader_threads, thread_name_prefix="django-reader")
            if reader_threads
            else self.general
        )
        self.reader_threads = reader_threads
        self.overflow_after = overflow_after
        # When each reader thread started the request it is on (thread ident -> monotonic time).
        self.reader_started: dict[int, float] = {}

    def executor_for(self, scope) -> ThreadPoolExecutor:
        if scope.get(BACKGROUND):
            return self.general
        if scope["method"] in ("GET", "HEAD") and not scope["path"].startswith(NOT_READER_PATHS):
            return self.general if self._readers_stuck() else self.readers
        return self.general

    def _readers_stuck(self) -> bool:
        started = list(self.reader_started.values())  # a copy: the reader threads change it
        return (
            self.reader_threads > 0
            and len(started) >= self.reader_threads
            and time.monotonic() - max(started) > self.overflow_after
        )

    async def __call__(self, scope, receive, send):
        assert scope["type"] == "http"
        body = await self._read_body(receive)
        if body is None:
            return  # the client went away before sending its request
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        executor = self.executor_for(scope)
        call = self._call_timed if self.reader_threads and executor is self.readers else self._call
        try:
            status, headers, content, streaming = await loop.run_in_executor(executor, context.run, call, scope, body)
        finally:
            body.close()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if streaming is None:
            await send({"type": "http.response.body", "body": content if scope["method"] != "HEAD" else b""})
            return
        try:
            chunks = iter(streaming)
            while (chunk := await loop.run_in_executor(executor, context.run, next, chunks, None)) is not None:
                if scope["method"] != "HEAD":
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await loop.run_in_executor(executor, context.run, streaming.close)

    async def _read_body(self, receive):
        body = tempfile.SpooledTemporaryFile(max_size=self.spool_bytes, mode="w+b")  # noqa: SIM115 - closed by __call__
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                body.close()
                return None
            body.write(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body.seek(0)
        return body

    def _call_timed(self, scope, body):
        """On a reader thread: _call, noting when it started (see _readers_stuck)."""
        ident = threading.get_ident()
        self.reader_started[ident] = time.monotonic()
        try:
            return self._call(scope, body)
        finally:
            del self.reader_started[ident]

    def _call(self, scope, body):
        """On a pool thread: run Django; a whole response as bytes, or its chunk iterator."""
        started = []

        def start_response(status, response_headers, exc_info=None):
            started[:] = [status, response_headers]
            return _no_write

        response = self.app(build_environ(scope, body), start_response)
        status, response_headers = started
        headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response_headers]
        if getattr(response, "streaming", False):
            return int(status[:3]), headers, None, response
        try:
            content = b"".join(response)
        finally:
            if hasattr(response, "close"):  # optional in WSGI; Django's responses have it
                response.close()
        return int(status[:3]), headers, content, None


def _no_write(data):
    raise NotImplementedError("Django never calls WSGI's write(); nor may anything else here")
