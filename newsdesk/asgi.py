"""The ASGI application: the full-page cache in front of Django.

Production: granian --interface asgi --workers N newsdesk.asgi:application
(see README, "Running in production").

Django's own ASGI handler runs the synchronous middleware and views of each
request on a new thread of its own and hops between that thread and the event
loop several times a request; measured here, that doubled the cost of a cheap
view (docs/decisions/0008). So every request but the event streams goes to
Django's WSGI handler on a fixed pool of threads (bridge.py), which keep their
database connections between requests. The event streams, which must hold no
thread, are a plain ASGI application on the event loop (live/stream.py). Cache
hits are answered before any of them, on the event loop.
"""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings.dev")
django_asgi = get_asgi_application()

from django.conf import settings  # noqa: E402  (after Django is set up)

from newsdesk.bridge import WSGIBridge  # noqa: E402
from newsdesk.live.stream import stream  # noqa: E402
from newsdesk.reader.pagecache import PageCacheMiddleware  # noqa: E402
from newsdesk.reader.pagefiles import page_files_get  # noqa: E402
from newsdesk.reader.routing import WSGIHandler  # noqa: E402

django_wsgi = WSGIBridge(
    WSGIHandler(),
    threads=settings.NEWSDESK_THREADS,
    reader_threads=settings.NEWSDESK_READER_THREADS,
    spool_bytes=settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
)

# The event streams: a plain ASGI application on the event loop that holds no
# thread; the fan-out sends to every open stream itself (newsdesk/live/stream.py).
ASYNC_PATHS = ("/live/stream/",)


class FreezeAfterWarmUp:
    """Once the first requests of a process have compiled its templates and
    filled its memos, move everything then alive out of the collector's way.

    The freeze at start-up (below) cannot reach what the first requests load,
    and the collector's full passes walked all of it again about once a second
    under load, 6-11 ms each; after this freeze they are rare and short
    (measured at 64 connections, uncached: passes over 5 ms 14-17 -> 2 per run,
    p99 a few ms lower). Objects frozen here that die later are still freed by
    reference counting; only cycles among them would be kept, once."""

    def __init__(self, requests: int):
        self.left = requests

    def count(self) -> None:
        if self.left > 0:
            self.left -= 1
            if self.left == 0:
                gc.collect()
                gc.freeze()


warm_up = FreezeAfterWarmUp(requests=1_000)


async def django_application(scope, receive, send):
    warm_up.count()
    if scope["type"] == "http" and scope["path"] not in ASYNC_PATHS:
        return await django_wsgi(scope, receive, send)
    if scope["type"] == "http":
        return await stream(scope, receive, send)
    return await django_asgi(scope, receive, send)


application = PageCacheMiddleware(
    django_application,
    enabled=settings.NEWSDESK_PAGE_CACHE,
    files=page_files_get(),
    warm_pages=settings.NEWSDESK_PAGE_WARM_PAGES,
    warm_seconds=settings.NEWSDESK_PAGE_WARM_SECONDS,
    readers_busy=lambda: bool(django_wsgi.reader_started),
)

# Everything loaded so far (Django, Wagtail, the URLconf, templates) lives as
# long as the process: keep it out of the collector's full passes, which would
# otherwise walk all of it. Measured: uncached p99 154-181 ms -> 96-111 ms at
# the same throughput (decision 0008).
gc.collect()
gc.freeze()
